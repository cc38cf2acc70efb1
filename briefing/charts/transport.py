"""The transport diagram: the region at the centre, its links on either side, the places each reaches below it.

data = {
    "centre": str,                     # the region's name
    "links": [{"name": str, "mode": "rail" | "sea" | ..., "detail": [str],  # detail: ["Rail", "Opens 2026"]
               "planned": bool, "year": str | None,                          # year: "2026", on the dashed line
               "reaches": [str, ...]}, ...],
    "legend": [[mode, label], ...],    # the modes drawn, in order
    "planned": str | None,             # the legend's label for dashed lines, when a link is planned
}

Each link is a coloured stop joined to the centre by a curve in its mode's
style (dashed when planned or under construction, with the opening year on the
line); the places it reaches hang below it as the stops of a short line.
Links alternate right and left so the two sides balance.
"""
from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect
from reportlab.lib.colors import HexColor

from briefing.brand import Brand
from briefing.tree import Chart
from briefing.charts.palette import mode_style, tint
from briefing.charts.text import ascent, block_height, draw_line, draw_lines, face, fit, wrap_phrases

DASH = [4.5, 3]
SEP = " · "


def draw(chart: Chart, brand: Brand, lang: str, width: float) -> Drawing:
    """Return the transport diagram of `chart.data` drawn `width` points wide."""
    data = chart.data
    base = brand.base_size
    links = data["links"]
    fonts = {"bold": face(brand, lang, True), "regular": face(brand, lang)}
    rc = min(46.0, max(30.0, width * 0.085))  # the centre's radius
    conn = min(70.0, max(40.0, width * 0.12))  # how far the stops stand from it
    dot = base * 0.8  # a stop's radius
    cx = width / 2
    text_w = width / 2 - rc - conn - dot - base * 0.5
    rows = [_row(link, fonts, base, text_w, dot) for link in links]
    sides = {1: rows[0::2], -1: rows[1::2]}
    gap = base * 1.6
    totals = {s: sum(r["height"] for r in rs) + gap * max(0, len(rs) - 1) for s, rs in sides.items()}
    legend = Group()
    legend_h = _legend(legend, data, brand, lang, fonts["regular"], base, width)
    area = max(totals[1], totals[-1], 2 * rc + base * 2)
    pad = base * 0.9
    height = max(pad + area + base * 1.4 + legend_h + pad, chart.aspect * width)
    cy = height - pad - area / 2
    drawing = Drawing(width, height)
    lines, stops, labels = Group(), Group(), Group()
    for side, side_rows in sides.items():
        top = cy + totals[side] / 2
        x = cx + side * (rc + conn)
        for row in side_rows:
            _draw_row(row, side, x, top, cx, cy, rc, conn, dot, brand, fonts, base, lines, stops, labels)
            top -= row["height"] + gap
    # the centre: a halo, the disc, the region's name
    primary = brand.color("primary")
    centre = Group(Circle(cx, cy, rc + base * 0.55, fillColor=HexColor(tint(primary, 0.85)), strokeColor=None),
                   Circle(cx, cy, rc, fillColor=HexColor(primary), strokeColor=None))
    size, names = fit(data["centre"], fonts["bold"], base * 0.95, rc * 1.55, 3, smallest=0.7)
    block = block_height(len(names), size, size * 1.2)
    draw_lines(centre, cx, cy + block / 2, names, fonts["bold"], size, size * 1.2, "#FFFFFF", "middle")
    legend.translate(0, pad)
    for group in (lines, centre, stops, labels, legend):
        drawing.add(group)
    return drawing


def _row(link: dict, fonts: dict, base: float, text_w: float, dot: float) -> dict:
    """Return a link's text set to `text_w` and the height it needs."""
    name_size, names = fit(link["name"], fonts["bold"], base * 0.86, text_w, 3, smallest=0.8)
    detail_size = base * 0.7
    details = wrap_phrases(link.get("detail") or [], SEP, fonts["regular"], detail_size, text_w)
    height = block_height(len(names), name_size, name_size * 1.25)
    if details:
        height += detail_size * 0.35 + block_height(len(details), detail_size, detail_size * 1.3)
    reach_size = base * 0.76
    reaches = []
    for place in link.get("reaches") or []:
        size, lines = fit(place, fonts["regular"], reach_size, text_w - dot * 0.5, 2, smallest=0.85)
        reaches.append((size, lines))
    step = base * 0.9
    for size, lines in reaches:
        height += step + block_height(len(lines), size, size * 1.25)
    return {"link": link, "names": (name_size, names), "details": (detail_size, details), "reaches": reaches,
            "height": max(height, dot * 2), "step": step}


def _draw_row(row, side, x, top, cx, cy, rc, conn, dot, brand, fonts, base, lines, stops, labels) -> None:
    """Draw one link: the curve from the centre, its stop and icon, its name, and the places it reaches."""
    link = row["link"]
    style = mode_style(brand, link["mode"])
    colour = HexColor(style.colour)
    dash = DASH if link.get("planned") else None
    name_size, names = row["names"]
    y = top - ascent(name_size) + name_size * 0.36  # the stop is level with the name's first line
    # the curve leaves the centre towards the stop and arrives level
    angle = math.atan2(y - cy, x - cx)
    x0, y0 = cx + rc * math.cos(angle), cy + rc * math.sin(angle)
    c1 = (x0 + conn * 0.45 * math.cos(angle), y0 + conn * 0.45 * math.sin(angle))
    c2 = (x - side * conn * 0.5, y)
    end = x - side * dot
    path = Path(strokeColor=colour, strokeWidth=style.width, fillColor=None, strokeDashArray=dash,
                strokeLineCap=0 if dash else 1)
    path.moveTo(x0, y0)
    path.curveTo(c1[0], c1[1], c2[0], c2[1], end, y)
    lines.add(path)
    anchor = "start" if side > 0 else "end"
    tx = x + side * (dot + base * 0.5)
    # the places it reaches: stops on a short line hanging from the link's stop
    detail_size, details = row["details"]
    below = top - block_height(len(names), name_size, name_size * 1.25)
    if details:
        below -= detail_size * 0.35 + block_height(len(details), detail_size, detail_size * 1.3)
    last_y = None
    for size, place in row["reaches"]:
        below -= row["step"]
        sy = below - ascent(size) + size * 0.36
        stops.add(Circle(x, sy, dot * 0.42, fillColor=HexColor("#FFFFFF"), strokeColor=colour,
                         strokeWidth=style.width * 0.75))
        draw_lines(labels, tx, below, place, fonts["regular"], size, size * 1.25, brand.color("foreground"), anchor)
        below -= block_height(len(place), size, size * 1.25)
        last_y = sy
    if last_y is not None:
        lines.add(Line(x, y, x, last_y, strokeColor=colour, strokeWidth=style.width * 0.75,
                       strokeDashArray=dash))
    stops.add(Circle(x, y, dot, fillColor=colour, strokeColor=HexColor("#FFFFFF"), strokeWidth=1.2))
    stops.add(_icon(link["mode"], x, y, dot * 0.62, colour))
    draw_lines(labels, tx, top, names, fonts["bold"], name_size, name_size * 1.25, brand.color("foreground"),
               anchor)
    if details:
        draw_lines(labels, tx, top - block_height(len(names), name_size, name_size * 1.25) - detail_size * 0.35,
                   details, fonts["regular"], detail_size, detail_size * 1.3, brand.color("muted"), anchor)
    if link.get("year"):  # the opening year, on the middle of the line
        t = 0.55
        bx, by = (((1 - t) ** 3) * p0 + 3 * ((1 - t) ** 2) * t * p1 + 3 * (1 - t) * t * t * p2 + t ** 3 * p3
                  for p0, p1, p2, p3 in ((x0, c1[0], c2[0], end), (y0, c1[1], c2[1], y)))
        _badge(labels, link["year"], bx, by, style.colour, fonts["bold"], base * 0.64)


def _badge(group: Group, text: str, x: float, y: float, colour: str, face_, size: float) -> None:
    """Draw `text` in a small rounded box with a white ground, centred on (x, y)."""
    w = face_.width(text, size) + size * 1.0
    h = size * 1.55
    group.add(Rect(x - w / 2, y - h / 2, w, h, rx=h / 2, ry=h / 2, fillColor=HexColor("#FFFFFF"),
                   strokeColor=HexColor(colour), strokeWidth=0.8))
    draw_line(group, x, y - size * 0.36, text, face_, size, colour, "middle")


def _legend(group: Group, data: dict, brand: Brand, lang: str, face_, base: float, width: float) -> float:
    """Draw the legend (a line sample and a label per mode, then the dashed one) centred; return its height."""
    size = base * 0.72
    items = [(mode_style(brand, mode), False, label) for mode, label in data.get("legend") or []]
    if data.get("planned"):
        items.append((mode_style(brand, "road"), True, data["planned"]))
    sample, space, between = base * 2.0, base * 0.45, base * 1.5
    widths = [sample + space + face_.width(label, size) for _, _, label in items]
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and used + between + w > width:
            rows.append([])
            used = 0.0
        used += (between if rows[-1] else 0) + w
        rows[-1].append(i)
    leading = size * 2.0
    height = leading * len(rows)
    for r, row in enumerate(rows):
        total = sum(widths[i] for i in row) + between * (len(row) - 1)
        x = (width - total) / 2
        y = height - (r + 0.5) * leading
        for i in row:
            style, dashed, label = items[i]
            group.add(Line(x, y, x + sample, y, strokeColor=HexColor(style.colour), strokeWidth=style.width,
                           strokeDashArray=DASH if dashed else None, strokeLineCap=0 if dashed else 1))
            draw_line(group, x + sample + space, y - size * 0.36, label, face_, size, brand.color("muted"))
            x += widths[i] + between
    return height


def _icon(mode: str, x: float, y: float, r: float, colour) -> Group:
    """Return a small white pictogram of `mode` filling a circle of radius `r` at (x, y)."""
    white = HexColor("#FFFFFF")
    g = Group()

    def poly(points, **kw):
        g.add(Polygon([v for px, py in points for v in (x + px * r, y + py * r)], fillColor=white, strokeColor=None,
                      **kw))

    if mode == "rail":  # a train seen from the front: body, windscreen, lamps' skirt
        g.add(Rect(x - 0.62 * r, y - 0.6 * r, 1.24 * r, 1.55 * r, rx=0.32 * r, ry=0.32 * r, fillColor=white,
                   strokeColor=None))
        g.add(Rect(x - 0.42 * r, y + 0.2 * r, 0.84 * r, 0.45 * r, rx=0.1 * r, ry=0.1 * r, fillColor=colour,
                   strokeColor=None))
        poly([(-0.5, -0.7), (-0.22, -0.7), (-0.55, -1.05), (-0.8, -1.05)])
        poly([(0.5, -0.7), (0.22, -0.7), (0.55, -1.05), (0.8, -1.05)])
    elif mode == "metro":  # an M
        poly([(-0.8, -0.75), (-0.8, 0.8), (-0.45, 0.8), (0, 0.1), (0.45, 0.8), (0.8, 0.8), (0.8, -0.75),
              (0.5, -0.75), (0.5, 0.3), (0.1, -0.3), (-0.1, -0.3), (-0.5, 0.3), (-0.5, -0.75)])
    elif mode in ("sea", "river"):  # a ship: hull and bridge
        poly([(-1.0, -0.1), (1.0, -0.1), (0.7, -0.75), (-0.7, -0.75)])
        poly([(-0.45, -0.05), (0.35, -0.05), (0.35, 0.55), (-0.45, 0.55)])
        poly([(-0.15, 0.6), (0.05, 0.6), (0.05, 1.0), (-0.15, 1.0)])
    elif mode == "air":  # an aeroplane, nose up and to the right
        plane = [(0, 1.0), (0.14, 0.78), (0.14, 0.25), (1.0, -0.2), (1.0, -0.38), (0.14, -0.12), (0.14, -0.62),
                 (0.4, -0.82), (0.4, -0.95), (0, -0.84), (-0.4, -0.95), (-0.4, -0.82), (-0.14, -0.62),
                 (-0.14, -0.12), (-1.0, -0.38), (-1.0, -0.2), (-0.14, 0.25), (-0.14, 0.78)]
        c, s = math.cos(-math.pi / 4), math.sin(-math.pi / 4)
        poly([(px * c - py * s, px * s + py * c) for px, py in plane])
    else:  # road: a car seen from the front
        g.add(Rect(x - 0.9 * r, y - 0.45 * r, 1.8 * r, 0.7 * r, rx=0.2 * r, ry=0.2 * r, fillColor=white,
                   strokeColor=None))
        poly([(-0.62, 0.2), (0.62, 0.2), (0.45, 0.75), (-0.45, 0.75)])
        g.add(Polygon([x - 0.45 * r, y + 0.25 * r, x + 0.45 * r, y + 0.25 * r, x + 0.34 * r, y + 0.6 * r,
                       x - 0.34 * r, y + 0.6 * r], fillColor=colour, strokeColor=None))
        for side in (-1, 1):
            g.add(Circle(x + side * 0.55 * r, y - 0.12 * r, 0.14 * r, fillColor=colour, strokeColor=None))
            g.add(Rect(x + side * 0.62 * r - 0.17 * r, y - 0.75 * r, 0.34 * r, 0.32 * r, fillColor=white,
                       strokeColor=None))
    return g

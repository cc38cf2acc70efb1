"""The transport diagram: the region at the centre, its links on either side, the places each reaches below it.

data = {
    "centre": str,                     # the region's name
    "links": [{"name": str, "mode": "rail" | "sea" | ..., "detail": [str],  # detail: ["Rail", "Opens 2026"]
               "planned": bool, "year": str | None,                          # year: "2026", on the dashed line
               "reaches": [str, ...]}, ...],
    "legend": [[mode, label], ...],    # the modes' names (a link's "mode_label" says it too)
    "planned": str | None,             # what a dashed line means ("Not yet open"), when a link is planned
}

Each link is a coloured stop joined to the centre by a curve in its mode's
style (dashed when planned or under construction, with the opening year on the
line); the places it reaches hang below it as the stops of a short line.
Links alternate right and left so the two sides balance.

The legend is made from the links drawn, not from a list: an entry per mode
and state drawn ("Rail · Not yet open", dashed in rail's colour), styled as
the lines are. Every line ends at a place the data names (a link or a place it
reaches); nothing is added. In the bilingual edition (`chart.translation`) every
label is set in both languages, the second under the first, at the same size.
"""
from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, Rect
from reportlab.lib.colors import HexColor

from briefing.brand import Brand
from briefing.tree import Chart
from briefing.charts.palette import mode_style, tint
from briefing.charts.text import ascent, balanced, block_height, draw_line, face, fit, wrap_phrases

DASH = [4.5, 3]
SEP = " · "


def draw(chart: Chart, brand: Brand, lang: str, width: float) -> Drawing:
    """Return the transport diagram of `chart.data` drawn `width` points wide."""
    data = chart.data
    base = brand.base_size
    second = chart.translation
    lang2 = (second.lang or ("en" if lang == "zh" else "zh")) if second else None
    data2 = second.data if second else None
    links = [dict(link, _second=(data2["links"][i] if data2 and i < len(data2["links"]) else None))
             for i, link in enumerate(data["links"])]
    fonts = {"bold": face(brand, lang, True), "regular": face(brand, lang),
             "bold2": face(brand, lang2 or lang, True), "regular2": face(brand, lang2 or lang)}
    rc = min(46.0, max(30.0, width * 0.085))  # the centre's radius
    conn = min(70.0, max(40.0, width * 0.12))  # how far the stops stand from it
    dot = base * 0.8  # a stop's radius
    cx = width / 2
    text_w = width / 2 - rc - conn - dot - base * 0.5
    rows = [_row(link, fonts, base, text_w, dot) for link in links]
    sides = {1: rows[0::2], -1: rows[1::2]}
    if not sides[-1]:  # one link: the centre and its link, centred together rather than a half left empty
        widest = max(f.width(line, size) for r in rows for size, lines in (r["names"], r["details"])
                     for line, f in lines)
        right = rc + conn + dot + base * 0.5 + min(text_w, widest)
        cx = width / 2 - (right - rc - base * 0.55) / 2
    gap = base * 1.6
    totals = {s: sum(r["height"] for r in rs) + gap * max(0, len(rs) - 1) for s, rs in sides.items()}
    legend = Group()
    legend_h = _legend(legend, links, data, data2, brand, fonts, base, width)
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
    centre2 = data2["centre"] if data2 and data2["centre"] != data["centre"] else None
    size, names = _centre_lines(data["centre"], centre2, fonts, base, rc)
    block = block_height(len(names), size, size * 1.2)
    _draw_mixed(centre, cx, cy + block / 2, names, size, size * 1.2, "#FFFFFF", "middle")
    legend.translate(0, pad)
    for group in (lines, centre, stops, labels, legend):
        drawing.add(group)
    return drawing


def _pair(first: list[str], second: list[str], face1, face2) -> list[tuple[str, object]]:
    """Return lines of the first language then the second's, each with its face."""
    return [(line, face1) for line in first] + [(line, face2) for line in second]


def _differs(link: dict, key: str):
    """Return the second language's value of `key` when it differs from the first's, else None."""
    other = link.get("_second")
    value = other.get(key) if other else None
    return value if value and value != link.get(key) else None


def _row(link: dict, fonts: dict, base: float, text_w: float, dot: float) -> dict:
    """Return a link's text set to `text_w` (each label in one language or two) and the height it needs."""
    name_size, names = fit(link["name"], fonts["bold"], base * 0.86, text_w, 3, smallest=0.8)
    name2 = _differs(link, "name")
    names2 = fit(name2, fonts["regular2"], name_size, text_w, 3, smallest=1.0)[1] if name2 else []
    names = _pair(names, names2, fonts["bold"], fonts["regular2"])
    detail_size = base * 0.7
    details = wrap_phrases(link.get("detail") or [], SEP, fonts["regular"], detail_size, text_w)
    detail2 = _differs(link, "detail")
    details2 = wrap_phrases(detail2, SEP, fonts["regular2"], detail_size, text_w) if detail2 else []
    details = _pair(details, details2, fonts["regular"], fonts["regular2"])
    height = block_height(len(names), name_size, name_size * 1.25)
    if details:
        height += detail_size * 0.35 + block_height(len(details), detail_size, detail_size * 1.3)
    reach_size = base * 0.76
    reaches = []
    places2 = (link.get("_second") or {}).get("reaches") or []
    for k, place in enumerate(link.get("reaches") or []):
        size, lines = fit(place, fonts["regular"], reach_size, text_w - dot * 0.5, 2, smallest=0.85)
        other = places2[k] if k < len(places2) and places2[k] != place else None
        lines2 = fit(other, fonts["regular2"], size, text_w - dot * 0.5, 2, smallest=1.0)[1] if other else []
        reaches.append((size, _pair(lines, lines2, fonts["regular"], fonts["regular2"])))
    step = base * 0.9
    for size, lines in reaches:
        height += step + block_height(len(lines), size, size * 1.25)
    return {"link": link, "names": (name_size, names), "details": (detail_size, details), "reaches": reaches,
            "height": max(height, dot * 2), "step": step}


def _draw_mixed(group: Group, x: float, top: float, lines: list[tuple[str, object]], size: float, leading: float,
                colour: str, anchor: str = "start") -> float:
    """Draw lines each in its own face from `top` down, as draw_lines does; return the block's height."""
    for i, (line, face_) in enumerate(lines):
        draw_line(group, x, top - ascent(size) - i * leading, line, face_, size, colour, anchor)
    return block_height(len(lines), size, leading)


def _centre_lines(first: str, second: str | None, fonts: dict, base: float, rc: float):
    """Return the size and lines of the region's name in the centre disc (both languages when there are two)."""
    if not second:
        size, names = fit(first, fonts["bold"], base * 0.95, rc * 1.55, 3, smallest=0.7)
        return size, [(line, fonts["bold"]) for line in names]
    scale = 0.95
    while True:
        size = base * scale
        names = _pair(balanced(first, fonts["bold"], size, rc * 1.5), balanced(second, fonts["regular2"], size, rc * 1.5),
                      fonts["bold"], fonts["regular2"])
        if block_height(len(names), size, size * 1.2) <= rc * 1.55 or scale <= 0.5:
            return size, names
        scale -= 0.05


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
        _draw_mixed(labels, tx, below, place, size, size * 1.25, brand.color("foreground"), anchor)
        below -= block_height(len(place), size, size * 1.25)
        last_y = sy
    if last_y is not None:
        lines.add(Line(x, y, x, last_y, strokeColor=colour, strokeWidth=style.width * 0.75,
                       strokeDashArray=dash))
    stops.add(Circle(x, y, dot, fillColor=colour, strokeColor=HexColor("#FFFFFF"), strokeWidth=1.2))
    stops.add(_icon(link["mode"], x, y, dot * 0.62, colour))
    _draw_mixed(labels, tx, top, names, name_size, name_size * 1.25, brand.color("foreground"), anchor)
    if details:
        _draw_mixed(labels, tx, top - block_height(len(names), name_size, name_size * 1.25) - detail_size * 0.35,
                    details, detail_size, detail_size * 1.3, brand.color("muted"), anchor)
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


def legend_entries(links: list[dict], data: dict) -> list[tuple[str, bool, str]]:
    """Return the legend as drawn: (mode, dashed, label) for each mode and state the links are drawn in."""
    names = dict(data.get("legend") or [])
    out: list[tuple[str, bool, str]] = []
    for link in links:
        dashed = bool(link.get("planned"))
        if any(m == link["mode"] and d == dashed for m, d, _ in out):
            continue
        label = link.get("mode_label") or names.get(link["mode"]) or link["mode"].title()
        if dashed and data.get("planned"):
            label += SEP + data["planned"]
        out.append((link["mode"], dashed, label))
    first = {}
    for i, (mode, _, _) in enumerate(out):
        first.setdefault(mode, i)
    return sorted(out, key=lambda e: (first[e[0]], e[1]))  # a mode's entries together, its solid line first


def _legend(group: Group, links: list[dict], data: dict, data2: dict | None, brand: Brand, fonts: dict,
            base: float, width: float) -> float:
    """Draw the legend (a line sample per mode and state, styled as drawn, and its label) centred; return its height."""
    size = base * 0.72
    entries = legend_entries(links, data)
    seconds = {(m, d): label for m, d, label in legend_entries([link["_second"] for link in links], data2)
               } if data2 and all(link.get("_second") for link in links) else {}
    items = []
    for mode, dashed, label in entries:
        other = seconds.get((mode, dashed))
        lines = [(label, fonts["regular"])] + ([(other, fonts["regular2"])] if other and other != label else [])
        items.append((mode_style(brand, mode), dashed, lines))
    sample, space, between = base * 2.0, base * 0.45, base * 1.5
    widths = [sample + space + max(f.width(text, size) for text, f in lines) for _, _, lines in items]
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and used + between + w > width:
            rows.append([])
            used = 0.0
        used += (between if rows[-1] else 0) + w
        rows[-1].append(i)
    per = max((len(lines) for _, _, lines in items), default=1)  # lines per entry: one language or two
    leading = size * (2.0 if per == 1 else 1.3 * per + 0.9)
    height = leading * len(rows)
    for r, row in enumerate(rows):
        total = sum(widths[i] for i in row) + between * (len(row) - 1)
        x = (width - total) / 2
        y = height - (r + 0.5) * leading
        for i in row:
            style, dashed, lines = items[i]
            group.add(Line(x, y, x + sample, y, strokeColor=HexColor(style.colour), strokeWidth=style.width,
                           strokeDashArray=DASH if dashed else None, strokeLineCap=0 if dashed else 1))
            first = y - size * 0.36 + (len(lines) - 1) * size * 1.3 / 2
            for k, (text, f) in enumerate(lines):
                draw_line(group, x + sample + space, first - k * size * 1.3, text, f, size, brand.color("muted"))
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

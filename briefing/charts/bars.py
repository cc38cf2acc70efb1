"""The industries chart: a panel per measure, one horizontal bar per cluster, against 100% or the largest figure.

data = {"panels": [{
    "title": str,                    # what the panel shows and for when: "Share of Hangzhou's car output, 2023"
    "measure": str,                  # the measure alone (its figures' label), for readers of the data
    "scale": "share" | "absolute",   # share: bars against a 100% track with gridlines
    "rows": [{"name": str, "note": str | None, "value": float | None, "text": str,
              "qualifier": str | None, "featured": bool}, ...],
    "ticks": [str, ...],             # share only: labels of 0%, 25%, ... 100%, each with its unit
}, ...]}

A data dict without "panels" is one panel without a title. Each panel has its
own title and axis, so two measures never share one scale. In the bilingual
edition (`chart.translation`, the same chart in the second language) titles,
names and figures are set in both languages, a text that is the same in both once.
A row without a number (a text figure) never gets a bar.
"""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect
from reportlab.lib.colors import HexColor

from briefing.brand import Brand
from briefing.tree import Chart
from briefing.charts.text import ascent, balanced, block_height, draw_line, draw_lines, face, fit, wrap


def panels(data: dict) -> list[dict]:
    """Return the panels of a bar chart's data (an old-style dict is one panel without a title)."""
    return list(data["panels"]) if "panels" in data else [data]


def draw(chart: Chart, brand: Brand, lang: str, width: float) -> Drawing:
    """Return the bar chart of `chart.data` drawn `width` points wide, its panels one under the other."""
    firsts = panels(chart.data)
    if not firsts or not all(p.get("rows") for p in firsts):
        raise ValueError("a bar chart needs at least one row in each panel")
    second = chart.translation
    lang2 = (second.lang or ("en" if lang == "zh" else "zh")) if second else None
    seconds = panels(second.data) if second else [None] * len(firsts)
    gap = brand.base_size * 1.8
    # every panel on the same geometry, so that their axes line up: the widest label and figure of any
    widths = [_panel(p, q, brand, lang, lang2, width, measure=True) for p, q in zip(firsts, seconds)]
    shared = (max(w[0] for w in widths), max(w[1] for w in widths))
    built = [_panel(p, q, brand, lang, lang2, width, shared) for p, q in zip(firsts, seconds)]
    height = sum(h for _, h in built) + gap * (len(built) - 1)
    extra = max(0.0, chart.aspect * width - height)
    drawing = Drawing(width, height + extra)
    top = height + extra
    for group, h in built:
        group.translate(0, top - h)
        drawing.add(group)
        top -= h + gap
    return drawing


def _pair(first: str | None, second: str | None) -> list[str]:
    """Return a text in one language or two: the second only when it says something the first does not."""
    out = [first] if first else []
    if second and second != first:
        out.append(second)
    return out


def _panel(data: dict, data2: dict | None, brand: Brand, lang: str, lang2: str | None, width: float,
           shared: tuple[float, float] | None = None, measure: bool = False):
    """Return one panel drawn in a group (origin at its bottom left) and its height.

    With `measure`, return only the widths its labels and figures ask for; `shared` gives the widths to use.
    """
    rows = data["rows"]
    rows2 = (data2 or {}).get("rows") or [None] * len(rows)
    share = data.get("scale") == "share"
    base = brand.base_size
    name_face, note_face, value_face = face(brand, lang, True), face(brand, lang), face(brand, lang, True)
    name2_face = face(brand, lang2) if lang2 else note_face
    value2_face = face(brand, lang2, True) if lang2 else value_face
    title_faces = (face(brand, lang, True), face(brand, lang2) if lang2 else None)
    name_size, note_size, value_size = base * 0.86, base * 0.72, base * 1.05
    note_lead = note_size * 1.35
    tick_size = base * 0.68
    title_size = base * 0.92
    fg, muted = brand.color("foreground"), brand.color("muted")

    def values(r, r2):
        return [(t, value_face if k == 0 else value2_face) for k, t in enumerate(_pair(r["text"], (r2 or {}).get("text")))]

    value_w = max(f.width(t, value_size) for r, r2 in zip(rows, rows2) for t, f in values(r, r2))
    value_w = min(value_w, width * 0.24)
    # the labels take what their longest line needs, between a fifth and a third of the width
    natural = max(max(name_face.width(r["name"], name_size), note_face.width(r.get("note") or "", note_size),
                      name2_face.width((r2 or {}).get("name") or "", name_size))
                  for r, r2 in zip(rows, rows2))
    label_w = min(width * 0.34, max(width * 0.2, natural + 1))
    if measure:
        return label_w, value_w
    if shared:
        label_w, value_w = shared
    gap = base * 1.1
    track_x = label_w + gap
    track_w = width - track_x - gap - value_w
    bar_h = base * 0.8

    # the title: what is shown and for when, in each language
    titles = []
    for k, text in enumerate(_pair(data.get("title"), (data2 or {}).get("title"))):
        f = title_faces[k] or title_faces[0]
        titles.append((f, balanced(text, f, title_size, width), k))
    title_h = sum(block_height(len(lines), title_size, title_size * 1.3) for _, lines, _ in titles)
    title_h += title_size * 0.3 * max(0, len(titles) - 1) + (base * 0.9 if titles else 0)

    # lay out each row's label block first: its height decides the row's
    blocks = []
    for r, r2 in zip(rows, rows2):
        nsize, names = fit(r["name"], name_face, name_size, label_w, 2)
        names2 = []
        if r2 and r2.get("name") and r2["name"] != r["name"]:
            names2 = fit(r2["name"], name2_face, nsize, label_w, 2)[1]
        notes = wrap(r["note"], note_face, note_size, label_w) if r.get("note") else []
        h = block_height(len(names) + len(names2), nsize, nsize * 1.3)
        if notes:
            h += note_size * 0.35 + block_height(len(notes), note_size, note_lead)
        vlines, vsize = [], value_size
        for text, f in values(r, r2):
            size, lines = fit(text, f, value_size, value_w, 2, smallest=0.7)
            vsize = min(vsize, size)
            vlines += [(line, f) for line in lines]
        h = max(h, bar_h, block_height(len(vlines), vsize, vsize * 1.15))
        blocks.append((nsize, names, names2, notes, vsize, vlines, h))
    row_gap = base * (1.2 if len(rows) <= 6 else 0.8)
    axis_h = tick_size * 2.2 if share else 0
    rise = max(0.0, (value_size - blocks[0][0]) * 0.44)  # the first row's figure, set larger than its name
    height = title_h + sum(b[-1] for b in blocks) + row_gap * (len(rows) - 1) + axis_h + base * 0.6 + rise
    panel = Group()
    grid, bars, labels = Group(), Group(), Group()

    top = height - base * 0.3
    for f, lines, k in titles:
        top -= draw_lines(labels, 0, top, lines, f, title_size, title_size * 1.3, fg if k == 0 else muted)
        top -= title_size * 0.3
    if titles:
        top -= base * 0.9 - title_size * 0.3
    rows_top = top
    top -= rise
    numeric = [r["value"] for r in rows if r.get("value") is not None]  # a row without a number gets no bar
    maximum = 100.0 if share else max(numeric, default=0) or 1.0
    primary, accent = brand.color("primary"), brand.color("accent")
    for r, (nsize, names, names2, notes, vsize, vlines, h) in zip(rows, blocks):
        draw_lines(labels, 0, top, names, name_face, nsize, nsize * 1.3, fg)
        y = top - block_height(len(names), nsize, nsize * 1.3)
        if names2:  # the second language's name continues at the same leading
            y = top - len(names) * nsize * 1.3
            y -= draw_lines(labels, 0, y, names2, name2_face, nsize, nsize * 1.3, muted)
        if notes:
            draw_lines(labels, 0, y - note_size * 0.35, notes, note_face, note_size, note_lead, muted)
        mid = top - ascent(nsize) + nsize * 0.36  # the bar sits level with the cluster's name
        colour = accent if r.get("featured") else primary
        if share and r.get("value") is not None:
            bars.add(_bar(track_x, mid, track_w, bar_h, brand.color("light")))
        value = max(0.0, min(r["value"], maximum)) if r.get("value") is not None else 0.0
        length = max(bar_h, track_w * value / maximum) if value > 0 else 0
        if length:
            bars.add(_bar(track_x, mid, length, bar_h, colour))
        if r.get("qualifier") == "over" and length and length < track_w - bar_h:
            x, s = track_x + length + bar_h * 0.3, bar_h * 0.3  # "more than": a chevron beyond the bar's end
            bars.add(Polygon([x, mid + s, x + s, mid, x, mid - s], fillColor=HexColor(colour), strokeColor=None))
        for i, (line, f) in enumerate(vlines):
            draw_line(labels, width, mid - vsize * 0.36 - i * vsize * 1.15, line, f, vsize, colour, "end")
        top -= h + row_gap
    rule = HexColor(brand.color("rule"))
    if not share:  # the bars' common origin
        grid.add(Line(track_x, base * 0.2, track_x, rows_top + base * 0.1, strokeColor=rule, strokeWidth=0.8))
    if share:
        ticks = data.get("ticks") or []
        bottom = base * 0.3 + axis_h
        widest = max((note_face.width(t, tick_size) for t in ticks), default=0)
        every = 1  # on a narrow chart, every other tick: 0, 50%, 100%
        while every < len(ticks) - 1 and track_w * every / max(1, len(ticks) - 1) < widest + tick_size:
            every *= 2
        for i, label in enumerate(ticks):
            if i % every and i != len(ticks) - 1:
                continue
            x = track_x + track_w * i / max(1, len(ticks) - 1)
            grid.add(Line(x, bottom - tick_size * 0.3, x, rows_top + base * 0.1, strokeColor=rule, strokeWidth=0.5,
                          strokeDashArray=[1, 2] if 0 < i < len(ticks) - 1 else None))
            anchor = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
            draw_line(labels, x, bottom - tick_size * 1.5, label, note_face, tick_size, muted, anchor)
    panel.add(grid)
    panel.add(bars)
    panel.add(labels)
    return panel, height


def _bar(x: float, mid: float, length: float, height: float, colour: str) -> Rect:
    """Return a bar with round ends, centred on `mid`."""
    return Rect(x, mid - height / 2, length, height, rx=height / 2, ry=height / 2, fillColor=HexColor(colour),
                strokeColor=None)

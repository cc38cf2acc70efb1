"""The industries chart: one horizontal bar per cluster, against 100% for shares or against the largest figure.

data = {
    "scale": "share" | "absolute",   # share: bars against a 100% track with gridlines
    "rows": [{"name": str, "note": str | None, "value": float | None, "text": str,
              "qualifier": str | None, "featured": bool}, ...],
    "ticks": [str, ...],             # share only: labels of 0%, 25%, ... 100%
}
"""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect
from reportlab.lib.colors import HexColor

from briefing.brand import Brand
from briefing.tree import Chart
from briefing.charts.text import ascent, block_height, draw_line, draw_lines, face, fit, wrap


def draw(chart: Chart, brand: Brand, lang: str, width: float) -> Drawing:
    """Return the bar chart of `chart.data` drawn `width` points wide."""
    data = chart.data
    rows = data["rows"]
    if not rows:
        raise ValueError("a bar chart needs at least one row")
    share = data.get("scale") == "share"
    base = brand.base_size
    name_face, note_face, value_face = face(brand, lang, True), face(brand, lang), face(brand, lang, True)
    name_size, note_size, value_size = base * 0.86, base * 0.72, base * 1.05
    note_lead = note_size * 1.35
    tick_size = base * 0.68
    fg, muted = brand.color("foreground"), brand.color("muted")

    value_w = max(value_face.width(r["text"], value_size) for r in rows)
    value_w = min(value_w, width * 0.24)
    # the labels take what their longest line needs, between a fifth and a third of the width
    natural = max(max(name_face.width(r["name"], name_size), note_face.width(r.get("note") or "", note_size))
                  for r in rows)
    label_w = min(width * 0.34, max(width * 0.2, natural + 1))
    gap = base * 1.1
    track_x = label_w + gap
    track_w = width - track_x - gap - value_w
    bar_h = base * 0.8

    # lay out each row's label block first: its height decides the row's
    blocks = []
    for r in rows:
        nsize, names = fit(r["name"], name_face, name_size, label_w, 2)
        notes = wrap(r["note"], note_face, note_size, label_w) if r.get("note") else []
        h = block_height(len(names), nsize, nsize * 1.3)
        if notes:
            h += note_size * 0.35 + block_height(len(notes), note_size, note_lead)
        vsize, vlines = fit(r["text"], value_face, value_size, value_w, 2, smallest=0.7)
        h = max(h, bar_h, block_height(len(vlines), vsize, vsize * 1.15))
        blocks.append((nsize, names, notes, vsize, vlines, h))
    row_gap = base * (1.2 if len(rows) <= 6 else 0.8)
    axis_h = tick_size * 2.2 if share else 0
    height = sum(b[-1] for b in blocks) + row_gap * (len(rows) - 1) + axis_h + base * 0.6
    height += max(0.0, (value_size - blocks[0][0]) * 0.44)
    height = max(height, chart.aspect * width)
    drawing = Drawing(width, height)
    grid, bars, labels = Group(), Group(), Group()

    # the first row's figure, set larger than its name, must not rise out of the picture
    first = blocks[0][0]
    top = height - base * 0.3 - max(0.0, (value_size - first) * 0.44)
    numeric = [r["value"] for r in rows if r.get("value") is not None]  # a row without a number gets no bar
    maximum = 100.0 if share else max(numeric, default=0) or 1.0
    primary, accent = brand.color("primary"), brand.color("accent")
    for r, (nsize, names, notes, vsize, vlines, h) in zip(rows, blocks):
        draw_lines(labels, 0, top, names, name_face, nsize, nsize * 1.3, fg)
        if notes:
            y = top - block_height(len(names), nsize, nsize * 1.3) - note_size * 0.35
            draw_lines(labels, 0, y, notes, note_face, note_size, note_lead, muted)
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
        for i, line in enumerate(vlines):
            draw_line(labels, width, mid - vsize * 0.36 - i * vsize * 1.15, line, value_face, vsize, colour, "end")
        top -= h + row_gap
    rule = HexColor(brand.color("rule"))
    if not share:  # the bars' common origin
        grid.add(Line(track_x, base * 0.2, track_x, height - base * 0.2, strokeColor=rule, strokeWidth=0.8))
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
            grid.add(Line(x, bottom - tick_size * 0.3, x, height - base * 0.3, strokeColor=rule, strokeWidth=0.5,
                          strokeDashArray=[1, 2] if 0 < i < len(ticks) - 1 else None))
            anchor = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
            draw_line(labels, x, bottom - tick_size * 1.5, label, note_face, tick_size, muted, anchor)
    drawing.add(grid)
    drawing.add(bars)
    drawing.add(labels)
    return drawing


def _bar(x: float, mid: float, length: float, height: float, colour: str) -> Rect:
    """Return a bar with round ends, centred on `mid`."""
    return Rect(x, mid - height / 2, length, height, rx=height / 2, ry=height / 2, fillColor=HexColor(colour),
                strokeColor=None)

"""Pictures drawn from the data, once for both renderers: vector in the PDF, raster in Word.

`draw(chart, brand, lang, width)` returns a ReportLab Drawing (a flowable the PDF
renderer places as it is); `png(...)` the same drawing rasterised for Word. The
chart's data is already in the document's language; colours and faces come
from the brand, so both formats show the same fonts, colours and numbers.
"""
from __future__ import annotations

import json

from reportlab.graphics.shapes import Drawing

from briefing import fonts
from briefing.brand import Brand
from briefing.tree import Chart
from briefing.charts import bars, qr, transport
from briefing.charts.raster import DPI, rasterize

DRAWERS = {"bars": bars.draw, "transport": transport.draw, "qr": qr.draw}

__all__ = ["DPI", "DRAWERS", "align", "draw", "png", "rasterize"]


def draw(chart: Chart, brand: Brand, lang: str, width: float) -> Drawing:
    """Return `chart` drawn for `brand` in `lang`, `width` points wide (a QR code is narrower)."""
    key = _key(chart, brand, lang, width)
    drawing = _DRAWINGS.get(key)
    if drawing is None:
        if chart.kind not in DRAWERS:
            raise ValueError(f"unknown chart kind {chart.kind!r}; known: {', '.join(DRAWERS)}")
        drawing = DRAWERS[chart.kind](chart, brand, lang, width)
        drawing.hAlign = align(chart).upper()
        # ReportLab's renderer sets its default font (Helvetica) when it starts a drawing;
        # start it in our own face so no unembedded standard font enters the PDF
        drawing.initialFontName = fonts.register(brand.font_stack("sans", lang)[0])
        _remember(_DRAWINGS, key, drawing)
    return drawing


def align(chart: Chart) -> str:
    """Return how a chart stands on the line: "left" (a QR code, in line with the text) or "center"."""
    return "left" if chart.kind == "qr" else "center"


def png(chart: Chart, brand: Brand, lang: str, width: float, dpi: int = DPI) -> tuple[bytes, float, float]:
    """Return `chart` as PNG bytes at `dpi` and the drawing's width and height in points."""
    key = _key(chart, brand, lang, width) + f"@{dpi}"
    got = _PNGS.get(key)
    if got is None:
        drawing = draw(chart, brand, lang, width)
        got = (rasterize(drawing, dpi), drawing.width, drawing.height)
        _remember(_PNGS, key, got)
    return got


_DRAWINGS: dict[str, Drawing] = {}
_PNGS: dict[str, tuple[bytes, float, float]] = {}


def _remember(cache: dict, key: str, value) -> None:
    if len(cache) >= 32:  # a build draws a handful; keep the cache from growing in long runs
        cache.pop(next(iter(cache)))
    cache[key] = value


def _key(chart: Chart, brand: Brand, lang: str, width: float) -> str:
    """Return what a drawing depends on, as a string (a chart holds a dict and a brand is mutable)."""
    look = [brand.colors, brand.fonts, brand.base_size]
    second = [chart.translation.data, chart.translation.lang] if chart.translation else None
    return json.dumps([chart.kind, chart.data, second, chart.aspect, look, lang, round(width, 3)], sort_keys=True,
                      default=str, ensure_ascii=False)

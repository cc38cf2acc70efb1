"""The brand's cover motif, drawn once: three tide rings in the secondary colour over the primary band.

Both covers (front and back) of both formats draw it from here: the PDF draws
the Drawing on the page (clipped to the band), Word places it as a picture
behind the cover's band, so the two formats show the same arcs.
"""
from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Rect
from reportlab.lib.colors import HexColor

from briefing import fonts
from briefing.brand import Brand

RINGS = ((0.42, 14), (0.34, 10), (0.26, 6))  # radius as a share of the page width, stroke width
OPACITY = 0.35


def motif(brand: Brand, width: float, height: float, centre: tuple[float, float], ground: bool = True) -> Drawing:
    """Return the rings as a `width` x `height` drawing, centred at `centre` (points from its lower left).

    `ground` paints the band's primary colour under them (for a picture; the PDF paints its own band).
    """
    drawing = Drawing(width, height)
    # ReportLab starts a drawing in Helvetica: start it in our own face so no unembedded font enters the PDF
    drawing.initialFontName = fonts.register(brand.font_stack("sans", "en")[0])
    if ground:
        drawing.add(Rect(0, 0, width, height, fillColor=HexColor(brand.color("primary")), strokeColor=None))
    page_w = brand.page[0]
    for share, stroke in RINGS:
        drawing.add(Circle(centre[0], centre[1], page_w * share, fillColor=None,
                           strokeColor=HexColor(brand.color("secondary")), strokeWidth=stroke,
                           strokeOpacity=OPACITY))
    return drawing


def png(brand: Brand, width: float, height: float, centre: tuple[float, float]) -> bytes:
    """Return the motif with its ground as a PNG (150 dpi: a background, not a figure).

    Rasterised once for what it depends on: a Word file places it on its front
    and back covers, and each language's file (and a notes page's second pass
    of the writer) places the same pictures.
    """
    from briefing.charts.raster import rasterize

    key = (brand.color("primary"), brand.color("secondary"), brand.page[0], brand.font_stack("sans", "en")[0],
           round(width, 3), round(height, 3), round(centre[0], 3), round(centre[1], 3))
    got = _PNGS.get(key)
    if got is None:
        got = rasterize(motif(brand, width, height, centre), 150)
        if len(_PNGS) >= 8:  # a brand has two; keep a long-lived process from growing
            _PNGS.pop(next(iter(_PNGS)))
        _PNGS[key] = got
    return got


_PNGS: dict[tuple, bytes] = {}

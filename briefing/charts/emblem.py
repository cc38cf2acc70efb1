"""The issuer's emblem as the back cover shows it, drawn once: the brand's logo on a white disc.

The PDF draws it on the back cover's band (render/pdf/furniture.py); Word places
the same drawing, rasterised with a transparent ground, as a picture beside the
issuer's name (render/docx/furniture.py), as both show the cover's motif.
A ReportLab Drawing cannot draw a picture with its transparency (it writes
pictures as inline images, which have none), so the emblem is drawn on a
canvas: the PDF's own, or a one-page PDF that pdfium rasterises.
"""
from __future__ import annotations

import io
import os

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from briefing.brand import Brand

DISC = 52.0  # the disc's diameter, points
LOGO = 40.0  # the logo's side, centred on it
ROOM = 64.0  # from the margin to the issuer's name beside the emblem (which stands 2 points proud of it)
DPI = 300


class Emblem:
    """The brand's logo on a white disc, DISC points square: `draw_on(canvas, x, y)` from its lower left."""

    width = height = DISC

    def __init__(self, brand: Brand):
        if brand.logo is None:
            raise ValueError("the brand has no logo")
        self.logo = str(brand.logo)

    def draw_on(self, canvas, x: float, y: float) -> None:
        canvas.saveState()
        canvas.setFillColor(HexColor("#FFFFFF"))
        canvas.circle(x + DISC / 2, y + DISC / 2, DISC / 2, stroke=0, fill=1)
        canvas.restoreState()
        pad = (DISC - LOGO) / 2
        canvas.drawImage(self.logo, x + pad, y + pad, LOGO, LOGO, mask="auto", preserveAspectRatio=True)


def png(brand: Brand, dpi: int = DPI) -> bytes:
    """Return the emblem as a PNG, transparent round the disc, at `dpi` (recorded in the file).

    Made once a process for each version of the logo file (each language's Word file shows it).
    """
    info = os.stat(brand.logo)
    key = (str(brand.logo), info.st_mtime_ns, info.st_size, info.st_ino, dpi)
    if key not in _PNGS:
        if len(_PNGS) >= 4:
            _PNGS.pop(next(iter(_PNGS)))
        _PNGS[key] = _png(brand, dpi)
    return _PNGS[key]


_PNGS: dict[tuple, bytes] = {}


def _png(brand: Brand, dpi: int) -> bytes:
    from briefing.charts.raster import picture

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(DISC, DISC), pageCompression=0)
    Emblem(brand).draw_on(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return picture(out.getvalue(), dpi, transparent=True)

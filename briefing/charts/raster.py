"""A drawing as a PNG: ReportLab writes it as a one-page PDF, pdfium (pypdfium2) rasterises it.

pypdfium2 ships PDFium in its wheel, so no system package is needed (pycairo,
which ReportLab's own bitmap renderer wants, has no wheels here); and drawing
through the PDF means the picture in Word is the PDF's picture, pixel for pixel.
"""
from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing

DPI = 220


def rasterize(drawing: Drawing, dpi: int = DPI) -> bytes:
    """Return `drawing` as PNG bytes at `dpi` (recorded in the file), on a white ground."""
    import pypdfium2 as pdfium  # imported here: only Word output needs it

    pdf = pdfium.PdfDocument(renderPDF.drawToString(drawing, showBoundary=False))
    try:
        bitmap = pdf[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 255), may_draw_forms=False)
        image = bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), optimize=False, compress_level=6)
    return out.getvalue()

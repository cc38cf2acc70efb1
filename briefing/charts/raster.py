"""A drawing as a PNG: ReportLab writes it as a one-page PDF, pdfium (pypdfium2) rasterises it.

pypdfium2 ships PDFium in its wheel, so no system package is needed (pycairo,
which ReportLab's own bitmap renderer wants, has no wheels here); and drawing
through the PDF means the picture in Word is the PDF's picture, pixel for pixel.

The PNG is written here (`png`): 8-bit RGB, every row unfiltered, deflated.
These are flat pictures (colour fields, lines, text) whose rows compress better
unfiltered than with Pillow's choice of a filter for each row, which took two
thirds of the time of writing a full-page motif.
"""
from __future__ import annotations

import struct
import zlib

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
    return png(image.tobytes(), image.size, dpi)


def png(rgb: bytes, size: tuple[int, int], dpi: int) -> bytes:
    """Return 8-bit RGB pixels (`size` = width, height) as a PNG recording `dpi`, its rows unfiltered, deflated."""
    width, height = size
    stride = width * 3
    if len(rgb) != stride * height:
        raise ValueError(f"{len(rgb)} bytes are not {width} x {height} RGB pixels")
    rows = b"".join(b"\x00" + rgb[at:at + stride] for at in range(0, len(rgb), stride))  # filter type 0: none
    per_metre = int(dpi / 0.0254 + 0.5)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)) + chunk(b"IDAT", zlib.compress(rows, 6))
            + chunk(b"IEND", b""))

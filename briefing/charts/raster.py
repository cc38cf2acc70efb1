"""A drawing as a PNG: ReportLab writes it as a one-page PDF, pdfium (pypdfium2) rasterises it.

pypdfium2 ships PDFium in its wheel, so no system package is needed (pycairo,
which ReportLab's own bitmap renderer wants, has no wheels here); and drawing
through the PDF means the picture in Word is the PDF's picture, pixel for pixel.

A picture depends only on the drawing's PDF (its dates and ID aside), the
resolution, PDFium's build and this module's PNG writer: rasterised once, it is
kept in the user's cache (`$XDG_CACHE_HOME/briefing/pictures/`, by the SHA-256
of those; briefing.fonts.cache's rules: ours, intact, else drawn again), so a
build whose charts did not change does not draw them again.

The PNG is written here (`png`): 8-bit RGB, every row unfiltered, deflated.
These are flat pictures (colour fields, lines, text) whose rows compress better
unfiltered than with Pillow's choice of a filter for each row, which took two
thirds of the time of writing a full-page motif.
"""
from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from functools import lru_cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing

DPI = 220
FORMAT = 1  # of the pictures this module writes: a new PNG writer, a new number
_VOLATILE = re.compile(rb"\(D:[0-9+\-'Z]*\)|/ID\s*\[<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\]")  # dates and ID of the PDF


def rasterize(drawing: Drawing, dpi: int = DPI) -> bytes:
    """Return `drawing` as PNG bytes at `dpi` (recorded in the file), on a white ground."""
    return picture(renderPDF.drawToString(drawing, showBoundary=False), dpi)


def picture(pdf: bytes, dpi: int = DPI, transparent: bool = False) -> bytes:
    """Return the first page of `pdf` as PNG bytes at `dpi`: on white, or `transparent` (RGBA) where nothing is drawn.

    From the user's cache when it holds this picture (see the module), else rasterised and kept there.
    """
    from briefing.fonts.cache import read_entry, write_entry

    key = hashlib.sha256(b"\0".join([_VOLATILE.sub(b"", pdf), str(dpi).encode(), _pdfium_build(),
                                      str(FORMAT).encode(), b"rgba" if transparent else b"rgb"])).hexdigest()
    name = f"{key}.png"
    got = read_entry("pictures", name)
    if got is None:
        got = _render(pdf, dpi, transparent)
        write_entry("pictures", name, got)
    return got


def _render(pdf: bytes, dpi: int, transparent: bool) -> bytes:
    import pypdfium2 as pdfium  # imported here: only Word output needs it

    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 0 if transparent else 255),
                                    may_draw_forms=False)
        image = bitmap.to_pil()
    finally:
        document.close()
    if transparent:  # Pillow's writer, which keeps the alpha channel
        out = io.BytesIO()
        image.convert("RGBA").save(out, "PNG", dpi=(dpi, dpi), compress_level=6)
        return out.getvalue()
    image = image.convert("RGB")
    return png(image.tobytes(), image.size, dpi)


@lru_cache(maxsize=1)
def _pdfium_build() -> bytes:
    """Return what names the PDFium and pypdfium2 that rasterise (their version files), without loading PDFium."""
    import importlib.util

    found = []
    for name in ("pypdfium2", "pypdfium2_raw"):
        spec = importlib.util.find_spec(name)
        folder = Path(spec.origin).parent if spec and spec.origin else None
        try:
            found.append((folder / "version.json").read_bytes() if folder else b"-")
        except OSError:
            found.append(str(folder).encode())
    return b"\0".join(found)


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

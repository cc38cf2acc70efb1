"""A contact sheet: every page of a PDF, small, in rows on one PNG, numbered, so a designer sees the whole at a glance.

pypdfium2 (already a dependency, for the charts in Word) renders the pages;
Pillow tiles them on a light grey ground with each page's number underneath.
Pages are drawn whole (a press PDF shows its crop marks and bleed).
"""
from __future__ import annotations

import math
from pathlib import Path

from briefing.errors import BriefingError, UsageError

THUMB_WIDTH = 180  # pixels across each page
GAP = 24  # pixels between pages and around the sheet
LABEL = 22  # pixels of room under each page for its number
GROUND = (232, 233, 235)
EDGE = (196, 199, 204)
SHADOW = (212, 214, 218)
INK = (88, 96, 106)
MAX_COLUMNS = 6
MAX_PAGES = 200  # pages drawn on one sheet; a longer PDF shows its first MAX_PAGES
MAX_ASPECT = 4  # a page drawn at most this many times taller (or wider) than a normal thumbnail
MAX_PDF_BYTES = 512 * 1024 * 1024


def default_output(pdf: Path) -> Path:
    """Return where the contact sheet of `pdf` goes by default: FILE-preview.png beside it."""
    return pdf.with_name(f"{pdf.stem}-preview.png")


def contact_sheet(pdf: Path, out: Path | None = None, columns: int | None = None) -> tuple[Path, int]:
    """Write the contact sheet of `pdf` (default: FILE-preview.png beside it); return its path and page count.

    `columns` defaults to the page count, at most MAX_COLUMNS. Raises UsageError
    when `pdf` is not a file and BriefingError when it cannot be read as a PDF.
    """
    from briefing.build.atomic import write_atomically

    from briefing.safeio import Unreadable, check_regular, human

    pdf = Path(pdf)
    if not pdf.exists():
        raise UsageError(f"no file {pdf}", hint="give the path of a PDF, such as output/qiantang-zh.pdf")
    try:  # a regular file (not a pipe or device) of a bounded size, checked before pdfium opens it
        size = check_regular(pdf, "a PDF file").st_size
    except Unreadable as exc:
        raise UsageError(f"{pdf} {exc}", hint="give the path of a PDF, such as output/qiantang-zh.pdf") from None
    if size > MAX_PDF_BYTES:
        raise UsageError(f"{pdf} is {human(size)}; previews are made of PDFs up to {human(MAX_PDF_BYTES)}")
    if columns is not None and columns < 1:
        raise UsageError(f"columns must be 1 or more, got {columns}")
    thumbs, total = _thumbnails(pdf)
    sheet = _tile(thumbs, columns or min(len(thumbs), MAX_COLUMNS))
    out = Path(out) if out else default_output(pdf)
    write_atomically(out, lambda tmp: sheet.save(tmp, "PNG", optimize=False, compress_level=6))
    return out, total


def _thumbnails(pdf: Path) -> tuple[list, int]:
    """Return the first MAX_PAGES pages of `pdf` rendered THUMB_WIDTH pixels wide (Pillow images), and its page count."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        raise BriefingError(f"cannot read {pdf} as a PDF ({exc})") from None
    try:
        if len(document) == 0:
            raise BriefingError(f"{pdf} has no pages")
        thumbs = []
        for i in range(min(len(document), MAX_PAGES)):
            page = document[i]
            try:
                width, height = page.get_size()
                if not (width > 0 and height > 0):
                    raise BriefingError(f"page {i + 1} of {pdf} has no size")
                # a hair-thin or very long page is drawn within MAX_ASPECT thumbnails, not millions of pixels
                scale = min(THUMB_WIDTH / width, MAX_ASPECT * THUMB_WIDTH / height)
                bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255), may_draw_forms=False)
                thumbs.append(bitmap.to_pil().convert("RGB"))
            finally:
                page.close()
        return thumbs, len(document)
    except pdfium.PdfiumError as exc:
        raise BriefingError(f"cannot render {pdf} ({exc})") from None
    finally:
        document.close()


def _tile(thumbs: list, columns: int):
    """Return the thumbnails laid out `columns` to a row, numbered from 1, on a grey ground."""
    from PIL import Image, ImageDraw

    columns = max(1, min(columns, len(thumbs)))
    rows = math.ceil(len(thumbs) / columns)
    cell_w = max(t.width for t in thumbs)
    heights = [max(t.height for t in thumbs[r * columns:(r + 1) * columns]) for r in range(rows)]
    width = GAP + columns * (cell_w + GAP)
    height = GAP + sum(h + LABEL + GAP for h in heights)
    sheet = Image.new("RGB", (width, height), GROUND)
    draw = ImageDraw.Draw(sheet)
    font = _font()
    y = GAP
    for r in range(rows):
        for c, thumb in enumerate(thumbs[r * columns:(r + 1) * columns]):
            x = GAP + c * (cell_w + GAP) + (cell_w - thumb.width) // 2
            draw.rectangle((x + 2, y + 2, x + thumb.width + 2, y + thumb.height + 2), fill=SHADOW)
            sheet.paste(thumb, (x, y))
            draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=EDGE)
            number = str(r * columns + c + 1)
            draw.text((x + thumb.width / 2, y + thumb.height + LABEL / 2 + 2), number, fill=INK, font=font,
                      anchor="mm")
        y += heights[r] + LABEL + GAP
    return sheet


def _font():
    """Return the face for page numbers: the package's Noto Sans, else Pillow's own."""
    from PIL import ImageFont

    path = Path(__file__).resolve().parents[1] / "fonts" / "NotoSans-Regular.ttf"
    try:
        return ImageFont.truetype(str(path), 13)
    except OSError:
        return ImageFont.load_default()

"""A rendered PDF as the browser sees it: each page as a PNG at screen resolution, and its text lines.

PDFium (pypdfium2) is not thread-safe, so every call into it holds one process-wide
lock; the images and text of a page are made once, on first request, and kept.
"""
from __future__ import annotations

import io
import threading
from pathlib import Path

import pypdfium2 as pdfium

SCALE = 1.5  # pixels per point: an A4 page is 893 px wide, sharp at the page's on-screen width
_PDFIUM = threading.Lock()


class RenderedPdf:
    """One PDF held in memory (the file may be replaced or deleted), with its pages made on demand."""

    def __init__(self, path: Path):
        data = Path(path).read_bytes()
        self.size = len(data)
        self._cache: dict[tuple[str, int], object] = {}
        self._lock = threading.Lock()
        with _PDFIUM:
            self._doc = pdfium.PdfDocument(data)
            self.sizes = []
            for i in range(len(self._doc)):
                page = self._doc[i]
                self.sizes.append(tuple(round(v, 2) for v in page.get_size()))
                page.close()
        self._data = data  # PDFium reads from this buffer: keep it alive as long as the document

    def __len__(self) -> int:
        return len(self.sizes)

    def png(self, index: int) -> bytes:
        """Return page `index` (0-based) as PNG bytes."""
        return self._made("png", index, self._png)

    def text(self, index: int) -> list[list]:
        """Return page `index`'s text as lines: [x, y, width, height, text], in percent of the page, from the top."""
        return self._made("text", index, self._text)

    def _made(self, kind: str, index: int, make):
        with self._lock:
            if (kind, index) in self._cache:
                return self._cache[(kind, index)]
        with _PDFIUM:
            if self._doc is None:
                raise IndexError("closed")
            page = self._doc[index]
            try:
                value = make(page)
            finally:
                page.close()
        with self._lock:
            self._cache[(kind, index)] = value
        return value

    @staticmethod
    def _png(page) -> bytes:
        image = page.render(scale=SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=1)
        return out.getvalue()

    @staticmethod
    def _text(page) -> list[list]:
        width, height = page.get_size()
        textpage = page.get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range()
        runs: list[list] = []
        run = None
        for i in range(min(count, len(text))):
            ch = text[i]
            if ch in "\r\n":
                run = None
                continue
            left, bottom, right, top = textpage.get_charbox(i)
            middle = (bottom + top) / 2
            if run and abs(middle - run[5]) <= max(run[3] - run[1], 1) / 2 and run[2] - 2 <= left < run[2] + 20:
                run[2], run[1], run[3] = max(run[2], right), min(run[1], bottom), max(run[3], top)
                run[4] += ch
            else:
                run = [left, bottom, right, top, ch, middle]
                runs.append(run)
        textpage.close()
        return [[round(100 * r[0] / width, 2), round(100 * (height - r[3]) / height, 2),
                 round(100 * (r[2] - r[0]) / width, 2), round(100 * (r[3] - r[1]) / height, 2), r[4]]
                for r in runs if r[4].strip()]

    def close(self) -> None:
        with _PDFIUM:
            if self._doc is not None:
                self._doc.close()
                self._doc = None

"""How much of each page a PDF uses, measured from what is drawn, and the pages the brochure's rule excuses.

Each page rendered (pdfium), the lowest non-white row between the header and
footer bands over the height of that band (as /work/shared/tools/page_fill.py
measures it). The rule: no page under MIN_FILL, except the cover, the contents,
notes pages, the back cover and a page that ends just before one of them.
"""
from __future__ import annotations

import pypdfium2 as pdfium

MIN_FILL = 0.40
NOTES = ("笔记", "Notes")
CONTENTS = ("目录", "Contents")


def page_texts(pdf) -> list[str]:
    doc = pdfium.PdfDocument(str(pdf))
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def fills(pdf) -> list[float]:
    """Return how far down each page its drawn content reaches, as a share of the body band (9% to 91%)."""
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    for i in range(len(doc)):
        image = doc[i].render(scale=24 / 72, grayscale=True).to_pil().convert("L")
        w, h = image.size
        top, bottom = int(h * 0.09), int(h * 0.91)
        px = image.load()
        last = top
        for y in range(top, bottom):
            if any(px[x, y] < 200 for x in range(int(w * 0.05), int(w * 0.95))):
                last = y
        out.append((last - top) / (bottom - top))
    return out


def low_pages(pdf) -> list[str]:
    """Return the pages under MIN_FILL the rule does not excuse: not the cover, contents, notes or back cover,
    nor a page that ends just before a full-page element (a notes page or the back cover)."""
    texts, measured = page_texts(pdf), fills(pdf)
    n = len(texts)

    def head(i):
        return "\n".join(texts[i].strip().splitlines()[:4])

    full_page = {n - 1} | {i for i in range(n) if any(t in head(i) for t in NOTES)}
    excused = {0} | full_page | {i for i in range(n) if any(t in head(i) for t in CONTENTS)}
    excused |= {i - 1 for i in full_page}
    return [f"{pdf.name} p{i + 1}: {measured[i]:.0%}" for i in range(n) if i not in excused and measured[i] < MIN_FILL]

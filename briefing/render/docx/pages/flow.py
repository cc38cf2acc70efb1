"""Pagination: a Word body cut into units (lines, table rows) and the units filled into pages.

Owns sections (each one's text area), the units pagination moves with the
space above them and whether a page may end before them (keep with next,
kept together, widows and orphans, table rows and repeated headers), and
filling pages in order. Must not know XML properties or fonts: blocks are
measured by briefing.render.docx.pages.blocks.
"""
from __future__ import annotations

from collections.abc import Iterator

from dataclasses import dataclass, field

from briefing.render.docx.pages.blocks import Layout, _Para
from briefing.render.docx.pages.lines import EPS
from briefing.render.docx.pages.properties import W, _local, _num


@dataclass
class Unit:
    """An unbreakable slice of the page flow: a line of a paragraph, or a table row."""

    height: float
    gap: float = 0.0  # space above it when it does not start a page
    breakable: bool = True  # a page may end before it
    new_page: bool = False  # it starts a page (a page break before it, a new section)
    header: float = 0.0  # a table's repeated header rows, set above it when it starts a page
    area: float = 0.0  # the text height of its page
    marks: list[str] = field(default_factory=list)  # bookmarks starting in it
    overhang: float = 0.0  # what may hang below the text area at a page's foot: a line's proportional spacing
    text: str = ""  # what it shows, for tracing
    kind: str = "line"  # or "row"
    top: float = 0.0  # space above it when a break starts its page: its own space before, which LibreOffice keeps


@dataclass
class _Section:
    area: float  # text height
    width: float  # text width


def _section(sect) -> _Section:
    """Return the text area of a section's pages (Word's defaults where the sectPr is silent: Letter, 1in)."""
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    w, h = ((_num(size.get(W + "w"), 12240) / 20, _num(size.get(W + "h"), 15840) / 20) if size is not None
            else (612.0, 792.0))
    m = {k: _num(margins.get(W + k), 1440) / 20 if margins is not None else 72.0
         for k in ("top", "bottom", "left", "right")}
    return _Section(h - abs(m["top"]) - abs(m["bottom"]), w - m["left"] - m["right"])


def units(body, layout: Layout) -> list[Unit]:
    """Return the body's blocks cut into the units pagination moves: lines and table rows."""
    layout.fields = []
    blocks = [c for c in body if isinstance(c.tag, str) and _local(c.tag) in ("p", "tbl", "sectPr")]
    sections, current = [], []
    for block in blocks:  # each section's blocks and page; a paragraph holding a sectPr ends its section
        if _local(block.tag) == "sectPr":
            sections.append((_section(block), current))
            current = []
            continue
        current.append(block)
        sect = block.find(f"{W}pPr/{W}sectPr") if _local(block.tag) == "p" else None
        if sect is not None:
            sections.append((_section(sect), current))
            current = []
    if current:
        last = body.find(W + "sectPr")
        sections.append((_section(last if last is not None else body), current))
    out: list[Unit] = []
    first = True  # the document's first block: on the first page, as after a break, its space before stays
    for number, (section, blocks) in enumerate(sections):
        after, keep, start = 0.0, False, number > 0
        previous: _Para | None = None
        for block in blocks:
            if _local(block.tag) == "p":
                para = layout._known(block, section.width, lambda: layout.paragraph(block, section.width))
                n = len(para.lines)
                gap = max(after, para.before)
                if para.contextual and previous is not None and previous.style == para.style:
                    gap = 0.0
                for i, h in enumerate(para.lines):
                    breakable = True
                    if i == 0:
                        breakable = not keep
                    elif para.keep_lines or para.keep_next:  # LibreOffice moves a kept paragraph whole
                        breakable = False
                    elif para.widows and (i == 1 or i == n - 1):
                        breakable = False
                    height = h + (para.top if i == 0 else 0.0) + (para.bottom if i == n - 1 else 0.0)
                    forced = (para.page_break or start or first) and i == 0
                    out.append(Unit(height, gap if i == 0 else 0.0, breakable, (para.page_break or start) and i == 0,
                                    top=para.before if forced else 0.0, area=section.area,
                                    marks=para.marks if i == 0 else [],
                                    overhang=para.overhangs[i] if i < n - 1 or not para.bottom else 0.0,
                                    text=para.texts[i]))
                    start = first = False
                after, keep, previous = para.after, para.keep_next, para
            else:
                rows = layout._known(block, section.width, lambda: layout.table(block, section.width))
                heads = 0.0
                seen_body = False
                # a row whose cells keep with the next (the key-figure cards) holds the next row on its page
                kept = [any(tc.find(f"{W}p/{W}pPr/{W}keepNext") is not None for tc in tr.findall(W + "tc"))
                        for tr in block.findall(W + "tr")]
                if len(kept) != len(rows):
                    kept = [False] * len(rows)
                for i, (h, header, marks, text) in enumerate(rows):
                    breakable = not keep if i == 0 else seen_body and not kept[i - 1]
                    out.append(Unit(h, after if i == 0 else 0.0, breakable, start and i == 0,
                                    header=heads if not header else 0.0, area=section.area, marks=marks,
                                    text=text, kind="row"))
                    start = first = False
                    if header and not seen_body:
                        heads += h
                    else:
                        seen_body = True
                after, keep, previous = 0.0, False, None
    return out


def page_runs(items: list[Unit]) -> Iterator[tuple[int, int, int]]:
    """Yield (page, first, end) for each page: units first..end-1 stand on it, filled in order, ended where allowed."""
    page, start, n = 0, 0, len(items)
    while start < n:
        page += 1
        y, j = 0.0, start
        while j < n:
            u = items[j]
            if j > start and u.new_page:
                break
            h = u.height + (u.header + u.top if j == start else u.gap)
            if j > start and y + h - u.overhang > u.area + EPS:
                k = j
                while k > start and not items[k].breakable:
                    k -= 1
                j = k if k > start else j
                break
            y += h
            j += 1
        yield page, start, j
        start = j


def flow(items: list[Unit]) -> tuple[list[int], int]:
    """Return the page of each unit and the page count."""
    pages = [0] * len(items)
    page = 0
    for page, start, end in page_runs(items):
        for k in range(start, end):
            pages[k] = page
    return pages, max(page, 1)


def paginate(body, layout: Layout) -> tuple[dict[str, int], int]:
    """Return the page of each bookmark in a Word body (as LibreOffice lays it out) and the page count."""
    items = units(body, layout)
    pages, count = flow(items)
    marks: dict[str, int] = {}
    for unit, page in zip(items, pages):
        for name in unit.marks:
            marks.setdefault(name, page)
    return marks, count

"""Word tables: data tables (Briefing Table) and the key figures as cards (a Figure Cards table).

A mixin of the writer (document._Writer): it uses the writer's `_p`, `_r`,
`_t`, `_inline`, `_cell` and the style metrics read from the sheet, and knows
nothing of the other blocks or of YAML. `value_size` fits a figure's value to
its card as the PDF does.
"""
from __future__ import annotations

import math
import re

from docx.oxml.ns import qn

from briefing.render.docx.metrics import Metrics
from briefing.render.docx.styles import CARD_PAD, GUTTER, TABLE_STYLES, word_style_id
from briefing.render.docx.xml import border, el, hexcolor, put, shading, tint, twips
from briefing.tree import FigureCard, FigureGrid, Table

_NUMERIC = re.compile(r"^[+\-\u2212\u00b1~\u2248$\u00a5\u20ac\u00a3]?\d[\d,.\s]*\S{0,4}$")
CARD_BAR = (2.25, 5.0)  # the rule over a card's value: width and distance, points
SPACER = 0.9  # the gap after a table, in base sizes


def _ems(text: str, latin: float = 0.5) -> float:
    """Return the rough width of `text` in ems: CJK characters are square, spaces thin."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.28 if ch.isspace() else latin for ch in text)


def value_size(value: str, width: float, style: Metrics, smallest: float = 0.62) -> tuple[float, int]:
    """Return the size a figure's value is set in to fit one line of `width`, and its lines.

    Like the PDF, a value too long for its card shrinks, to `smallest` of the
    style's size at most, and wraps only then.
    """
    ems = _ems(value, latin=0.62)
    size = min(style.size, max(style.size * smallest, width / ems if ems else style.size))
    return size, max(1, math.ceil(ems * size / width - 1e-9))


class TableBlocks:
    """The writer's tables: a data table with its caption, a grid of figure cards, the gap after each."""

    def _table_element(self, style_id: str, widths: list[float], header: bool):
        """Append an empty full-width, fixed-layout table; return it and its column widths in twips."""
        total = sum(widths) or 1.0
        cols = [twips(self.text_width * w / total) for w in widths]
        look = {"firstRow": int(header), "lastRow": 0, "firstColumn": 0, "lastColumn": 0, "noHBand": 0, "noVBand": 1}
        tbl = el("tbl", el("tblPr", el("tblStyle", val=self.ids.get(style_id, style_id)),
                           el("tblW", w=5000, type="pct"),
                           el("tblLayout", type="fixed"), el("tblLook", val="04A0" if header else "0400", **look)),
                 el("tblGrid", *[el("gridCol", w=c) for c in cols]))
        if self.break_pending:  # a table cannot start a page by itself
            self._p("Normal", el("r", el("rPr", el("sz", val=2))))
        self.body.find(qn("w:sectPr")).addprevious(tbl)
        return tbl, cols

    def _table(self, table: Table) -> None:
        """Write a data table in the Briefing Table style, its header row repeated on each page."""
        sid = word_style_id(table.style, TABLE_STYLES)
        tbl, cols = self._table_element(sid, table.widths, header=True)
        numeric = [False] * len(cols)  # left-aligned like the PDF: figures mix digits and words (约50%, over 1,600)
        head = el("tr", el("trPr", el("cantSplit"), el("tblHeader")))
        tbl.append(head)
        for text, width, right in zip(table.header, cols, numeric):
            runs = self._inline(text, "TableText") if isinstance(text, tuple) else [self._r(text)]
            self._p("TableText", *runs, into=self._cell(head, width), **_right(right))
        for n, row in enumerate(table.rows):
            tr = el("tr", el("trPr", el("cantSplit")))
            tbl.append(tr)
            for inline, width, right in zip(row, cols, numeric):
                keep = {"keep": el("keepNext")} if table.caption and n == len(table.rows) - 1 else {}
                cell = self._cell(tr, width)
                self._p("TableText", *self._inline(inline, "TableText"), into=cell, **_right(right), **keep)
        if table.caption:  # below the table, as in the PDF
            self._p("Caption", self._r(table.caption))
        self._spacer()

    def _figuregrid(self, grid: FigureGrid) -> None:
        """Write the key figures as cards in a Figure Cards table, in the grid's balanced rows.

        The table's grid has as many columns as the least common multiple of the
        rows' lengths (4+3+3: twelve), so every row spans it evenly; every row but
        the last keeps with the next (no row alone on a page). A grid the layout
        did not balance (a chapter's lone figure) keeps `columns` slots a row, as
        the PDF: a lone card a column wide, not the page wide.
        """
        rows = grid.row_sizes() or [1]
        slots = rows if grid.rows else [max(1, grid.columns)] * len(rows)
        columns = math.lcm(*slots)
        tbl, cols = self._table_element("FigureCards", [1.0] * columns, header=False)
        start = 0
        for r, n in enumerate(rows):
            tr = el("tr", el("trPr", el("cantSplit")))
            tbl.append(tr)
            span = columns // slots[r]
            width = sum(cols[:span])
            inner = width / 20 - 2 * CARD_PAD[1] - GUTTER
            for card in grid.cards[start:start + n]:
                before, number, after = card.parts()
                words = before + after  # set at half size: about half as wide
                proxy = number + words[: (len(words) + 1) // 2]
                self._card(card, tr, width, value_size(proxy, inner, self.metrics["FigureValue"]))
                tc = tr[-1]
                if span > 1:
                    put(tc.find(qn("w:tcPr")), el("gridSpan", val=span))
                if r < len(rows) - 1:
                    put(tc.find(qn("w:p")).find(qn("w:pPr")), el("keepNext"))
            for _ in range(slots[r] - n):  # an empty slot, not an empty card
                blank = shading(hexcolor(self.brand.color("background")))
                tc = self._cell(tr, width, blank)
                self._p("FigurePeriod", into=tc)
                if span > 1:
                    put(tc.find(qn("w:tcPr")), el("gridSpan", val=span))
            start += n
        self._spacer()

    def _card(self, card: FigureCard, tr, width: int, size: tuple[float, int]) -> None:
        """Write one key figure: value under a bar, label, change with its arrow, period."""
        accent = hexcolor(self.brand.color("accent"))
        cell = self._cell(tr, width, *([shading(tint(self.brand.color("accent"), 0.86))] if card.featured else []))
        bar = el("pBdr", border("top", accent if card.featured else hexcolor(self.brand.color("primary")), *CARD_BAR))
        # the one spacing rule: the number and its unit's Han characters take the quarter-em gap (Word's and
        # LibreOffice's autospace, on here though the Figure Value style of an older reference turns it off)
        full = self.metrics["FigureValue"]
        extra = {"de": el("autoSpaceDE", val=1), "dn": el("autoSpaceDN", val=1)}
        runs = []
        for k, text in enumerate(card.parts()):  # the number large, the words around it half as large
            if not text:
                continue
            points = size[0] if k == 1 else size[0] * 0.55
            runs.append(self._r(text, size=points if points != full.size else None))
        if size[0] < full.size:  # shrunk to fit, as the PDF does
            leading = twips(full.leading * size[0] / full.size)
            extra["line"] = el("spacing", after=twips(full.after), line=leading, lineRule="exact")
        self._p("FigureValue", *runs, into=cell, bar=bar, **extra)
        second = card.translation if self.second else None
        if second and second.value != card.value:  # a value both languages write alike is printed once
            value = self._t(second.value, "FigureLabel", scale=0.5, bold=True, size_of="FigureValue")
            self._p("FigureLabel", value, into=cell)
        self._p("FigureLabel", self._r(card.label), into=cell)
        if second:
            self._p("FigureLabel", self._t(second.label, "FigureLabel"), into=cell)
        if card.change:  # in Figure Change's colour (the brand's accent), the arrow in a face sure to have it
            arrow = {1: "\u25b2\u2009", -1: "\u25bc\u2009"}.get(card.direction)
            symbols = self.fonts.symbols
            face = el("rFonts", ascii=symbols, hAnsi=symbols, eastAsia=symbols, cs=symbols)
            runs = [self._r(arrow, fonts=face)] if arrow else []
            second = card.translation if self.second else None
            if second and second.change:  # the bilingual edition: the change in the second language below
                runs += [self._r(card.change), el("r", el("br")), self._t(second.change, "FigureChange")]
            else:
                runs.append(self._r(card.change))
            self._p("FigureChange", *runs, into=cell)
        if card.period:
            second = card.translation if self.second else None
            extra = [self._r(" · "), self._t(second.period, "FigurePeriod")] if second and second.period else []
            self._p("FigurePeriod", self._r(card.period), *extra, into=cell)

    def _spacer(self) -> None:
        """Separate a table from what follows (Word needs a paragraph between tables anyway)."""
        gap = el("spacing", before=0, after=0, line=twips(self.brand.base_size * SPACER), lineRule="exact")
        self._p("TableText", spacing=gap, mark=el("rPr", el("sz", val=2)))


def _numeric(column: list[str]) -> bool:
    """Return whether a table column holds figures (to align right): all its cells that are filled."""
    filled = [text for text in column if text]
    return bool(filled) and all(_NUMERIC.match(text) for text in filled)


def _right(flag: bool) -> dict:
    return {"jc": el("jc", val="right")} if flag else {}

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

from briefing.brand.boxes import VALUE_SMALLEST, VALUE_WORDS
from briefing.fonts import measure
from briefing.render.docx.metrics import Metrics
from briefing.render.docx.styles import CARD_PAD, GUTTER, TABLE_STYLES, word_style_id
from briefing.render.docx.xml import border, el, hexcolor, put, shading, tint, twips
from briefing.tree import FigureCard, FigureGrid, Table
from briefing.typeset.spacing import is_han, is_latin

_NUMERIC = re.compile(r"^[+\-\u2212\u00b1~\u2248$\u00a5\u20ac\u00a3]?\d[\d,.\s]*\S{0,4}$")
CARD_BAR = (2.25, 5.0)  # the rule over a card's value: width and distance, points
SPACER = 0.9  # the gap after a table, in base sizes
JOINER = "\u2060"  # WORD JOINER: no break, no width; LibreOffice sets no autospace gap across it


def joined(parts: list[str], letters: bool, digits: bool) -> list[str]:
    """Return `parts` (one text in pieces) with a word joiner wherever Han meets a Latin letter (`letters`) or a
    digit (`digits`), within a piece or across two.

    Word honours autoSpaceDE/DN = 0 on a paragraph; LibreOffice ignores both
    (its DOCX import reads neither) and always autospaces. A joiner between the
    two characters keeps its gap away: the card's figure shows as in the PDF.
    """
    def apart(a: str, b: str) -> bool:
        if not (is_han(a) and is_latin(b) or is_latin(a) and is_han(b)):
            return False
        return digits if (b if is_han(a) else a).isdigit() else letters

    out, previous = [], ""
    for piece in parts:
        text = ""
        for ch in piece:
            if previous and apart(previous, ch):
                if text:
                    text += JOINER
                elif out and out[-1]:
                    out[-1] += JOINER
            text += ch
            previous = ch
        out.append(text)
    return out


def value_size(parts: tuple[str, str, str], keys: list[str], width: float, style: Metrics) -> tuple[float, int]:
    """Return the size a figure's value (words, number, words) is set in to fit one line of `width`, and its lines.

    Measured with the faces the Word file embeds (fonts/measure.py), as the PDF
    does: a value too long for its card shrinks, to VALUE_SMALLEST of the style's
    size at most (checks/fit.py refuses one that does not fit there), and wraps
    only then.
    """
    before, number, after = parts
    per_point = measure.width(number, keys, 1.0) + measure.width(before + after, keys, VALUE_WORDS)
    if per_point <= 0 or width <= 0:
        return style.size, 1
    size = style.size if per_point * style.size <= width else max(style.size * VALUE_SMALLEST, width / per_point)
    return size, max(1, math.ceil(per_point * size / width - 1e-9))


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
        if table.caption:  # below the table, as in the PDF; it is the paragraph Word needs after a table
            self._p("Caption", self._r(table.caption))
        else:
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
            keys = self.brand.font_stack("sans", self.doc.lang, bold=True)
            for card in grid.cards[start:start + n]:
                self._card(card, tr, width, value_size(card.parts(), keys, inner, self.metrics["FigureValue"]))
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

    def _no_autospace(self, style_id: str) -> tuple[bool, bool]:
        """Return whether style `style_id` (or the style it is based on) turns autospacing off: (letters, digits)."""
        styles, sid, found = self.word.styles.element, self.ids.get(style_id, style_id), {}
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{sid}']")
            if style is None:
                break
            for tag in ("autoSpaceDE", "autoSpaceDN"):
                own = style.find(f"{qn('w:pPr')}/{qn('w:' + tag)}")
                if own is not None and tag not in found:
                    found[tag] = own.get(qn("w:val"), "1") in ("0", "false", "off")
            based = style.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        return found.get("autoSpaceDE", False), found.get("autoSpaceDN", False)

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
        # the paragraph turns autospace on (`extra`), so no word joiner (`joined`) keeps the gap away here
        for k, text in enumerate(card.parts()):  # the number large, the words half as large
            if not text:
                continue
            points = size[0] if k == 1 else size[0] * VALUE_WORDS
            runs.append(self._r(text, size=points if points != full.size else None))
        if size[0] < full.size:  # shrunk to fit, as the PDF does
            leading = twips(full.leading * size[0] / full.size)
            extra["line"] = el("spacing", after=twips(full.after), line=leading, lineRule="exact")
        self._p("FigureValue", *runs, into=cell, bar=bar, **extra)
        second = card.translation if self.second else None
        if second and second.value != card.value:  # a value both languages write alike is printed once
            # as the PDF: bold, in the figure's colour, at the label's size (0.45 of the figure's)
            value = self._t(second.value, "FigureLabel", scale=0.45, bold=True, inline=False, size_of="FigureValue",
                            color=hexcolor(self.brand.color("primary")))
            self._p("FigureLabel", value, into=cell)
        self._p("FigureLabel", self._r(card.label), into=cell)
        if second:
            self._p("FigureLabel", self._t(second.label, "FigureLabel"), into=cell,
                    gap=el("spacing", before=0))  # right under the first language's, as in the PDF
        if card.change:  # in Figure Change's colour (the brand's accent), the arrow in a face sure to have it
            arrow = {1: "\u25b2\u2009", -1: "\u25bc\u2009"}.get(card.direction)
            symbols = self.fonts.symbols
            face = el("rFonts", ascii=symbols, hAnsi=symbols, eastAsia=symbols, cs=symbols)
            runs = [self._r(arrow, fonts=face)] if arrow else []
            second = card.translation if self.second else None
            if second and second.change:  # the bilingual edition: the change in the second language below
                # in the change's own colour, as the PDF sets it: not the muted Second Language style
                runs += [self._r(card.change), el("r", el("br")), self._t(second.change, "FigureChange", inline=False)]
            else:
                runs.append(self._r(card.change))
            self._p("FigureChange", *runs, into=cell)
        if card.period:
            second = card.translation if self.second else None
            extra = [self._r(" · "), self._t(second.period, "FigurePeriod")] if second and second.period else []
            self._p("FigurePeriod", self._r(card.period), *extra, into=cell)

    def _spacer(self) -> None:
        """Separate a table from what follows (Word needs a paragraph between tables anyway): a line of 1 pt
        whose space after gives way to a larger space before of what follows, as the PDF's flow has it."""
        gap = el("spacing", before=0, after=twips(self.brand.base_size * SPACER), line=20, lineRule="exact")
        self._p("TableText", spacing=gap, mark=el("rPr", el("sz", val=2)))


def _numeric(column: list[str]) -> bool:
    """Return whether a table column holds figures (to align right): all its cells that are filled."""
    filled = [text for text in column if text]
    return bool(filled) and all(_NUMERIC.match(text) for text in filled)


def _right(flag: bool) -> dict:
    return {"jc": el("jc", val="right")} if flag else {}

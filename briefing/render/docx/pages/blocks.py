"""A Word body's paragraphs and tables laid out: each line's height, each table row's, and what keeps them.

Owns what a block's properties make of it (spacing, indents, borders, keep
and widow settings, line spacing rules: exact, at least, proportional), the
atoms of its runs (hidden text, fields' codes, tabs, breaks, pictures), and
a table row's height from its tallest cell. Lines come from
briefing.render.docx.pages.lines. Must not know pages: pagination is
briefing.render.docx.pages.flow.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from briefing.render.docx.pages.lines import _asian, _Atom, _autospace, _glyph, break_lines
from briefing.render.docx.pages.properties import W, Styles, _local, _merge, _num, _on, _props, _signature

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EMU = 12700  # English metric units per point
CELL_SHARE = 1.15  # a cell's last line is spaced by its proportion of this much of its style's size, not its own


@dataclass
class _Para:
    """A paragraph laid out: its lines' heights and what pagination needs to know of it."""

    lines: list[float]
    before: float
    after: float
    keep_next: bool
    keep_lines: bool
    widows: bool
    page_break: bool
    top: float  # borders above the first line and below the last
    bottom: float
    marks: list[str]
    contextual: bool = False
    style: str | None = None
    overhangs: list[float] = field(default_factory=list)  # what proportional spacing adds below each line
    texts: list[str] = field(default_factory=list)  # each line's text, for tracing
    trailing: float = 0.0  # what stands under its last line when it ends a table cell, instead of that line's share


@dataclass(frozen=True)
class _Look:
    """What a paragraph's properties make of it, whatever its text."""

    sid: str | None
    base_rpr: dict  # the run properties its runs start from
    label: tuple[float, float, float] | None  # a list label's ascent, descent and size
    left: float
    right: float
    first: float
    autospace: tuple[bool, bool]
    tabs: list[tuple[float, str]]
    mark: tuple[float, float]  # the paragraph mark's ascent and descent
    rule: str
    line: float
    before: float
    after: float
    keep_next: bool
    keep_lines: bool
    widows: bool
    page_break: bool
    top: float
    bottom: float
    contextual: bool


class Layout:
    """Lays out a Word body's blocks into units for pagination."""

    def __init__(self, styles: Styles, default_tab: float = 36.0):
        self.styles = styles
        self.default_tab = default_tab
        self.fields: list[str] = []  # the stack of open fields: "code" until their result starts
        self.done: dict = {}  # body paragraphs and tables without fields, laid out once
        self.shown: dict = {}  # those with fields, laid out once for each text they show (see _known)
        self._looks: dict[tuple, tuple] = {}  # (table parts' id, pPr content) -> (the parts, _Look)
        self._run_looks: dict[tuple, tuple] = {}  # (paragraph's run properties' id, rPr content) -> (them, look...)
        self._glyphs: dict[tuple, dict[str, tuple]] = {}  # run look -> character -> _glyph

    def _known(self, element, width: float, make):
        """Return `make()`, remembered for `element` (at `width`).

        A block holding fields is remembered with what it shows (the contents'
        page numbers change between layouts) and the fields open around it (a
        contents field spans its entries), and it leaves the same fields open.
        """
        key = (id(element), width)
        if key in self.done:
            return self.done[key][1]
        if element.find(f".//{W}fldChar") is None:
            got = make()
            self.done[key] = (element, got)  # the element is kept so its id stays its own
            return got
        shown = (id(element), width, tuple(self.fields), tuple(t.text for t in element.iter(W + "t")))
        if shown in self.shown:
            _, got, self.fields[:] = self.shown[shown]
            return got
        got = make()
        self.shown[shown] = (element, got, list(self.fields))
        return got

    def forget(self, element) -> None:
        """Measure `element` again when next asked: it changed (and so did the table or cell holding it)."""
        changed = set()
        while element is not None:
            changed.add(id(element))
            element = element.getparent()
        for known in (self.done, self.shown):
            for key in [k for k in known if k[0] in changed]:
                del known[key]

    # paragraphs

    def paragraph(self, p, width: float, table: dict | None = None) -> _Para:
        """Return paragraph `p` laid out `width` points wide (in a table cell: `table` holds its style's parts)."""
        look = self._look(p.find(W + "pPr"), table)
        atoms: list[_Atom] = []
        marks: list[str] = []
        if look.label is not None:  # the list's label: it stands in the hanging indent, the text at the indent
            atoms.append(_Atom("", 0.0, *look.label, "label"))
        self._runs(p, atoms, marks, look.base_rpr, table or {})
        _autospace(atoms, look.autospace)
        left, tabs = look.left, look.tabs
        avail = width - left - look.right
        for a in atoms:  # tab stops count from the margin, lines from the indent
            if a.kind == "tab":
                a.tab = ([(pos - left, al) for pos, al in tabs if pos - left > 0], self.default_tab)
        raw = break_lines(atoms, (avail - look.first, avail), look.mark)
        rule, line = look.rule, look.line
        share = int(line * 100 / 240) - 100  # LibreOffice keeps proportional spacing in whole percent (measured)
        heights, overhangs = [], []
        for k, got in enumerate(raw):
            natural = _twips(got.ascent + got.descent)
            # LibreOffice spaces a paragraph's lines apart by the line below's share (a label aside), and its
            # last line from what follows by that line's own, label and all (measured)
            body = _twips(raw[k + 1].body) if k + 1 < len(raw) else natural
            if rule == "exact":
                heights.append(line / 20)
                overhangs.append(0.0)
            elif rule == "atLeast":
                heights.append(max(line / 20, natural))
                overhangs.append(0.0)
            else:
                heights.append(natural + (round(body * 20) * share // 100) / 20)
                overhangs.append(max(0.0, heights[-1] - natural))
        trailing = overhangs[-1]
        if rule not in ("exact", "atLeast"):  # LibreOffice ends a cell on a share of the style's size (measured)
            size = _num(look.base_rpr.get("sz", {}).get("val"), 20) / 2
            trailing = max(0, round(CELL_SHARE * size * 20) * share // 100) / 20
        return _Para(heights, look.before, look.after, look.keep_next, look.keep_lines, look.widows, look.page_break,
                     look.top, look.bottom, marks, look.contextual, look.sid, overhangs, [got.text for got in raw],
                     trailing)

    def _look(self, ppr_el, table: dict | None) -> _Look:
        """Return what paragraph properties `ppr_el` make of a paragraph (in a cell: `table` holds its style's parts).

        Paragraphs repeat a handful of property sets, so each set is resolved once:
        the key is the pPr's content and the table's parts (by id: they are kept
        with the result, so that the id stays theirs).
        """
        key = (id(table) if table else None, _signature(ppr_el))
        known = self._looks.get(key)
        if known is None:
            known = self._looks[key] = (table, self._resolve(ppr_el, table or {}))
        return known[1]

    def _resolve(self, ppr_el, table: dict) -> _Look:
        s = self.styles
        direct = _props(ppr_el)
        sid = direct.get("pStyle", {}).get("val") or s.default_para
        ppr = _merge(s.default_ppr, table.get("pPr", {}), s.style(sid, "pPr"), direct)
        base_rpr = _merge(s.default_rpr, table.get("rPr", {}), s.style(sid, "rPr"))
        mark_rpr = _merge(base_rpr, _props(ppr_el.find(W + "rPr")) if ppr_el is not None else {})
        num = ppr.get("numPr", {})
        level = s.level(num.get("numId", {}).get("val"), num.get("ilvl", {}).get("val")) if num else None
        # the indent: the style's, then the list level's, then the paragraph's own
        listed = _props(level.find(W + "pPr")).get("ind", {}) if level is not None else {}
        ind = _merge({"ind": _merge(s.default_ppr, s.style(sid, "pPr")).get("ind", {})}, {"ind": listed},
                     {"ind": direct.get("ind", {})})["ind"]
        left = _num(ind.get("left", ind.get("start"))) / 20
        right = _num(ind.get("right", ind.get("end"))) / 20
        first = (_num(ind.get("firstLine")) - _num(ind.get("hanging"))) / 20
        space = ppr.get("spacing", {})
        autospace = (_on({"a": ppr.get("autoSpaceDE", {})}, "a"), _on({"a": ppr.get("autoSpaceDN", {})}, "a"))
        tabs = sorted((_num(t.get("pos")) / 20, t.get("val", "left")) for t in ppr.get("tabs", {}).get("stops", [])
                      if t.get("val") != "clear")
        label = None
        if level is not None:
            label_rpr = _merge(mark_rpr, _props(level.find(W + "rPr")))
            text = (level.find(W + "lvlText").get(W + "val") if level.find(W + "lvlText") is not None else "") or ""
            latin, east, size, _ = s.faces(label_rpr)
            if text:
                f = east if _asian(text[0]) else latin
                label = (*f.extent(size), size)
            first = max(first, 0.0)  # the label fills the hanging indent; the text starts at the indent
        latin, east, size, _ = s.faces(mark_rpr)
        mark_face = east if _asian_doc(mark_rpr) else latin
        borders = ppr.get("pBdr", {})
        return _Look(sid, base_rpr, label, left, right, first, autospace, tabs, mark_face.extent(size),
                     space.get("lineRule", "auto"), _num(space.get("line"), 240), _num(space.get("before")) / 20,
                     _num(space.get("after")) / 20, _on(ppr, "keepNext"), _on(ppr, "keepLines"),
                     _on(ppr, "widowControl"), _on(ppr, "pageBreakBefore"), _border(borders.get("top")),
                     _border(borders.get("bottom")), _on(ppr, "contextualSpacing"))

    def _runs(self, node, atoms: list[_Atom], marks: list[str], base_rpr: dict, table: dict) -> None:
        """Append the atoms of the runs under `node` (a paragraph, hyperlink...) in order."""
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            if name == "r":
                self._run(child, atoms, base_rpr)
            elif name == "bookmarkStart":
                marks.append(child.get(W + "name"))
            elif name in ("hyperlink", "smartTag", "ins", "fldSimple", "sdt", "sdtContent", "customXml"):
                self._runs(child, atoms, marks, base_rpr, table)

    def _run(self, r, atoms: list[_Atom], base_rpr: dict) -> None:
        rpr_el = r.find(W + "rPr")
        key = (id(base_rpr), _signature(rpr_el))
        known = self._run_looks.get(key)  # runs repeat a few property sets too (see _look)
        if known is None:
            look = self._run_look(rpr_el, base_rpr)
            glyphs = None if look is None else self._glyphs.setdefault(look, {})  # runs alike measure alike
            known = self._run_looks[key] = (base_rpr, look, glyphs)
        _, look, glyphs = known
        if look is None:  # hidden
            return
        latin, east, size, caps, extra = look
        for child in r:
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            if name == "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if "code" in self.fields:
                continue
            if name == "t":
                for ch in (child.text or ""):
                    got = glyphs.get(ch)
                    if got is None:
                        got = glyphs[ch] = _glyph(ch.upper() if caps else ch, latin, east, size, extra)
                    atoms.append(_Atom(ch, *got))
            elif name == "tab":
                atoms.append(_Atom("\t", 0.0, *latin.extent(size), size, "tab"))
            elif name in ("br", "cr"):
                if child.get(W + "type") in (None, "textWrapping"):
                    atoms.append(_Atom("\n", 0.0, *latin.extent(size), size, "break"))
            elif name == "noBreakHyphen":
                atoms.append(_Atom("\u2011", (latin.width("-") or 0.33) * size, *latin.extent(size), size))
            elif name == "drawing":
                extent = child.find(f".//{WP}extent")
                if extent is not None and child.find(WP + "inline") is not None:
                    atoms.append(_Atom("\ufffc", _num(extent.get("cx")) / EMU, _num(extent.get("cy")) / EMU, 0.0,
                                       size, "object"))

    def _run_look(self, rpr_el, base_rpr: dict) -> tuple | None:
        """Return a run's faces, size, capitals and letter spacing from its rPr; None for hidden text."""
        s = self.styles
        direct = _props(rpr_el)
        rstyle = direct.get("rStyle", {}).get("val")
        rpr = _merge(base_rpr, s.style(rstyle, "rPr") if rstyle else {}, direct)
        if _on(rpr, "vanish"):
            return None
        latin, east, size, _ = s.faces(rpr)
        return latin, east, size, _on(rpr, "caps"), _num(rpr.get("spacing", {}).get("val")) / 20

    # tables

    def table(self, tbl, width: float) -> list[tuple[float, bool, list[str], str]]:
        """Return the rows of table `tbl`: height (borders included), whether it repeats as a header, marks, text."""
        s = self.styles
        direct = _props(tbl.find(W + "tblPr"))
        sid = direct.get("tblStyle", {}).get("val")
        tblpr = _merge(s.style(sid, "tblPr"), direct)
        look = direct.get("tblLook", {})
        if "firstRow" in look:
            first_row = look["firstRow"] in ("1", "true", "on")
        else:
            first_row = bool(int(look.get("val") or "0", 16) & 0x20)
        style_parts = {"pPr": s.style(sid, "pPr"), "rPr": s.style(sid, "rPr")}
        margins = tblpr.get("tblCellMar", {})
        borders = tblpr.get("tblBorders", {})
        grid = [_num(g.get(W + "w")) / 20 for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        rows_el = tbl.findall(W + "tr")
        rows = []
        for n, tr in enumerate(rows_el):
            trpr = _props(tr.find(W + "trPr"))
            parts = style_parts
            if n == 0 and first_row:
                parts = {"pPr": _merge(style_parts["pPr"], s.conditional(sid, "firstRow", "pPr")),
                         "rPr": _merge(style_parts["rPr"], s.conditional(sid, "firstRow", "rPr"))}
            tallest, col, marks = 0.0, 0, []
            for tc in tr.findall(W + "tc"):
                tcpr = _props(tc.find(W + "tcPr"))
                span = int(_num(tcpr.get("gridSpan", {}).get("val"), 1))
                cell_w = sum(grid[col:col + span]) if grid[col:col + span] else _num(
                    tcpr.get("tcW", {}).get("w")) / 20
                col += span
                mar = {**margins, **tcpr.get("tcMar", {})}
                side = lambda k, alt: _num(mar.get(k, mar.get(alt, {})).get("w")) / 20  # noqa: E731
                inner = cell_w - side("left", "start") - side("right", "end")
                body = self.stack(tc, inner, parts, marks)
                tallest = max(tallest, body + side("top", "top") + side("bottom", "bottom"))
            rule = trpr.get("trHeight", {})
            if rule:
                h = _num(rule.get("val")) / 20
                tallest = h if rule.get("hRule") == "exact" else max(tallest, h)
            line = _border(borders.get("top")) if n == 0 else _border(borders.get("insideH"))
            if n == len(rows_el) - 1:
                line += _border(borders.get("bottom"))
            text = "".join(t.text or "" for t in tr.iter(W + "t"))[:40]
            rows.append((tallest + line, _on(trpr, "tblHeader"), marks, text))
        return rows

    def stack(self, container, width: float, parts: dict, marks: list[str]) -> float:
        """Return the height of the paragraphs (and tables) of a cell, `width` wide."""
        height, after, last = 0.0, None, None
        for child in container:
            name = _local(child.tag) if isinstance(child.tag, str) else ""
            if name == "p":
                para = last = self.paragraph(child, width, parts)
                marks.extend(para.marks)
                gap = para.before if after is None else max(after, para.before)
                height += gap + para.top + sum(para.lines) + para.bottom
                after = para.after
            elif name == "tbl":
                height += sum(row[0] for row in self.table(child, width)) + (after or 0.0)
                after, last = 0.0, None
        if last is not None:  # the last line's proportional share is not its own in a cell
            height += last.trailing - last.overhangs[-1]
        return height + (after or 0.0)


def _twips(points: float) -> float:
    """Return `points` rounded to whole twips."""
    return round(points * 20) / 20


def _border(side: dict | None) -> float:
    """Return the room a border takes: its width and its distance from the text."""
    if not side or side.get("val") in (None, "nil", "none"):
        return 0.0
    return _num(side.get("sz")) / 8 + _num(side.get("space"))


def _asian_doc(rpr: dict) -> bool:
    """Return whether an empty line takes its height from the East Asian face (a Chinese document's)."""
    lang = rpr.get("lang", {})
    return (lang.get("val") or "").startswith("zh") or rpr.get("rFonts", {}).get("hint") == "eastAsia"

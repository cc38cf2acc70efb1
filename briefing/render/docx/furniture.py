"""The Word brochure furniture: notes pages, the back cover, badges, chapter breaks (the letter: letter.py).

A mixin of the writer (document._Writer), like cover.py: it uses the writer's
`_p`, `_r`, `_t`, `_cell`, `_field` and bookmarks, and knows nothing of YAML.

- the back cover: a margin-less last section (no header or footer) holding a
  full-page band in the brand's colour with the issuer, the portal's QR code
  and address, the contacts, the content's date, "Sources: page N" (a PAGEREF
  field the pagination model fills) and the brand's disclaimer;
- notes pages: ruled lines that pad the page count to an even number;
- `chapter_breaks`: with page.chapter_break auto, a chapter starts a page only
  when less than CHAPTER_ROOM of the page is left (Word has no conditional
  break: the pagination model says where each chapter would fall).
"""
from __future__ import annotations

import io
from copy import deepcopy

from docx.oxml.ns import qn
from docx.shared import Pt

from briefing import charts
from briefing.render.docx.xml import el, hexcolor, put, twips
from briefing.tree import BackCover, NotesPage

CHAPTER_ROOM = 0.3  # as the PDF: a chapter follows on the page when this much of the page is left


class FurnitureBlocks:
    """The writer's notes pages, back cover and featured badges."""

    def _badge(self, text: str) -> list:
        """Return the runs of a featured item's badge: a small tag in the accent colour after the heading's text.

        The tag is a picture (drawn as the PDF draws it, its words as alt text), so
        the heading's text, the contents Word and LibreOffice make from it and the
        bookmarks a PDF export makes keep the plain title.
        """
        png, width, height = _badge_png(text, self.brand)
        inline = self.word.part.new_pic_inline(io.BytesIO(png), Pt(width), Pt(height))
        inline.docPr.set("descr", text)
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")
        drawing = el("drawing")
        drawing.append(inline)
        return [self._r("  "), el("r", el("rPr", el("position", val=2)), drawing)]

    def _accent_bar(self) -> None:
        """Write the short accent bar under a chapter heading: an empty paragraph bordered below, 36 pt wide."""
        accent = hexcolor(self.brand.color("accent"))
        self._p("Normal", mark=el("rPr", el("sz", val=2)), keep=el("keepNext"),
                bdr=el("pBdr", el("bottom", val="single", sz=24, space=0, color=accent)),
                gap=el("spacing", before=0, after=twips(self._heading_size() * 0.9), line=20, lineRule="exact"),
                ind=el("ind", left=0, right=twips(self.text_width - 36)))

    def _heading_size(self) -> float:
        """Return the size of Heading 1 (the PDF sets the space under the bar at 0.9 of it)."""
        metrics = getattr(self, "metrics", {})
        return metrics["Heading1"].size if "Heading1" in metrics else self.brand.base_size * 2.1

    def _notespage(self, notes: NotesPage) -> None:
        """Write a page of ruled lines for notes."""
        self._notes(notes.title + (f" {notes.translation}" if notes.translation else ""))

    def _notes(self, title: str) -> None:
        # a title, not a heading: the notes are no chapter of the outline or the contents; it looks like a
        # Heading 2 (its faces, size, weight and colour copied onto the run), as in the PDF
        run = self._r(title)
        look = self.word.styles.element.find(
            f"{qn('w:style')}[@{qn('w:styleId')}='{self.ids.get('Heading2', 'Heading2')}']/{qn('w:rPr')}")
        if look is not None:
            if run.find(qn("w:rPr")) is not None:
                run.remove(run.find(qn("w:rPr")))
            run.insert(0, deepcopy(look))
        else:
            run = self._r(title, bold=True, color=hexcolor(self.brand.color("primary")))
        step = self.brand.base_size * 2.2  # the PDF's ruling: the first line 1.2 steps under the title
        self._p("BodyText", run, brk=el("pageBreakBefore"), keep=el("keepNext"),
                gap=el("spacing", before=0, after=twips(step * 0.2)))
        rule = hexcolor(self.brand.color("rule"))
        area = self.sheet.page[1] - self.sheet.margins["top"] - self.sheet.margins["bottom"]
        title = self.metrics["Heading2"].leading if "Heading2" in self.metrics else step
        lines = int((area - title - step * 1.2) / step)  # as many as the PDF draws above the foot
        for _ in range(max(lines, 1)):
            # Word draws one border round paragraphs bordered alike: the lines between them are `between`;
            # the border's half point is in the step, as the PDF draws a line every step
            self._p("Normal", bdr=el("pBdr", el("bottom", val="single", sz=4, space=0, color=rule),
                                     el("between", val="single", sz=4, space=0, color=rule)),
                    gap=el("spacing", before=0, after=0, line=twips(step - 0.5), lineRule="exact"))

    def _backcover(self, back: BackCover) -> None:
        """Write the back cover as the last, margin-less section: a band in the brand's colour, full page."""
        # the body's section ends here, keeping its header and footer; the back cover's section has neither
        end = self._p("Normal", mark=el("rPr", el("sz", val=2)),
                      gap=el("spacing", before=0, after=0, line=20, lineRule="exact"))
        put(end.find(qn("w:pPr")), deepcopy(self.body.find(qn("w:sectPr"))))
        self.back_section, self.back_start = True, end
        final = self.body.find(qn("w:sectPr"))
        for ref in final.findall(qn("w:headerReference")) + final.findall(qn("w:footerReference")):
            final.remove(ref)  # its own (empty) header and footer are made with the body's (fields.py)
        margins = final.find(qn("w:pgMar"))
        for side in ("top", "bottom", "left", "right", "header", "footer", "gutter"):
            margins.set(qn("w:" + side), "0")
        width, height = self.sheet.page
        m, white = self.sheet.margins, "FFFFFF"
        pale = hexcolor(self.brand.color("light"))  # the PDF's colour for labels and small print on the band
        tbl = el("tbl", el("tblPr", el("tblW", w=twips(width), type="dxa"), el("tblLayout", type="fixed"),
                           el("tblCellMar", el("left", w=twips(m["left"]), type="dxa"),
                              el("right", w=twips(m["right"]), type="dxa")),
                           el("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0,
                              noHBand=1, noVBand=1)),
                 el("tblGrid", el("gridCol", w=twips(width))))
        final.addprevious(tbl)
        top = el("tr", el("trPr", el("cantSplit"), el("trHeight", val=twips(height * 0.5), hRule="exact")))
        foot = el("tr", el("trPr", el("cantSplit"), el("trHeight", val=twips(height * 0.5 - 40), hRule="exact")))
        tbl.extend([top, foot])
        upper = self._cell(top, twips(width), el("tcMar", el("top", w=twips(m["top"] - 2), type="dxa")))
        # the foot ends where the PDF's does: the rows leave the page's last 40 points to its closing paragraph
        lower = self._cell(foot, twips(width), el("tcMar", el("bottom", w=twips(max(0.0, m["bottom"] - 36)),
                                                              type="dxa")), el("vAlign", val="bottom"))
        backs = [back] + ([back.translation] if back.translation and self.second else [])
        langs = [self.doc.lang] + ([self.doc.translation_lang] if len(backs) > 1 else [])

        def line(cell, text, k, color=white, size=None, bold=False, style="CoverLine", **ppr):
            run = (self._t(text, style, bold=bold, inline=False, color=color) if k else
                   self._r(text, bold=bold, color=color))
            if size:
                for tag in ("sz", "szCs"):
                    put(run.find(qn("w:rPr")), el(tag, val=round(size * 2)))
            return self._p(style, run, into=cell, **ppr)

        # the issuer: emblem and name(s), over the cover's rings (the PDF's drawing) from the other corner
        names = upper
        if self.brand.logo:  # the PDF's emblem drawing, its name(s) beside it as in the PDF
            names = self._emblem_beside(upper, width - m["left"] - m["right"])
        for k, lang in enumerate(langs):
            name = self.brand.name.get(lang, "")
            if name:
                line(names, name, k, size=self.brand.base_size * 1.5, bold=True)
        if names is not upper and names.find(qn("w:p")) is None:
            self._p("CoverLine", into=names)  # a cell holds a paragraph at least
        if back.portal is not None:
            png, w_pt, h_pt = charts.png(back.portal, self.brand, self.doc.lang, self.text_width)
            inline = self.word.part.new_pic_inline(io.BytesIO(png), Pt(w_pt), Pt(h_pt))
            inline.docPr.set("descr", back.portal.alt)
            for side in ("distT", "distB", "distL", "distR"):
                inline.set(side, "0")
            drawing = el("drawing")
            drawing.append(inline)
            self._p("Figure", el("r", drawing), into=upper, gap=el("spacing", before=twips(36), after=twips(6)),
                    jc=el("jc", val="left"))
            labels = " · ".join(x.portal_label for x in backs if x.portal_label)
            line(upper, labels, 0, color=pale, size=self.brand.base_size * 0.85)
            line(upper, back.portal.data["url"], 0)
        if back.contacts:
            labels = " · ".join(x.contacts_label for x in backs if x.contacts_label)
            line(lower, labels, 0, color=pale, size=self.brand.base_size * 0.85)
            for k, one in enumerate(backs):
                for text in one.contacts:
                    line(lower, text, k)
        sources = self.bookmarks.get(back.sources_anchor)
        # the PDF's short accent bar over the foot
        self._p("Normal", into=lower, mark=el("rPr", el("sz", val=2)),
                bdr=el("pBdr", el("bottom", val="single", sz=24, space=0, color=hexcolor(self.brand.color("accent")))),
                gap=el("spacing", before=twips(14), after=0, line=20, lineRule="exact"),
                ind=el("ind", left=0, right=twips(width - m["left"] - m["right"] - 36)))
        for k, one in enumerate(backs):
            head, _, tail = one.sources.partition("{page}")
            p = line(lower, one.as_of + "  ·  " + head, k, gap=el("spacing", before=twips(10)) if not k else None)
            if sources:
                field = self._field(f"PAGEREF {sources} \\h", "", "CoverLine")
                # white on the band like its line: every run of the field, for LibreOffice sets the
                # result in the properties of the field's first run (begin), Word in the result's own
                for run in field:
                    if run.find(qn("w:rPr")) is None:
                        run.insert(0, el("rPr"))
                    put(run.find(qn("w:rPr")), el("color", val=white))
                p.extend(field)
            if tail:
                p.append(self._r(tail, color=white))
        for k, lang in enumerate(langs):
            text = self.brand.disclaimer_text(lang)
            if text:
                line(lower, text, k, color=pale, size=self.brand.base_size * 0.75,
                     gap=el("spacing", before=twips(4)))  # as the PDF's foot: 4 points between its blocks
        tail = self._p("Normal", mark=el("rPr", el("sz", val=2)),
                       gap=el("spacing", before=0, after=0, line=20, lineRule="exact"))
        from briefing.charts.motif import png as motif_png  # the page's colour and the cover's rings, behind it all
        behind(self, tail, motif_png(self.brand, width, height, (width * 0.08, height * 0.07)), width, height)


    def _emblem_beside(self, cell, text_width: float):
        """Write the back cover's emblem (the PDF's drawing: the logo on a white disc) into `cell`; return the
        cell of a borderless table beside it that takes the issuer's name, as the PDF sets it."""
        from briefing.charts.emblem import DISC, ROOM, png as emblem_png

        inline = self.word.part.new_pic_inline(io.BytesIO(emblem_png(self.brand)), Pt(DISC), Pt(DISC))
        alt = (self.brand.logo_alt or {}).get(self.doc.lang) or self.brand.name.get(self.doc.lang, "")
        inline.docPr.set("descr", alt)
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")
        drawing = el("drawing")
        drawing.append(inline)
        proud = 2.0  # the disc stands this far left of the margin, as in the PDF
        none = [el(side, w=0, type="dxa") for side in ("top", "left", "bottom", "right")]
        table = el("tbl", el("tblPr", el("tblW", w=twips(text_width + proud), type="dxa"),
                             el("tblInd", w=-twips(proud), type="dxa"), el("tblLayout", type="fixed"),
                             el("tblCellMar", *none),
                             el("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0,
                                noHBand=1, noVBand=1)),
                   el("tblGrid", el("gridCol", w=twips(ROOM + proud)), el("gridCol", w=twips(text_width - ROOM))))
        row = el("tr", el("trPr", el("cantSplit")))
        table.append(row)
        mark = self._cell(row, twips(ROOM + proud))
        self._p("CoverLine", el("r", drawing), into=mark, gap=el("spacing", before=0, after=0),
                ind=el("ind", left=0, right=0, firstLine=0))
        beside = self._cell(row, twips(text_width - ROOM))

        def hairline():  # a paragraph of a twentieth of a point
            self._p("Normal", into=cell, mark=el("rPr", el("sz", val=2)),
                    gap=el("spacing", before=0, after=0, line=1, lineRule="exact"))

        hairline()  # LibreOffice loses the back cover's section when a cell opens on a table
        cell.append(table)
        hairline()  # and a table in a cell ends before a paragraph
        return beside


def chapter_breaks(writer, paginate_with_y) -> None:
    """Set a page break before each chapter heading that would start with less than CHAPTER_ROOM of its page left,
    unless the whole chapter fits in what is left (a short last chapter, such as the Sources, is not sent
    alone to a page of its own).

    `paginate_with_y(writer)` returns, for each Heading 1 by its bookmark, (paragraph, page, y, area, the
    chapter's height from its heading to its end: the next chapter or a page break).
    Headings are settled in order, by name (a paragraph's Python proxy is no identity): a break moves
    everything after it, so the layout is redone after each.
    """
    settled: set[str] = set()
    while True:
        found = None
        for name, (para, page, y, area, rest) in paginate_with_y(writer).items():
            if name in settled:
                continue
            settled.add(name)
            if y > 1 and area - y < area * CHAPTER_ROOM and y + rest > area:
                found = para
                break
        if found is None:
            return
        put(found.find(qn("w:pPr")), el("pageBreakBefore"), el("spacing", before=0))  # at its page's top
        writer.pages_layout().forget(found)


def mark_positions(writer) -> dict[str, tuple[int, float, float, int]]:
    """Return every bookmark of the writer's body as the pagination model lays it out: (page, y from the page's
    top, text height, the unit's index), y that of the start of the line (or row) the bookmark starts in, 0 at
    a page's top; units are lines and table rows, so indices count lines."""
    return _laid_out(writer)[0]


def _laid_out(writer) -> tuple[dict[str, tuple[int, float, float, int]], list]:
    """Return mark_positions' bookmarks and the units the pagination model laid the body out in."""
    from briefing.render.docx.pages import units
    from briefing.render.docx.pages.flow import page_runs

    items = units(writer.body, writer.pages_layout())
    at: dict[str, tuple[int, float, float, int]] = {}
    for page, start, end in page_runs(items):  # where each unit that stays on a page starts
        y = 0.0
        for k in range(start, end):
            u = items[k]
            y += u.height + (u.header + u.top if k == start else u.gap) - u.height  # as the pagination model adds
            for name in u.marks:
                at[name] = (page, y if k > start else 0.0, u.area, k)
            y += u.height
    return at, items


def heading_positions(writer) -> dict:
    """Return each chapter heading of the writer's body by bookmark: (paragraph, page, y from its page's top, text
    height, the chapter's height: its units from the heading to the next chapter or page break, with their gaps).

    In document order (the body's), so chapter_breaks settles the first chapters first.
    """
    at, items = _laid_out(writer)
    found = []
    for p in writer.body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is None or style.get(qn("w:val")) != writer.ids.get("Heading1", "Heading1"):
            continue
        mark = p.find(qn("w:bookmarkStart"))
        if mark is not None and mark.get(qn("w:name")) in at:
            found.append((mark.get(qn("w:name")), p))
    names = {name for name, _ in found}
    rest: dict[str, float] = {}
    current = None
    for k, u in enumerate(items):
        head = next((name for name in u.marks if name in names), None)
        if head is not None:
            current, rest[head] = head, u.height
        elif current is not None and (u.new_page or k == 0):
            current = None  # a page break ends the chapter's run on its page
        elif current is not None:
            rest[current] += u.gap + u.height
    return {name: (p, *at[name][:3], rest.get(name, 0.0)) for name, p in found}


_BADGES: dict[tuple, tuple[bytes, float, float]] = {}


def _badge_png(text: str, brand) -> tuple[bytes, float, float]:
    """Return the badge's tag as a PNG and its size in points: white words on a rounded accent box."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefing import fonts
    from briefing.charts.raster import rasterize

    key = (text, brand.color("accent"), brand.fonts["sans-cjk"])
    if key not in _BADGES:
        font = fonts.register(brand.font_stack("sans", "zh", bold=True)[0])  # the CJK face has Latin too
        size, pad, height = 7.5, 4.5, 11.5
        width = stringWidth(text, font, size) + 2 * pad
        drawing = Drawing(width, height)
        drawing.add(Rect(0, 0, width, height, rx=2, ry=2, fillColor=HexColor(brand.color("accent")),
                         strokeColor=None))
        drawing.add(String(pad, height / 2 - size * 0.36, text, fontName=font, fontSize=size,
                           fillColor=HexColor("#FFFFFF")))
        drawing.initialFontName = font
        _BADGES[key] = (rasterize(drawing, 300), width, height)
    return _BADGES[key]


def behind(writer, paragraph, png: bytes, width: float, height: float, x: float = 0.0, y: float = 0.0) -> None:
    """Anchor picture `png` (width x height points) behind the text at (x, y) from the page's top left.

    Word has no cell background pictures: the cover's motif (with the band's colour) is a
    picture placed on the page behind the band's unshaded cell, anchored in its first
    paragraph, wrapping nothing (a cell's shading would hide it).
    """
    from docx.oxml import parse_xml
    from docx.shared import Emu

    inline = writer.word.part.new_pic_inline(io.BytesIO(png), Pt(width), Pt(height))
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    anchor = parse_xml(
        f'<wp:anchor xmlns:wp="{wp}" distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0" '
        f'behindDoc="1" locked="1" layoutInCell="0" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{int(Emu(Pt(x)))}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{int(Emu(Pt(y)))}</wp:posOffset></wp:positionV>'
        f'</wp:anchor>')
    extent = inline.find(f"{{{wp}}}extent")
    anchor.append(extent)
    anchor.append(parse_xml(f'<wp:effectExtent xmlns:wp="{wp}" l="0" t="0" r="0" b="0"/>'))
    anchor.append(parse_xml(f'<wp:wrapNone xmlns:wp="{wp}"/>'))
    for name in ("docPr", "cNvGraphicFramePr"):
        child = inline.find(f"{{{wp}}}{name}")
        if child is not None:
            anchor.append(child)
    anchor.append(inline.find("{http://schemas.openxmlformats.org/drawingml/2006/main}graphic"))
    anchor.find(f"{{{wp}}}docPr").set("descr", "")  # decoration: nothing for a screen reader to read
    drawing = el("drawing")
    drawing.append(anchor)
    paragraph.insert(1 if paragraph.find(qn("w:pPr")) is not None else 0, el("r", drawing))

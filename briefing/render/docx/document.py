"""Write a document tree as a Word (.docx) file with named styles, fields and a pre-filled contents."""
from __future__ import annotations

import io
import math
import re
from copy import deepcopy
from pathlib import Path

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as WordParagraph
from docx.shared import Pt

from briefing import charts
from briefing.brand import Brand
from briefing.render.docx.pages import number_pages
from briefing.render.docx.package import save_reproducibly
from briefing.render.stamp import file_date
from briefing.render.docx.reference import drop_unused_rels, open_sheet
from briefing.render.docx.styles import (
    CARD_PAD, GUTTER, Fonts, Metrics, border, el, fonts_for, half_points, hexcolor, put, shading, tint,
    twips,
)
from briefing.tree import (
    BulletList, Chart, Cover, Document, FigureCard, FigureGrid, Heading, Inline, PageBreak, Paragraph, Table, TableOfContents,
)

__all__ = ["render", "bookmark_names", "estimate_pages", "value_size"]

# tree style name -> Word style id
PARAGRAPH_STYLES = {
    "Body Text": "BodyText", "Lead": "Lead", "Caption": "Caption", "Note": "Note", "List Bullet": "ListBullet",
}
TABLE_STYLES = {"Briefing Table": "BriefingTable", "Figure Cards": "FigureCards"}
TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NUMERIC = re.compile(r"^[+\-\u2212\u00b1~\u2248$\u00a5\u20ac\u00a3]?\d[\d,.\s]*\S{0,4}$")
CARD_BAR = (2.25, 5.0)  # the rule over a card's value: width and distance, points
SPACER = 0.9  # the gap after a table, in base sizes


def render(doc: Document, brand: Brand, path: Path) -> None:
    """Write `doc` styled by `brand` as a .docx file at `path`.

    The styles come from the brand's reference.docx when it has one, else from
    the brand itself (docx_reference.open_sheet).
    """
    _Writer(doc, brand).write(Path(path))


def bookmark_names(doc: Document) -> dict[str, str]:
    """Return a Word-valid, unique bookmark name for the anchor of every heading in `doc`.

    Names start "_Toc" like Word's own contents bookmarks, which Word hides from
    its bookmark list; anchors are [a-z0-9-], so hyphens become underscores.
    """
    names: dict[str, str] = {}
    for block in doc.blocks:
        if isinstance(block, Heading):
            base = "_Toc_" + re.sub(r"[^A-Za-z0-9_]", "_", block.anchor)[:35]
            name, n = base, 1
            while name in names.values():
                n += 1
                name = f"{base[: 39 - len(str(n))]}_{n}"
            names[block.anchor] = name
    return names


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


def estimate_pages(doc: Document, brand: Brand) -> tuple[dict[str, int], int]:
    """Return the page of each heading anchor and the page count, as LibreOffice paginates the Word file.

    Word and LibreOffice paginate for themselves, but neither updates a contents
    field on opening, so its cached page numbers are what a reader sees first.
    The document is written (not saved) and its body laid out by docx_pages.
    """
    writer = _Writer(doc, brand)
    writer.build()
    names = bookmark_names(doc)
    return {anchor: writer.pages[name] for anchor, name in names.items() if name in writer.pages}, writer.page_count


class _Writer:
    """One rendering: the python-docx document being built and what it needs to know."""

    def __init__(self, doc: Document, brand: Brand, use_reference: bool = True):
        self.doc, self.brand = doc, brand
        self.fonts: Fonts = fonts_for(brand, doc.lang, doc.meta.lang)
        # a bilingual edition sets its second language in that language's faces
        self.second = fonts_for(brand, doc.translation_lang) if doc.translation_lang else None
        self.sheet = open_sheet(brand, doc.lang, doc.meta.lang, doc.translation_lang, use_reference)
        self.word, self.metrics, self.ids = self.sheet.word, self.sheet.metrics, self.sheet.ids
        self.text_width = self.sheet.text_width
        self.body = self.word.element.body
        self.bookmarks = bookmark_names(doc)
        self.pages, self.page_count = {}, 0  # by bookmark; known once the body is written
        self.break_pending = False
        self._next_id = 0

    def write(self, path: Path) -> None:
        """Build the whole document and save it to `path`."""
        self.build()
        save_reproducibly(self.word, Path(path))

    def build(self) -> None:
        """Build the whole document: its blocks, the contents' page numbers, header, footer and properties."""
        for i, block in enumerate(self.doc.blocks):
            handler = getattr(self, "_" + type(block).__name__.lower(), None)
            if handler is None:
                raise TypeError(f"the Word renderer cannot write a {type(block).__name__} block")
            handler(block)
            following = self.doc.blocks[i + 1] if i + 1 < len(self.doc.blocks) else None
            if isinstance(block, Paragraph) and isinstance(following, Table):
                put(self.body.find(qn("w:sectPr")).getprevious().find(qn("w:pPr")), el("keepNext"))
        # the contents shows the pages LibreOffice will lay the headings on
        self.pages, self.page_count = number_pages(self.word, {"latin": self.brand.fonts["serif-latin"],
                                                               "east": self.brand.fonts["serif-cjk"]})
        self._header_footer()
        self._properties()
        for part in [self.word.part] + [rel.target_part for rel in self.word.part.rels.values()
                                        if rel.reltype.endswith(("/header", "/footer"))]:
            drop_unused_rels(part)  # a reference's own header picture, replaced by ours

    # -- building blocks -------------------------------------------------------------

    def _p(self, style_id: str, *children, into=None, **ppr):
        """Append and return a paragraph in style `style_id` (to the body or `into`)."""
        props = el("pPr", el("pStyle", val=self.ids.get(style_id, style_id)), *ppr.values())
        if into is None and self.break_pending:
            put(props, el("pageBreakBefore"))
            self.break_pending = False
        p = el("p", props, *children)
        if into is None:
            self.body.find(qn("w:sectPr")).addprevious(p)
        else:
            into.append(p)
        return p

    def _r(self, text: str, bold: bool = False, color: str | None = None, fonts=None, size: float | None = None,
           style: str | None = None, lang: str | None = None):
        """Return a run of `text` carrying only what is its own; the rest (faces, size, colour) is its style's.

        `fonts` is a w:rFonts for a run set in other faces than its paragraph (a
        symbol, the second language). Chinese runs carry the hint Word's own
        Chinese input gives them, so quotes and dots shared by both scripts are
        set in the East Asian face; it names no face, so a restyle still applies.
        """
        if fonts is None and self.doc.lang == "zh":
            fonts = el("rFonts", hint="eastAsia")
        props = [el("rStyle", val=self.ids.get(style, style)) if style else None, fonts,
                 *((el("b"), el("bCs")) if bold else ()), el("color", val=color) if color else None,
                 *((el("sz", val=half_points(size)), el("szCs", val=half_points(size))) if size else ()),
                 el("lang", val=lang, eastAsia="zh-CN") if lang else None]
        run = el("r", el("rPr", *props)) if any(p is not None for p in props) else el("r")
        for i, line in enumerate(text.split("\n")):
            if i:
                run.append(el("br"))
            for j, piece in enumerate(line.split("\t")):
                if j:
                    run.append(el("tab"))
                if piece:
                    t = el("t")
                    t.text = piece
                    t.set(XML_SPACE, "preserve")
                    run.append(t)
        return run

    def _inline(self, inline: Inline, style_id: str, second: bool = False) -> list:
        """Return the runs of an inline sequence; bold spans become bold runs."""
        if second:
            return [self._t(span.text, style_id, bold=span.bold, inline=False) for span in inline if span.text]
        return [self._t(span.text, style_id, bold=span.bold) if span.second and self.second
                else self._r(span.text, bold=span.bold) for span in inline if span.text]

    def _t(self, text: str, style_id: str, scale: float = 1.0, bold: bool = False, inline: bool = True,
           color: str | None = None, size_of: str | None = None):
        """Return a run of the bilingual edition's second language in a paragraph of style `style_id`.

        It names the faces and language where they differ from its paragraph's;
        `inline` (within a paragraph of the first language) gives it the Second
        Language character style, muted; `scale` sets it smaller than the size of
        `size_of` (default: its paragraph style).
        """
        attrs = self.sheet.second.get(style_id, {})
        fonts = el("rFonts", **attrs) if attrs else None
        size = None
        if scale != 1.0:
            size = (self.metrics[size_of or style_id].size if (size_of or style_id) in self.metrics
                    else self.brand.base_size) * scale
        tag = self.second.lang_tag if self.second else None
        return self._r(text, bold=bold, color=color, fonts=fonts, size=size,
                       style="SecondLanguage" if inline else None, lang=tag)

    def _field(self, instr: str, cached: str, style_id: str, end: bool = True) -> list:
        """Return the runs of a complex field `instr` showing `cached` until it is updated."""
        code = el("r", el("instrText"))
        code[0].text = f" {instr} "
        code[0].set(XML_SPACE, "preserve")
        runs = [_fld("begin"), code, _fld("separate")]
        return runs + ([self._r(cached), _fld("end")] if end else [])

    # -- blocks ----------------------------------------------------------------------

    def _cover(self, cover: Cover) -> None:
        """Write the title page as its own margin-less section: a brand band holding the title."""
        width, height = self.sheet.page
        m, white = self.sheet.margins, "FFFFFF"
        grid = el("tblGrid", el("gridCol", w=twips(width)))
        margins = el("tblCellMar", el("left", w=twips(m["left"]), type="dxa"),
                     el("right", w=twips(m["right"]), type="dxa"))
        look = el("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
        props = el("tblPr", el("tblW", w=twips(width), type="dxa"), el("tblLayout", type="fixed"), margins, look)
        tbl = el("tbl", props, grid)
        self.body.find(qn("w:sectPr")).addprevious(tbl)
        band = el("tr", el("trPr", el("cantSplit"), el("trHeight", val=twips(height * 0.62), hRule="exact")))
        stripe = el("tr", el("trPr", el("cantSplit"), el("trHeight", val=twips(6), hRule="exact")))
        tbl.extend([band, stripe])
        cell = self._cell(band, twips(width), shading(hexcolor(self.brand.color("primary"))),
                          el("tcMar", el("bottom", w=twips(48), type="dxa")), el("vAlign", val="bottom"))
        kicker = tint(self.brand.color("secondary"), 0.55)  # the secondary hue, lightened to read on the band
        # on the band the text is light whatever its styles' colours: the band is the brand's, not a style's
        self._p("CoverKicker", self._r(cover.kicker, color=kicker), into=cell)
        self._p("Title", self._r(cover.title, color=white), into=cell)
        second = cover.translation if self.second else None
        pale = tint(self.brand.color("primary"), 0.75)  # the second language on the band reads in white too
        if second:
            self._p("Subtitle", self._t(second.title, "Subtitle", color=pale), into=cell)
        if cover.tagline:
            self._p("Subtitle", self._r(cover.tagline, color=white), into=cell)
        if second and second.tagline:
            self._p("Subtitle", self._t(second.tagline, "Subtitle", scale=0.85, color=pale), into=cell)
        line = self._cell(stripe, twips(width), shading(hexcolor(self.brand.color("accent"))))
        self._p("Normal", into=line, mark=el("rPr", el("sz", val=2)), exact=el("spacing", line=20, lineRule="exact"))
        indent = el("ind", left=twips(m["left"]), right=twips(m["right"]))
        paragraphs = [self._p("CoverLine", self._r(text), ind=indent) for text in cover.lines]
        if second:
            paragraphs += [self._p("CoverLine", self._t(text, "CoverLine"), ind=deepcopy(indent))
                           for text in second.lines]
        name = self.brand.name.get(self.doc.lang, "")
        if self.brand.logo or name:  # the issuer's emblem and name under the facts
            issuer = self._p("CoverLine", ind=deepcopy(indent))
            put(issuer.find(qn("w:pPr")), el("spacing", before=twips(height * 0.12)))
            target = WordParagraph(issuer, self.word._body)
            if self.brand.logo:
                target.add_run().add_picture(str(self.brand.logo), height=Pt(30))
                issuer.append(self._r("   "))
            if name:
                issuer.append(self._r(name, color=hexcolor(self.brand.color("primary"))))
            paragraphs.append(issuer)
        last = paragraphs[-1] if paragraphs else self._p("Normal", ind=indent)
        put(last.find(qn("w:pPr")), self._cover_section())
        if paragraphs:
            put(paragraphs[0].find(qn("w:pPr")), el("spacing", before=twips(40)))

    def _cover_section(self):
        """Return the sectPr that ends the cover: same page, no margins, no header or footer."""
        sect = deepcopy(self.body.find(qn("w:sectPr")))
        for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
            sect.remove(ref)
        margins = sect.find(qn("w:pgMar"))
        for side in ("top", "bottom", "left", "right", "header", "footer", "gutter"):
            margins.set(qn("w:" + side), "0")
        return sect

    def _tableofcontents(self, toc: TableOfContents) -> None:
        """Write the contents: a TOC field whose cached result already lists every heading."""
        self.break_pending = False  # TOC Heading starts a page
        self._p("TOCHeading", self._r(toc.title),
                *([self._r("  "), self._t(toc.translation, "TOCHeading")] if toc.translation else []))
        headings = [b for b in self.doc.blocks if isinstance(b, Heading)]
        if not headings:
            self._p("TOC1", *self._field(TOC_FIELD, "", "TOC1"))
            return
        muted = hexcolor(self.brand.color("muted"))
        for i, heading in enumerate(headings):
            sid, name = f"TOC{heading.level}", self.bookmarks[heading.anchor]
            dots = el("r", el("rPr", el("b", val=0), el("bCs", val=0), el("color", val=muted)), el("tab"))
            page = ""  # shown once the body is written and laid out (build, docx_pages.number_pages)
            second = [self._r("  "), self._t(heading.translation, sid)] if heading.translation and self.second else []
            link = el("hyperlink", self._r(heading.text), *second, dots, *self._field(f"PAGEREF {name} \\h", page, sid),
                      anchor=name, history=1)
            begin = self._field(TOC_FIELD, "", sid, end=False) if i == 0 else []
            end = [_fld("end")] if i == len(headings) - 1 else []
            self._p(sid, *begin, link, *end)

    def _heading(self, heading: Heading) -> None:
        """Write a heading in style Heading 1/2 with a bookmark the contents links to."""
        if heading.level not in (1, 2):
            raise ValueError(f"heading level must be 1 or 2, got {heading.level}")
        if heading.level == 1:
            self.break_pending = False  # the style starts a page
        sid = f"Heading{heading.level}"
        self._next_id += 1
        second = []
        if heading.translation:  # on a line of its own in the same heading, so both show in the contents
            second = [el("r", el("br")), self._t(heading.translation, sid, scale=0.7)]
        self._p(sid, el("bookmarkStart", id=self._next_id, name=self.bookmarks[heading.anchor]),
                self._r(heading.text), *second, el("bookmarkEnd", id=self._next_id))

    def _paragraph(self, paragraph: Paragraph) -> None:
        sid = _style_id(paragraph.style, PARAGRAPH_STYLES)
        if paragraph.translation is None:
            self._p(sid, *self._inline(paragraph.text, sid))
            return
        self._p(sid, *self._inline(paragraph.text, sid), keep=el("keepNext"), after=el("spacing", after=60))
        # a Note (a link's facts line) leads its text: its translation keeps with what follows too
        keep = {"keep": el("keepNext")} if paragraph.style == "Note" else {}
        self._p("Translation", *self._inline(paragraph.translation, "Translation", second=True), **keep)

    def _bulletlist(self, bullets: BulletList) -> None:
        sid = _style_id(bullets.style, PARAGRAPH_STYLES)
        last = len(bullets.items) - 1
        for i, item in enumerate(bullets.items):
            if bullets.translations is None:  # the last two travel together: no lone bullet on a page
                self._p(sid, *self._inline(item, sid), **({"keep": el("keepNext")} if i == last - 1 else {}))
                continue
            self._p(sid, *self._inline(item, sid), keep=el("keepNext"), after=el("spacing", after=40))
            self._p("Translation", *self._inline(bullets.translations[i], "Translation", second=True),
                    ind=el("ind", left=twips(self.brand.base_size * 1.4)))

    def _pagebreak(self, _: PageBreak) -> None:
        self.break_pending = True

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

    @staticmethod
    def _cell(row, width: int, *props):
        tc = el("tc", el("tcPr", el("tcW", w=width, type="dxa"), *props))
        row.append(tc)
        return tc

    def _table(self, table: Table) -> None:
        """Write a data table in the Briefing Table style, its header row repeated on each page."""
        sid = _style_id(table.style, TABLE_STYLES)
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
        """Write the key figures as cards in a Figure Cards table, `columns` to a row."""
        columns = max(1, min(grid.columns, len(grid.cards) or 1))
        tbl, cols = self._table_element("FigureCards", [1.0] * columns, header=False)
        inner = cols[0] / 20 - 2 * CARD_PAD[1] - GUTTER
        for start in range(0, len(grid.cards), columns):
            tr = el("tr", el("trPr", el("cantSplit")))
            tbl.append(tr)
            chunk = grid.cards[start : start + columns]
            for i, width in enumerate(cols):
                if i < len(chunk):
                    before, number, after = chunk[i].parts()
                    words = before + after  # set at half size: about half as wide
                    proxy = number + words[: (len(words) + 1) // 2]
                    self._card(chunk[i], tr, width, value_size(proxy, inner, self.metrics["FigureValue"]))
                else:  # an empty slot, not an empty card
                    blank = shading(hexcolor(self.brand.color("background")))
                    self._p("FigurePeriod", into=self._cell(tr, width, blank))
        self._spacer()

    def _card(self, card: FigureCard, tr, width: int, size: tuple[float, int]) -> None:
        """Write one key figure: value under a bar, label, change with its arrow, period."""
        accent = hexcolor(self.brand.color("accent"))
        cell = self._cell(tr, width, *([shading(tint(self.brand.color("accent"), 0.86))] if card.featured else []))
        bar = el("pBdr", border("top", accent if card.featured else hexcolor(self.brand.color("primary")), *CARD_BAR))
        full, extra = self.metrics["FigureValue"], {}
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
        if second:
            value = self._t(second.value, "FigureLabel", scale=0.5, bold=True, size_of="FigureValue")
            self._p("FigureLabel", value, into=cell)
        self._p("FigureLabel", self._r(card.label), into=cell)
        if second:
            self._p("FigureLabel", self._t(second.label, "FigureLabel", scale=0.95), into=cell)
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

    def _chart(self, chart: Chart) -> None:
        """Write a picture drawn from the data: the PDF's drawing as a PNG at its size, then its caption."""
        png, width, height = charts.png(chart, self.brand, self.doc.lang, self.text_width)
        inline = self.word.part.new_pic_inline(io.BytesIO(png), Pt(width), Pt(height))
        inline.docPr.set("descr", chart.alt)  # the alt text Word shows and reads out
        for side in ("distT", "distB", "distL", "distR"):  # LibreOffice adds 0.125in where these are missing
            inline.set(side, "0")
        drawing = el("drawing")
        drawing.append(inline)
        extra = {"jc": el("jc", val="left")} if charts.align(chart) == "left" else {}
        if not chart.caption:
            extra["spacing"] = el("spacing", before=twips(self.brand.base_size * 0.5),
                                  after=twips(self.brand.base_size))
            extra["keep"] = el("keepNext", val=0)
        self._p("Figure", el("r", drawing), **extra)
        if chart.caption:
            caption = chart.caption
            self._p("Caption", *(self._inline(caption, "Caption") if isinstance(caption, tuple) else [self._r(caption)]))

    def _spacer(self) -> None:
        """Separate a table from what follows (Word needs a paragraph between tables anyway)."""
        gap = el("spacing", before=0, after=0, line=twips(self.brand.base_size * SPACER), lineRule="exact")
        self._p("TableText", spacing=gap, mark=el("rPr", el("sz", val=2)))

    # -- page furniture and metadata -------------------------------------------------

    def _header_footer(self) -> None:
        """Put the running title over a rule in the header and the page label in the footer."""
        section = self.word.sections[-1]  # the body; a cover is a section of its own without them
        header, footer = section.header, section.footer
        header.is_linked_to_previous = footer.is_linked_to_previous = False
        running = self.brand.running_header(self.doc.lang, self.doc.running_title)
        _replace(header._element, self._p("Header", self._r(running), into=el("hdr")))
        if self.brand.logo:  # the emblem before the running title
            run = header.paragraphs[0].add_run()
            run.add_picture(str(self.brand.logo), height=Pt(11))
            run._r.getparent().insert(run._r.getparent().index(header.paragraphs[0].runs[0]._r), run._r)
            header.paragraphs[0].runs[0]._r.addnext(self._r("  "))
        paragraph = self._p("Footer", into=el("ftr"))
        note = self.brand.footer_text(self.doc.lang)
        if note:
            paragraph.append(self._r(note + "    "))
        for piece in re.split(r"(\{page\}|\{pages\})", self.doc.page_label):
            if piece == "{page}":
                paragraph.extend(self._field("PAGE", "2", "Footer"))
            elif piece == "{pages}":
                paragraph.extend(self._field("NUMPAGES", str(self.page_count), "Footer"))
            elif piece:
                paragraph.append(self._r(piece))
        _replace(footer._element, paragraph)

    def _properties(self) -> None:
        meta, props = self.doc.meta, self.word.core_properties
        props.title, props.author, props.subject = meta.title, meta.author, meta.subject
        props.keywords = "; ".join(meta.keywords)
        props.language, props.comments, props.category = meta.lang, "", ""
        props.last_modified_by, props.revision = meta.author, 1
        props.created = props.modified = file_date(meta.date).replace(tzinfo=None)  # the content's: same input, same bytes


def _fld(kind: str):
    """Return a run holding a field character ("begin", "separate" or "end")."""
    return el("r", el("fldChar", fldCharType=kind))


def _numeric(column: list[str]) -> bool:
    """Return whether a table column holds figures (to align right): all its cells that are filled."""
    filled = [text for text in column if text]
    return bool(filled) and all(_NUMERIC.match(text) for text in filled)


def _right(flag: bool) -> dict:
    return {"jc": el("jc", val="right")} if flag else {}


def _style_id(name: str, known: dict[str, str]) -> str:
    """Return the Word style id of tree style `name`, refusing names this renderer lacks."""
    if name not in known:
        raise ValueError(f"unknown style {name!r} for Word output; known: {', '.join(known)}")
    return known[name]


def _replace(part_root, paragraph) -> None:
    """Make `paragraph` the only content of a header or footer."""
    for child in list(part_root):
        part_root.remove(child)
    part_root.append(paragraph)

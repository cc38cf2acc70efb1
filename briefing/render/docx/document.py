"""Write a document tree as a Word (.docx) file with named styles, fields and a pre-filled contents.

The writer walks the tree's blocks once, each to its method: paragraphs,
headings, lists and pictures here; the cover (cover.py), the contents and page
furniture (fields.py) and tables and figure cards (tables.py) in mixins. The
look comes from the style sheet (styles.py, or a brand's reference.docx via
reference.py); the contents' page numbers from the pagination model (pages/).
Nothing here reads YAML or knows editions.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from docx.oxml.ns import qn
from docx.shared import Pt

from briefing import charts
from briefing.brand import Brand
from briefing.render.docx.cover import CoverBlocks
from briefing.render.docx.fields import ContentsFields
from briefing.render.docx.furniture import FurnitureBlocks, chapter_breaks, heading_positions, mark_positions
from briefing.render.docx.letter import LetterBlocks, settle_letters
from briefing.render.docx.pages import layout_for, number_pages
from briefing.render.docx.package import save_reproducibly
from briefing.render.stamp import file_date
from briefing.render.docx.reference import drop_unused_rels, open_sheet
from briefing.render.docx.styles import PARAGRAPH_STYLES, Fonts, fonts_for, word_style_id
from briefing.render.docx.tables import TableBlocks
from briefing.render.docx.xml import XML_SPACE, el, half_points, put, twips
from briefing.tree import BulletList, Chart, Document, Heading, Inline, PageBreak, Paragraph, Table

__all__ = ["render", "bookmark_names", "estimate_pages"]

MAX_NOTES = 3  # notes pages a document may take to make its page count even (one, as a rule)


def render(doc: Document, brand: Brand, path: Path) -> None:
    """Write `doc` styled by `brand` as a .docx file at `path`.

    The styles come from the brand's reference.docx when it has one, else from
    the brand itself (reference.open_sheet).
    """
    save_reproducibly(_settled(doc, brand).word, Path(path))


def _settled(doc: Document, brand: Brand) -> "_Writer":
    """Return a built writer (its page count made even by notes pages before the back cover: build)."""
    writer = _Writer(doc, brand)
    writer.build()
    return writer


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


def estimate_pages(doc: Document, brand: Brand) -> tuple[dict[str, int], int]:
    """Return the page of each heading anchor and the page count, as LibreOffice paginates the Word file.

    Word and LibreOffice paginate for themselves, but neither updates a contents
    field on opening, so its cached page numbers are what a reader sees first.
    The document is written (not saved) and its body laid out by the pages model (render/docx/pages).
    """
    writer = _settled(doc, brand)
    names = bookmark_names(doc)
    return {anchor: writer.pages[name] for anchor, name in names.items() if name in writer.pages}, writer.page_count


class _Writer(FurnitureBlocks, LetterBlocks, CoverBlocks, ContentsFields, TableBlocks):
    """One rendering: the python-docx document being built and what it needs to know."""

    embed_fonts = True  # carry the faces, subset (render/docx/embed.py); the reference document does not

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
        self._layout = None  # the pagination model's (pages_layout)
        self.notes = 0  # notes pages before the back cover (an even page count)
        self.back_start = None  # the paragraph ending the body's section, before the back cover (notes go before it)
        self.back_section = False  # the back cover is the last section: the body's is the one before
        self.previous = None  # the block written last
        self.last_heading = None  # the bookmark of the heading written last
        self.letter_end = None  # the welcome letter's last paragraph, while settle_letters has to place it
        self.letter_follows = False  # the next chapter heading comes right after the letter
        self.letter_next = self.letter_next_p = None  # that heading's bookmark and paragraph

    def write(self, path: Path) -> None:
        """Build the whole document and save it to `path`."""
        self.build()
        save_reproducibly(self.word, Path(path), embed=self.embed_fonts)

    def build(self) -> None:
        """Build the whole document: its blocks, the contents' page numbers, header, footer and properties."""
        for i, block in enumerate(self.doc.blocks):
            handler = getattr(self, "_" + type(block).__name__.lower(), None)
            if handler is None:
                raise TypeError(f"the Word renderer cannot write a {type(block).__name__} block")
            handler(block)
            self.previous = block
            following = self.doc.blocks[i + 1] if i + 1 < len(self.doc.blocks) else None
            if isinstance(block, Paragraph) and (isinstance(following, Table) and block.style != "Lead"
                                                 or isinstance(following, Chart)):
                # a table or picture starts on the page of the text that introduces it (a long text's last lines)
                put(self.body.find(qn("w:sectPr")).getprevious().find(qn("w:pPr")), el("keepNext"))
        # the contents shows the pages LibreOffice will lay the headings on
        if self.brand.chapter_break == "auto" or self.letter_end is not None:
            # the contents' numbers at their width, then where letters and chapters fall
            number_pages(self.word, layout=self.pages_layout())
            settle_letters(self, mark_positions)
        if self.brand.chapter_break == "auto":
            chapter_breaks(self, heading_positions)
        self.pages, self.page_count = number_pages(self.word, layout=self.pages_layout())
        while self.back_start is not None and self.page_count % 2 and self.notes < MAX_NOTES:
            self._insert_notes()  # before the back cover: nothing before it moves, so nothing is laid out again
            self.pages, self.page_count = number_pages(self.word, layout=self.pages_layout())
        self._header_footer()
        self._properties()
        for part in [self.word.part] + [rel.target_part for rel in self.word.part.rels.values()
                                        if rel.reltype.endswith(("/header", "/footer"))]:
            drop_unused_rels(part)  # a reference's own header picture, replaced by ours

    def pages_layout(self):
        """Return the pagination model's layout of this document, made once the body is written, then kept.

        Whoever changes a block after it was measured tells the layout (Layout.forget).
        """
        if self._layout is None:
            faces = {"latin": self.brand.fonts["serif-latin"], "east": self.brand.fonts["serif-cjk"]}
            self._layout = layout_for(self.word, faces)
        return self._layout

    def _insert_notes(self) -> None:
        """Add a notes page before the back cover (the paragraphs are written at the body's end, then moved)."""
        last = self.body.find(qn("w:sectPr"))
        node = last.getprevious()
        self._notes(self.doc.notes_title)
        written = []
        while (node := node.getnext()) is not last:
            written.append(node)
        for p in written:  # moved, in order
            self.back_start.addprevious(p)
        self.notes += 1

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

    @staticmethod
    def _cell(row, width: int, *props):
        tc = el("tc", el("tcPr", el("tcW", w=width, type="dxa"), *props))
        row.append(tc)
        return tc

    # -- blocks ----------------------------------------------------------------------

    def _heading(self, heading: Heading) -> None:
        """Write a heading in style Heading 1/2 with a bookmark the contents links to."""
        if heading.level not in (1, 2):
            raise ValueError(f"heading level must be 1 or 2, got {heading.level}")
        own = {}
        after_letter = heading.level == 1 and self.letter_follows
        if heading.level == 1:  # the style starts a page; with chapter_break auto only after the contents
            alone = self.break_pending or type(self.previous).__name__ == "TableOfContents"
            if self.brand.chapter_break == "auto" and not alone:
                # build() sets a break where too little is left; following on the page, the chapter stands
                # apart by the PDF's measure: 2.6 base sizes more than the space after what it follows (the
                # PDF's page-break test between them keeps the two spaces from overlapping)
                before = self.brand.base_size * 2.6 + self._space_after_last()
                own = {"brk": el("pageBreakBefore", val=0), "gap": el("spacing", before=twips(before))}
            else:  # at the top of its page: no space before it (LibreOffice keeps it after a break)
                own = {"gap": el("spacing", before=0)}
            self.break_pending = self.letter_follows = False
        sid = f"Heading{heading.level}"
        self._next_id += 1
        self.last_heading = self.bookmarks[heading.anchor]
        second = []
        if heading.translation:  # on a line of its own in the same heading, so both show in the contents
            second = [el("r", el("br")), self._t(heading.translation, sid)]
        badge = self._badge(heading.badge) if heading.badge else []  # beside the heading, not in its text
        p = self._p(sid, el("bookmarkStart", id=self._next_id, name=self.bookmarks[heading.anchor]),
                    self._r(heading.text), *badge, *second, el("bookmarkEnd", id=self._next_id), **own)
        if after_letter:  # settle_letters decides whether it shares the letter's page
            self.letter_next, self.letter_next_p = self.last_heading, p
        if heading.level == 1:
            self._accent_bar()

    def _after(self, sid: str) -> float:
        """Return the space after paragraphs of our style `sid`, in points (as the sheet has it)."""
        return self.metrics[sid].after if sid in self.metrics else 0.0

    def _space_after_last(self) -> float:
        """Return the space after the body's last paragraph so far, in points: its own, else its style's."""
        last = self.body.find(qn("w:sectPr")).getprevious()
        if last is None or last.tag != qn("w:p"):
            return 0.0
        own = last.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if own is not None and own.get(qn("w:after")) is not None:
            return int(own.get(qn("w:after"))) / 20
        style = last.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        sid = style.get(qn("w:val")) if style is not None else "Normal"
        ours = next((k for k, v in self.ids.items() if v == sid), sid)
        return self.metrics[ours].after if ours in self.metrics else 0.0

    def _paragraph(self, paragraph: Paragraph) -> None:
        sid = word_style_id(paragraph.style, PARAGRAPH_STYLES)
        if paragraph.translation is None:
            self._p(sid, *self._inline(paragraph.text, sid))
            return
        # as the PDF: the pair stays on one page where it fits on one (both kept whole, the first with the
        # second), the first's own space after between them; a chapter's long lead under its heading may split
        lead = paragraph.style == "Lead" and isinstance(self.previous, Heading)
        whole = {} if lead else {"lines": el("keepLines")}
        self._p(sid, *self._inline(paragraph.text, sid), keep=el("keepNext"), **whole)
        # a Note (a link's facts line) leads its text: its translation keeps with what follows too
        keep = {"keep": el("keepNext")} if paragraph.style == "Note" else {}
        self._p("Translation", *self._inline(paragraph.translation, "Translation", second=True), **keep, **whole)

    def _bulletlist(self, bullets: BulletList) -> None:
        sid = word_style_id(bullets.style, PARAGRAPH_STYLES)
        last = len(bullets.items) - 1
        for i, item in enumerate(bullets.items):
            if bullets.translations is None:  # the first two and the last two travel together: no lone bullet
                keep = last > 0 and i in (0, last - 1)
                self._p(sid, *self._inline(item, sid), **({"keep": el("keepNext")} if keep else {}))
                continue
            self._p(sid, *self._inline(item, sid), keep=el("keepNext"))  # its own space after, as the PDF
            self._p("Translation", *self._inline(bullets.translations[i], "Translation", second=True),
                    after=el("spacing", after=twips(self._after(sid))),
                    ind=el("ind", left=twips(self.brand.base_size * 1.4)))

    def _pagebreak(self, _: PageBreak) -> None:
        self.break_pending = True

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

    # -- metadata ------------------------------------------------------------------

    def _properties(self) -> None:
        meta, props = self.doc.meta, self.word.core_properties
        props.title, props.author, props.subject = meta.title, meta.author, meta.subject
        props.keywords = "; ".join(meta.keywords)
        props.language, props.comments, props.category = meta.lang, "", ""
        props.last_modified_by, props.revision = meta.author, 1
        props.created = props.modified = file_date(meta.date).replace(tzinfo=None)  # the content's: same input, same bytes

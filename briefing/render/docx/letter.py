"""The welcome letter in Word: its paragraphs, and where it stands, settled by the pagination model as in the PDF.

A mixin of the writer (document._Writer), like furniture.py. The letter is
greeting, body at reading size, closing and the signature block (the
signatory, else the issuer's emblem and name), set in a slightly narrower
measure with the accent stroke down its left edge. Written first as if it
shared its page; `settle_letters` then asks the pagination model where it ends
and decides as the PDF does (render/pdf/letter.py):

- a short letter (a message of at most SHORT_LINES lines, as the model
  breaks them) shares its page with the first chapter, when that chapter's
  opening fits under it;
- else it has the page to itself, a quarter of the spare room above it;
- in the bilingual edition the two letters stand on one page when they take
  no more than TOGETHER of it, else each on a page of its own.
"""
from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph

from briefing.render.docx.xml import el, hexcolor, logo_stream, put, twips
from briefing.tree import Letter

SHORT_LINES = 3  # as the PDF: a message of at most this many lines is a note, not a letter that deserves a page
TOGETHER = 0.8  # as the PDF: the most of a page the letters may take to share one
END_MARK = "_Letter_end"  # bookmarks the model measures the letters by (their end, each message); removed after


class LetterBlocks:
    """The writer's welcome letter."""

    def _letter(self, letter: Letter) -> None:
        """Write the welcome letter(s); the next chapter follows, until settle_letters says otherwise."""
        letters = [(letter, False)] + ([(letter.translation, True)] if letter.translation and self.second else [])
        self.letter_starts, self.letter_marks = [], []
        last = None
        for k, (one, second) in enumerate(letters):
            def runs(text, bold=False, style="BodyText"):
                return [self._t(text, style, bold=bold, inline=False)] if second else [self._r(text, bold=bold)]

            first = True

            def para(style, *children, **ppr):
                nonlocal first
                if first and k:
                    ppr["spacing"] = el("spacing", before=twips(self.brand.base_size * 2.4))
                indent = el("ind", left=twips(self.brand.base_size * 1.6), right=twips(self.text_width * 0.1))
                accent = el("pBdr", el("left", val="single", sz=20, space=12, color=hexcolor(self.brand.color("accent"))))
                p = self._p(style, *children, ind=indent, bdr=accent, **ppr)
                if first:
                    self.letter_starts.append(p)
                    first = False
                return p

            if one.greeting:
                para("BodyText", *runs(one.greeting, bold=True), keep=el("keepNext"))
            for i, body in enumerate(one.body):
                p = para("BodyText", *(self._inline(body, "BodyText", second=True) if second
                                       else self._inline(body, "BodyText")))
                if not i:
                    self._measuring_mark(p, f"_Letter_body_{k}")
            close = None
            if one.closing:
                close = para("BodyText", *runs(one.closing), keep=el("keepNext"), jc=el("jc", val="left"))
            name = one.name or self.brand.name.get(self.second.lang if second and self.second else self.doc.lang, "")
            sign = para("BodyText", keep=el("keepNext") if one.title else None,
                        gap=el("spacing", before=twips(self.brand.base_size * 1.8), after=0))
            self._measuring_mark(close if close is not None else sign, f"_Letter_close_{k}")
            if not one.name and self.brand.logo:  # the issuer signs with its emblem
                WordParagraph(sign, self.word._body).add_run().add_picture(logo_stream(self.brand.logo), height=Pt(22))
                sign.append(self._r("  "))
            sign.extend(runs(name, bold=True))
            last = sign
            if one.title:
                last = para("Caption", *runs(one.title, style="Caption"))
        self._measuring_mark(last, END_MARK)
        self.letter_end = last
        self.letters = len(letters)
        self.letter_heading = self.last_heading  # the letter's own heading ("Welcome")
        self.letter_follows = True  # the next chapter heading is written to follow (document._heading)

    def _measuring_mark(self, paragraph, name: str) -> None:
        """Put bookmark `name` round `paragraph`'s content for the pagination model (settle_letters removes it)."""
        marks = (el("bookmarkStart", id=0, name=name), el("bookmarkEnd", id=0))
        pr = paragraph.find(qn("w:pPr"))
        paragraph.insert(1 if pr is not None else 0, marks[0])
        paragraph.append(marks[1])
        self.letter_marks += marks


def settle_letters(writer, mark_positions) -> None:
    """Place the letter(s) as the module says: sharing the first chapter's page, alone on one, or apart.

    `mark_positions(writer)` returns (page, y from the page's top, text height, line index) of every bookmark.
    """
    end = getattr(writer, "letter_end", None)
    if end is None:
        return
    at = mark_positions(writer)
    page, _, area, _ = at[writer.letter_heading]
    end_page, end_y, _, _ = at[END_MARK]
    lines = [at[f"_Letter_close_{k}"][3] - at[f"_Letter_body_{k}"][3] for k in range(writer.letters)]
    bottom = end_y + writer.brand.base_size * 2.0  # the last line's top, and the line
    after = at.get(writer.letter_next) if writer.letter_next else None
    layout = writer.pages_layout()
    for mark in writer.letter_marks:  # the model's measuring marks, not the document's
        layout.forget(mark.getparent())
        mark.getparent().remove(mark)
    writer.letter_end = None
    if end_page != page or bottom > TOGETHER * area:  # each language's letter on a page of its own
        for k, p in enumerate(writer.letter_starts):
            if k:
                put(p.find(qn("w:pPr")), el("pageBreakBefore"))
            _lead(p, writer.sheet.page[1] * 0.12)
            layout.forget(p)
        _break_after(writer)
        return
    shared = (writer.brand.chapter_break == "auto" and max(lines) <= SHORT_LINES and after is not None
              and after[0] == page)
    if not shared:  # the page is the letters' own: a quarter of the spare room above them
        _lead(writer.letter_starts[0], max(0.0, area - bottom) * 0.25)
        layout.forget(writer.letter_starts[0])
        _break_after(writer)


def _lead(paragraph, points: float) -> None:
    put(paragraph.find(qn("w:pPr")), el("spacing", before=twips(points)))


def _break_after(writer) -> None:
    """Start the chapter after the letters on a page of its own."""
    heading = getattr(writer, "letter_next_p", None)
    if heading is not None:
        put(heading.find(qn("w:pPr")), el("pageBreakBefore"))
        writer.pages_layout().forget(heading)

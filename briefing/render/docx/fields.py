"""Word fields: the contents (a TOC field pre-filled with PAGEREFs) and the page furniture with PAGE and NUMPAGES.

Neither Word nor LibreOffice updates fields on opening, so every field carries
its cached result: the contents lists each heading with the page the pagination
model (pages/) computed. A mixin of the writer (document._Writer): it uses the
writer's `_p`, `_r`, `_t` and bookmarks, and knows nothing of the other blocks
or of YAML.
"""
from __future__ import annotations

import re
from copy import deepcopy

from docx.shared import Pt

from briefing.render.docx.xml import XML_SPACE, el, hexcolor, logo_stream
from briefing.tree import Heading, TableOfContents

TOC_FIELD = 'TOC \\o "1-2" \\h \\z \\u'


class ContentsFields:
    """The writer's fields: the contents, and the header and footer that show the page."""

    def _field(self, instr: str, cached: str, style_id: str, end: bool = True) -> list:
        """Return the runs of a complex field `instr` showing `cached` until it is updated."""
        code = el("r", el("instrText"))
        code[0].text = f" {instr} "
        code[0].set(XML_SPACE, "preserve")
        runs = [_fld("begin"), code, _fld("separate")]
        return runs + ([self._r(cached), _fld("end")] if end else [])

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
            page = ""  # shown once the body is written and laid out (build, pages.number_pages)
            second = [self._r("  "), self._t(heading.translation, sid)] if heading.translation and self.second else []
            link = el("hyperlink", self._r(heading.text), *second, dots, *self._field(f"PAGEREF {name} \\h", page, sid),
                      anchor=name, history=1)
            begin = self._field(TOC_FIELD, "", sid, end=False) if i == 0 else []
            end = [_fld("end")] if i == len(headings) - 1 else []
            self._p(sid, *begin, link, *end)

    def _header_footer(self) -> None:
        """Put the running title over a rule in the header and the page label in the footer."""
        # the body; the cover and the back cover are sections of their own without them
        section = self.word.sections[-2 if getattr(self, "back_section", False) else -1]
        header, footer = section.header, section.footer
        header.is_linked_to_previous = footer.is_linked_to_previous = False
        if getattr(self, "back_section", False):  # the back cover: empty header and footer of its own
            back = self.word.sections[-1]
            back.header.is_linked_to_previous = back.footer.is_linked_to_previous = False
            for part in (back.header, back.footer):  # a hairline each: a header's line would push the band down
                _replace(part._element, el("p", el("pPr", el("spacing", before=0, after=0, line=1, lineRule="exact"),
                                                    el("rPr", el("sz", val=2)))))
        running = [self._r(self.brand.running_header(self.doc.lang, self.doc.running_title))]
        if self.doc.translation_lang:  # the bilingual edition's header in both languages
            running += [self._r("  ·  "), self._t(self.brand.running_header(
                self.doc.translation_lang, self.doc.translation_running_title or ""), "Header", inline=False)]
        right = el("tabs", el("tab", val="right", pos=round(self.text_width * 20)))
        _replace(header._element, self._p("Header", *running, into=el("hdr"), tabs=right))
        if self.brand.logo:  # the emblem at the right, as in the PDF
            header.paragraphs[0]._p.append(el("r", el("tab")))
            picture = header.paragraphs[0].add_run().add_picture(logo_stream(self.brand.logo), height=Pt(16))
            for side in ("distT", "distB", "distL", "distR"):  # LibreOffice's default is 1/8 inch all round
                picture._inline.set(side, "0")
        # as the PDF: a short bar in the brand's colour over the note at the left, the page label at the right
        footer_root = el("ftr")
        bar = el("pBdr", el("bottom", val="single", sz=16, space=0, color=hexcolor(self.brand.color("primary"))))
        self._p("Normal", into=footer_root, mark=el("rPr", el("sz", val=2)), bdr=bar,
                gap=el("spacing", before=0, after=200, line=20, lineRule="exact"),
                ind=el("ind", left=0, right=round((self.text_width - 24) * 20)))
        paragraph = self._p("Footer", into=footer_root, tabs=deepcopy(right), jc=el("jc", val="left"))
        note = " · ".join(t for t in dict.fromkeys(
            [self.brand.footer_text(self.doc.lang)]
            + ([self.brand.footer_text(self.doc.translation_lang)] if self.doc.translation_lang else [])) if t)
        if note:
            paragraph.append(self._r(note))
        paragraph.append(el("r", el("tab")))
        for piece in re.split(r"(\{page\}|\{pages\})", self.doc.page_label):
            if piece == "{page}":
                paragraph.extend(self._field("PAGE", "2", "Footer"))
            elif piece == "{pages}":
                paragraph.extend(self._field("NUMPAGES", str(self.page_count), "Footer"))
            elif piece:
                paragraph.append(self._r(piece))
        _replace(footer._element, *footer_root)


def _fld(kind: str):
    """Return a run holding a field character ("begin", "separate" or "end")."""
    return el("r", el("fldChar", fldCharType=kind))


def _replace(part_root, *paragraphs) -> None:
    """Make `paragraphs` the only content of a header or footer."""
    for child in list(part_root):
        part_root.remove(child)
    part_root.extend(paragraphs)

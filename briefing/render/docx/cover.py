"""The Word cover: the title page as a margin-less section holding a band in the brand's colours.

A mixin of the writer (document._Writer): it uses the writer's paragraphs,
runs and cells (`_p`, `_r`, `_t`, `_cell`) and its sheet, and knows nothing of
the other blocks, of the style sheet's looks or of YAML.
"""
from __future__ import annotations

from copy import deepcopy

from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph

from briefing.charts.motif import png as motif_png
from briefing.render.docx.furniture import behind
from briefing.render.docx.xml import el, hexcolor, logo_stream, put, shading, twips
from briefing.tree import Cover

LOGO = 34.0  # the issuer's emblem at the cover's foot, in points (as in the PDF)


class CoverBlocks:
    """The writer's cover: a band holding the title, a stripe, the cover lines and the issuer."""

    def _cover(self, cover: Cover) -> None:
        """Write the title page as its own margin-less section: a table as tall as the page, placed as the PDF's.

        Rows: the band in the brand's colour, its title block standing on the
        band's lower edge; the accent stripe; the cover lines; the issuer's emblem
        and name at the foot margin, the name centred on the emblem. Sizes,
        colours and gaps are the PDF's (render/pdf/blocks.py, CoverPage).
        """
        width, height = self.sheet.page
        m, white, b = self.sheet.margins, "FFFFFF", self.brand.base_size
        grid = el("tblGrid", el("gridCol", w=twips(width)))
        margins = el("tblCellMar", el("left", w=twips(m["left"]), type="dxa"),
                     el("right", w=twips(m["right"]), type="dxa"))
        look = el("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
        props = el("tblPr", el("tblW", w=twips(width), type="dxa"), el("tblLayout", type="fixed"), margins, look)
        tbl = el("tbl", props, grid)
        self.body.find(qn("w:sectPr")).addprevious(tbl)
        foot = m["bottom"] + LOGO + 6  # the issuer's row: its emblem stands on the foot margin
        lines_h = height * 0.38 - 6 - foot - 2  # 2 pt left for the paragraph that ends the section

        def row(h):
            tr = el("tr", el("trPr", el("cantSplit"), el("trHeight", val=twips(h), hRule="exact")))
            tbl.append(tr)
            return tr

        band, stripe, facts, issuer_row = row(height * 0.62), row(6), row(lines_h), row(foot)
        cell = self._cell(band, twips(width),  # the band's colour is the motif picture's ground (below)
                          el("tcMar", el("bottom", w=twips(44), type="dxa")), el("vAlign", val="bottom"))
        second = cover.translation if self.second else None

        def block(style, *runs, leading, last=False):  # the PDF's leading, 10 pt between blocks
            return self._p(style, *runs, into=cell,
                           gap=el("spacing", before=0, after=0 if last else 200, line=twips(leading),
                                  lineRule="exact"))

        # on the band the text is white whatever its styles' colours, as in the PDF: the band is the brand's
        kicker = [self._r(cover.kicker, color=white)]
        if second and second.kicker:  # both languages' names of the document on its top line
            kicker += [self._r("  ", color=white), self._t(second.kicker, "CoverKicker", inline=False, color=white)]
        blocks = [("CoverKicker", kicker, b * 1.8), ("Title", [self._r(cover.title, color=white)], b * 3.6 * 1.2)]
        if second:
            blocks.append(("Subtitle", [self._t(second.title, "Subtitle", inline=False, color=white)], b * 2.1))
        if cover.tagline:
            blocks.append(("Subtitle", [self._r(cover.tagline, color=white)], b * 2.1))
        if second and second.tagline:
            blocks.append(("Subtitle", [self._t(second.tagline, "Subtitle", 0.85, inline=False, color=white)],
                           b * 2.1))
        for k, (style, runs, leading) in enumerate(blocks):
            block(style, *runs, leading=leading, last=k == len(blocks) - 1)
        line = self._cell(stripe, twips(width), shading(hexcolor(self.brand.color("accent"))))
        self._p("Normal", into=line, mark=el("rPr", el("sz", val=2)), exact=el("spacing", line=20, lineRule="exact"))
        lines = self._cell(facts, twips(width), el("tcMar", el("top", w=twips(48), type="dxa")))
        texts = [(text, False) for text in cover.lines] + [(text, True) for text in (second.lines if second else [])]
        for text, other in texts:  # the PDF's Cover Line: its leading, 4 pt apart
            self._p("CoverLine", self._t(text, "CoverLine") if other else self._r(text), into=lines,
                    gap=el("spacing", before=0, after=80, line=twips(b * 1.6), lineRule="exact"))
        if not texts:
            self._p("CoverLine", into=lines)
        name = self.brand.name.get(self.doc.lang, "")
        # the emblem stands on the line's baseline: the line's descent (LibreOffice: about half an em of the
        # cover line's faces at single spacing) hangs below it, into the foot margin
        bottom = self._cell(issuer_row, twips(width),
                            el("tcMar", el("bottom", w=twips(m["bottom"] - b * 0.48), type="dxa")),
                            el("vAlign", val="bottom"))
        issuer = self._p("CoverLine", into=bottom, gap=el("spacing", before=0, after=0, line=240, lineRule="auto"))
        if self.brand.logo:  # the issuer's emblem and name (bold, in the brand's colour), as in the PDF
            picture = WordParagraph(issuer, self.word._body).add_run().add_picture(logo_stream(self.brand.logo),
                                                                                  height=Pt(LOGO))
            for side in ("distT", "distB", "distL", "distR"):  # LibreOffice's default is 1/8 inch all round
                picture._inline.set(side, "0")
            if name:  # 10 pt between emblem and name: one space, widened
                gap = self._r(" ")
                gap.insert(0, el("rPr", el("spacing", val=twips(10 - b * 0.26))))
                issuer.append(gap)
        if name:
            run = self._r(name, bold=True, color=hexcolor(self.brand.color("primary")))
            if self.brand.logo:  # raised to the emblem's middle (as measured in LibreOffice's rendering)
                put(run.find(qn("w:rPr")), el("position", val=round((LOGO / 2 - b * 0.72) * 2)))
            issuer.append(run)
        # the section ends after the table, in a paragraph of its own that also holds the PDF's rings on the
        # band, drawn from the same drawing (charts/motif.py): anchored outside the band's cell, which a
        # picture anchored in it would make taller
        end = self._p("Normal", mark=el("rPr", el("sz", val=2)),
                      gap=el("spacing", before=0, after=0, line=20, lineRule="exact"))
        band_h = height * 0.62
        behind(self, end, motif_png(self.brand, width, band_h, (width * 0.92, height * 0.93 - (height - band_h))),
               width, band_h)
        put(end.find(qn("w:pPr")), self._cover_section())

    def _cover_section(self):
        """Return the sectPr that ends the cover: same page, no margins, no header or footer."""
        sect = deepcopy(self.body.find(qn("w:sectPr")))
        for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
            sect.remove(ref)
        margins = sect.find(qn("w:pgMar"))
        for side in ("top", "bottom", "left", "right", "header", "footer", "gutter"):
            margins.set(qn("w:" + side), "0")
        return sect

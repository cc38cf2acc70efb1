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
from briefing.render.docx.xml import el, hexcolor, logo_stream, put, shading, tint, twips
from briefing.tree import Cover


class CoverBlocks:
    """The writer's cover: a band holding the title, a stripe, the cover lines and the issuer."""

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
        cell = self._cell(band, twips(width),  # the band's colour is the motif picture's ground (below)
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
            self._p("Subtitle", self._t(second.tagline, "Subtitle", color=pale), into=cell)
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
                target.add_run().add_picture(logo_stream(self.brand.logo), height=Pt(30))
                issuer.append(self._r("   "))
            if name:
                issuer.append(self._r(name, color=hexcolor(self.brand.color("primary"))))
            paragraphs.append(issuer)
        last = paragraphs[-1] if paragraphs else self._p("Normal", ind=indent)
        band_h = height * 0.62  # the PDF's rings on the band, drawn from the same drawing (charts/motif.py),
        # anchored below the band (a picture anchored in the band's cell would count in its height)
        behind(self, paragraphs[0] if paragraphs else last,
               motif_png(self.brand, width, band_h, (width * 0.92, height * 0.93 - (height - band_h))), width, band_h)
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

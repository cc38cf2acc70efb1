"""The Word style sheet of a briefing, built from a brand: paragraph, character and table styles.

Like Pandoc's reference.docx, the look lives in named styles (Title, Heading 1,
Body Text, List Bullet, Briefing Table, ...); the document only names them, so a
user restyles the output in Word. Without a brand reference.docx
(reference.py) we start from python-docx's default template, whose styles
point at theme fonts that override explicit names: every theme font attribute
is removed and each style names its families for every script. The XML helpers
are in xml.py, the other package parts in parts.py; nothing here walks the
document tree or reads YAML.
"""
from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from briefing.brand import Brand
from briefing.brand.boxes import CARD_GUTTER, VALUE_SIZE, WORD
from briefing.fonts import family_name
from briefing.render.docx.parts import adapt_settings, drop_extra_parts, font_table, numbering_part
from briefing.render.docx.xml import border, el, half_points, hexcolor, put, shading, tint, twips

# tree style name -> Word style id
PARAGRAPH_STYLES = {
    "Body Text": "BodyText", "Lead": "Lead", "Caption": "Caption", "Note": "Note", "List Bullet": "ListBullet",
}
TABLE_STYLES = {"Briefing Table": "BriefingTable", "Figure Cards": "FigureCards"}


def word_style_id(name: str, known: dict[str, str]) -> str:
    """Return the Word style id of tree style `name`, refusing names this renderer lacks."""
    if name not in known:
        raise ValueError(f"unknown style {name!r} for Word output; known: {', '.join(known)}")
    return known[name]


@dataclass(frozen=True)
class Fonts:
    """The font families and language tags of one document, per face and script."""

    lang: str  # "zh" or "en"
    serif: tuple[str, str]  # (latin slots, east asian slot)
    sans: tuple[str, str]
    symbols: str  # a family sure to have the arrows and bullets (the CJK sans)
    lang_tag: str  # w:lang/@w:val: "zh-CN" or "en-GB"

    def rfonts(self, face: str, latin: str | None = None):
        """Return a w:rFonts for `face` ("serif"/"sans") naming every script slot."""
        west, east = getattr(self, face)
        west = latin or west
        hint = {"hint": "eastAsia"} if self.lang == "zh" else {}
        return el("rFonts", ascii=west, hAnsi=west, eastAsia=east, cs=west, **hint)

    def language(self):
        """Return the w:lang of the document's text (East Asian text is always zh-CN)."""
        return el("lang", val=self.lang_tag, eastAsia="zh-CN", bidi="ar-SA")


def fonts_for(brand: Brand, lang: str, lang_tag: str | None = None) -> Fonts:
    """Return the families for a `lang` document: zh wholly in the CJK faces, en in the Latin."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")

    def pair(kind: str) -> tuple[str, str]:
        cjk = family_name(brand.fonts[f"{kind}-cjk"])
        latin = family_name(brand.fonts[f"{kind}-latin"])
        return (cjk if lang == "zh" else latin, cjk)

    tag = lang_tag or ("zh-CN" if lang == "zh" else "en-GB")
    return Fonts(lang, pair("serif"), pair("sans"), family_name(brand.fonts["sans-cjk"]), tag)


@dataclass(frozen=True)
class Spec:
    """One paragraph style: its face (for runs to repeat), its metrics and the rest of its look."""

    sid: str
    name: str  # as Word stores it: built-ins lower case ("heading 1")
    based_on: str | None
    face: str  # "serif" or "sans"
    size: float | None = None  # points; None inherits
    before: float | None = None  # space before and after, points
    after: float | None = None
    line: float | None = None  # leading as a multiple of the font's single spacing...
    exact: float | None = None  # ...or exactly, in points
    ppr: tuple = ()
    rpr: tuple = ()
    next: str | None = None
    custom: bool = False

    def xml(self, fonts: Fonts):
        """Return the w:style element of this paragraph style."""
        parts = [el("name", val=self.name)]
        parts += [el("basedOn", val=self.based_on)] if self.based_on else []
        parts += [el("next", val=self.next)] if self.next else []
        parts += [el("uiPriority", val=9 if self.sid.startswith("Heading") else 29), el("qFormat")]
        spacing = {k: twips(v) for k, v in (("before", self.before), ("after", self.after)) if v is not None}
        if self.line:
            spacing.update(line=round(self.line * 240), lineRule="auto")
        elif self.exact:
            spacing.update(line=twips(self.exact), lineRule="exact")
        ppr = (el("spacing", **spacing),) if spacing else ()
        size = (el("sz", val=half_points(self.size)), el("szCs", val=half_points(self.size))) if self.size else ()
        parts += [el("pPr", *ppr, *self.ppr), el("rPr", fonts.rfonts(self.face), *size, *self.rpr)]
        attrs = {"type": "paragraph", "styleId": self.sid}
        attrs.update({"customStyle": 1} if self.custom else {})
        attrs.update({"default": 1} if self.sid == "Normal" else {})
        return el("style", *parts, **attrs)


def paragraph_specs(brand: Brand, fonts: Fonts, text_width: float) -> list[Spec]:
    """Return the paragraph styles of a briefing for `brand`, text `text_width` points wide."""
    b = brand.base_size
    roles = ("primary", "secondary", "accent", "foreground", "muted", "rule")
    c = {role: hexcolor(brand.color(role)) for role in roles}
    zh = fonts.lang == "zh"
    body = 1.2 if zh else 1.07  # CJK text wants more leading than Latin: about 1.75 and 1.45 of the size

    def leader():
        return el("tabs", el("tab", val="right", leader="dot", pos=twips(text_width)))

    def color(role):
        return el("color", val=c[role])

    bold = (el("b"), el("bCs"))
    keep = (el("keepNext"), el("keepLines"))
    # one spacing rule (README): Han next to Latin letters or digits takes Word's own autospace gap in every
    # style, as the PDF sets a quarter em in every style; said outright so a reference cannot turn it off
    tight = (el("autoSpaceDE", val=1), el("autoSpaceDN", val=1))
    left = el("jc", val="left")
    return [
        Spec("Normal", "Normal", None, "serif", ppr=(el("widowControl"),)),
        # Chinese is justified, as Chinese is set; English is ragged right: no hyphenation dictionary is
        # certain to be there, and justifying stretches the Chinese names inside English lines
        # spacing, sizes and leading are the PDF's (render/pdf/styles.py), so the Word file runs as long
        Spec("BodyText", "Body Text", "Normal", "serif", None, 0, b * 0.6, body,
             ppr=(el("jc", val="both" if zh else "left"),)),
        Spec("Lead", "Lead", "BodyText", "serif", b * 1.15, 0, b * 1.0, custom=True),
        # the bilingual edition's second language, set under each paragraph of the first
        Spec("Translation", "Translation", "BodyText", "serif", b, 0, b * 0.6, 1.1, ppr=(left,),
             rpr=(color("muted"),), custom=True),
        Spec("Caption", "caption", "BodyText", "sans", b * 0.8, b * 0.3, b * 0.8, 1.1, ppr=(left,),
             rpr=(color("muted"),)),
        Spec("Figure", "Figure", "Normal", "sans", None, b * 0.5, 0, ppr=(el("keepNext"), el("jc", val="center")),
             custom=True),  # a picture drawn from the data, kept with its caption
        Spec("Note", "Note", "BodyText", "sans", b * 0.85, 0, b * 0.4, 1.1, ppr=(left,), rpr=(color("secondary"),),
             custom=True),
        # the cover's styles have the PDF's sizes and leading (render/pdf/styles.py); on the band the cover
        # sets them white (cover.py)
        Spec("Title", "Title", "Normal", "sans", b * 3.6, 0, b * 0.5, exact=b * 3.6 * 1.2, ppr=(left,),
             rpr=(*bold, color("primary"), el("kern", val=28)), next="Subtitle"),
        Spec("Subtitle", "Subtitle", "Normal", "sans", b * 1.4, 0, 0, exact=b * 1.4 * 1.5, ppr=(left,),
             rpr=(color("foreground"),)),
        Spec("CoverKicker", "Cover Kicker", "Normal", "sans", b * 1.2, 0, b * 0.5, exact=b * 1.8, ppr=(left,),
             rpr=(*bold, color("secondary")), custom=True),
        Spec("CoverLine", "Cover Line", "Normal", "sans", b * 1.0, 0, b * 0.3, 1.15, rpr=(color("foreground"),),
             custom=True),
        # the short accent bar under a chapter's title is a paragraph of its own (furniture.py), as in the PDF
        # a chapter following on its page stands 2.6 base sizes apart; one that starts a page has no space
        # before (document.py, furniture.py), as the PDF drops it at a frame's top
        Spec("Heading1", "heading 1", "Normal", "sans", b * 2.1, b * 2.6, b * 0.4, exact=b * 2.1 * 1.3,
             ppr=(*keep, el("pageBreakBefore"), left, el("outlineLvl", val=0)),
             rpr=(*bold, color("primary"), el("kern", val=28)), next="BodyText"),
        Spec("Heading2", "heading 2", "Normal", "sans", b * 1.3, b * 1.2, b * 0.35, exact=b * 1.3 * 1.4,
             ppr=(*keep, left, el("outlineLvl", val=1)), rpr=(*bold, color("primary")), next="BodyText"),
        Spec("TOCHeading", "TOC Heading", "Heading1", "sans", None, 0, ppr=(el("outlineLvl", val=9),), next="BodyText"),
        Spec("TOC1", "toc 1", "Normal", "sans", b * 1.05, b * 0.9, b * 0.2, 1.15, ppr=(leader(),),
             rpr=(*bold, color("primary")), next="Normal"),
        Spec("TOC2", "toc 2", "Normal", "sans", b * 0.95, 0, b * 0.2, 1.15,
             ppr=(leader(), el("ind", left=twips(b * 1.4))), rpr=(color("foreground"),), next="Normal"),
        Spec("ListBullet", "List Bullet", "BodyText", "serif", None, 0, b * 0.3,
             ppr=(el("numPr", el("ilvl", val=0), el("numId", val=1)),)),
        Spec("Header", "header", "Normal", "sans", b * 0.75, 0, 0, 1.0,
             ppr=(el("pBdr", border("bottom", c["rule"], 0.5, 4)),
                  el("tabs", el("tab", val="right", pos=twips(text_width)))),
             rpr=(color("muted"),)),
        Spec("Footer", "footer", "Normal", "sans", b * 0.75, 0, 0, 1.0, ppr=(el("jc", val="right"),),
             rpr=(color("muted"),)),
        # no keepNext in card cells (rows cannot split anyway): in a table it chains every row to the next
        Spec("TableText", "Table Text", "Normal", "sans", b * 0.86, 0, 0, 1.05, ppr=tight, custom=True),
        # a card's number and unit: the card's paragraph turns autospace on (the one spacing rule; tables.py)
        Spec("FigureValue", "Figure Value", "Normal", "sans", b * VALUE_SIZE, 0, 0, exact=b * VALUE_SIZE * 1.2,
             ppr=(el("autoSpaceDE", val=0), el("autoSpaceDN", val=0)), rpr=(*bold, color("primary")), custom=True),
        Spec("FigureLabel", "Figure Label", "Normal", "sans", b * 0.9, b * 0.3, 0, exact=b * 0.9 * 1.45,
             ppr=tight, rpr=(color("foreground"),), custom=True),
        # the brand's accent either way, as in the PDF: green for growth reads as a fall to Chinese readers
        Spec("FigureChange", "Figure Change", "Normal", "sans", b * 0.85, b * 0.3, 0, exact=b * 0.85 * 1.45,
             ppr=tight, rpr=(*bold, color("accent")), custom=True),
        Spec("FigurePeriod", "Figure Period", "Normal", "sans", b * 0.75, 0, 0, exact=b * 0.75 * 1.45, ppr=tight,
             rpr=(color("muted"),), custom=True),
    ]


# cell padding (top and bottom, left and right) and the white gutter between cards, in points
TABLE_PAD, CARD_PAD, GUTTER = (2.75, 5.75), (6.0, WORD.card_pad), CARD_GUTTER  # brand/boxes.py: the check's boxes


def _table_specs(brand: Brand) -> list:
    """Return the table styles: "Briefing Table" (data) and "Figure Cards" (key figures)."""
    c = {role: hexcolor(brand.color(role)) for role in ("primary", "light", "rule", "background")}
    white = "FFFFFF"

    def cell_margins(tb, lr):
        return el("tblCellMar", el("top", w=tb, type="dxa"), el("left", w=lr, type="dxa"),
                  el("bottom", w=tb, type="dxa"), el("right", w=lr, type="dxa"))

    def table_style(sid, name, tbl_pr, *parts):
        return el("style", el("name", val=name), el("basedOn", val="TableNormal"), el("uiPriority", val=59),
                  el("qFormat"), el("pPr", el("spacing", before=0, after=0)), tbl_pr, *parts,
                  type="table", customStyle=1, styleId=sid)

    def conditional(kind, *props):
        return el("tblStylePr", *props, type=kind)

    none = [border(side, "auto", 0, kind="nil") for side in ("left", "right", "insideV")]
    briefing = table_style(
        "BriefingTable", "Briefing Table",
        el("tblPr", el("tblStyleRowBandSize", val=1),
           # the PDF's rules: a hairline under every row, the last too (no heavy rule at the foot)
           el("tblBorders", border("top", c["primary"], 1.0), border("bottom", c["rule"], 0.5),
              border("insideH", c["rule"], 0.5), *none),
           cell_margins(twips(TABLE_PAD[0]), twips(TABLE_PAD[1]))),
        conditional("firstRow", el("rPr", el("b"), el("bCs"), el("color", val=white)),
                    el("trPr", el("tblHeader")), el("tcPr", shading(c["primary"]), el("vAlign", val="bottom"))),
        conditional("band2Horz", el("tcPr", shading(tint(brand.color("light"), 0.35)))),
    )
    gutter = [border(side, "auto", 0, kind="nil") for side in ("top", "left", "bottom", "right")]
    gutter += [border(side, white, GUTTER) for side in ("insideH", "insideV")]
    cards = table_style(
        "FigureCards", "Figure Cards",
        el("tblPr", el("tblBorders", *gutter), cell_margins(twips(CARD_PAD[0]), twips(CARD_PAD[1]))),
        el("tcPr", shading(c["light"])),
        conditional("wholeTable", el("tcPr", shading(c["light"]))),
    )
    return [briefing, cards]


_THEME_ATTRS = [qn("w:" + a) for a in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")]


def character_specs(brand: Brand) -> list:
    """Return the character styles: "Second Language", for a bilingual edition's translation inside a paragraph."""
    second = el("style", el("name", val="Second Language"), el("basedOn", val="DefaultParagraphFont"),
                el("uiPriority", val=29), el("qFormat"), el("rPr", el("color", val=hexcolor(brand.color("muted")))),
                type="character", customStyle=1, styleId="SecondLanguage")
    return [second]


def style_elements(brand: Brand, fonts: Fonts, text_width: float) -> list:
    """Return every w:style of a briefing for `brand`: paragraph, character and table styles."""
    return [s.xml(fonts) for s in paragraph_specs(brand, fonts, text_width)] + character_specs(brand) + \
        _table_specs(brand)


def strip_theme_fonts(root) -> None:
    """Remove theme font attributes (and rFonts left empty) everywhere under `root`."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(attr, None)
        if not rfonts.attrib:
            rfonts.getparent().remove(rfonts)


def install(document: DocxDocument, brand: Brand, fonts: Fonts, text_width: float) -> None:
    """Give `document` (python-docx's default template) the brand's style sheet, replacing its styles."""
    styles = document.styles.element
    ours = style_elements(brand, fonts, text_width)
    ids = {t.get(qn("w:styleId")) for t in ours}
    for style in list(styles.findall(qn("w:style"))):
        sid = style.get(qn("w:styleId"))
        link = style.find(qn("w:link"))
        built_in_table = style.get(qn("w:type")) == "table" and sid not in ("TableNormal", "TableGrid")
        if sid in ids or built_in_table or (link is not None and link.get(qn("w:val")) in ids):
            styles.remove(style)  # ours replace them; Word keeps its built-in table styles latent
    for node in ours:
        styles.append(node)
    doc_defaults(styles, brand, fonts)
    strip_theme_fonts(styles)
    _bullets(document, brand, fonts)
    adapt_settings(document)
    drop_extra_parts(document)
    font_table(document)


def default_run_props(brand: Brand, fonts: Fonts):
    """Return the w:rPr of the document defaults: body font for every script, size, colour, language."""
    size = half_points(brand.base_size)
    return el("rPr", fonts.rfonts("serif"), el("color", val=hexcolor(brand.color("foreground"))),
              el("sz", val=size), el("szCs", val=size), fonts.language())


def doc_defaults(styles, brand: Brand, fonts: Fonts) -> None:
    """Set the document defaults: body font for every script, size, colour and language."""
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    put(rpr, *default_run_props(brand, fonts))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    put(ppr, el("spacing", after=0, line=240, lineRule="auto"))


def bullet_level(brand: Brand, fonts: Fonts) -> list:
    """Return the parts of List Bullet's numbering level: lvlText, pPr and rPr.

    A bullet any font has, in the brand colour: as the PDF, a disc in Chinese and
    a bullet in English, from the Latin face (the CJK face's "•" is tiny), 0.2
    base sizes in from the margin. The English bullet is the body text's size
    and face, as the PDF draws it: a larger one would make each item's first
    line taller in LibreOffice (its spacing follows the tallest glyph).
    """
    indent = twips(brand.base_size * 1.4)
    bullet, size = ("\u25cf", 0.6) if fonts.lang == "zh" else ("\u2022", 1.0)
    family = fonts.symbols if fonts.lang == "zh" else fonts.serif[0]
    face = el("rFonts", ascii=family, hAnsi=family, eastAsia=family, cs=family)
    color = el("color", val=hexcolor(brand.color("secondary")))
    hanging = indent - twips(brand.base_size * 0.2)
    return [el("lvlText", val=bullet),
            el("pPr", el("tabs", el("tab", val="num", pos=indent)), el("ind", left=indent, hanging=hanging)),
            el("rPr", face, color, el("sz", val=half_points(brand.base_size * size)))]


def set_bullet_level(lvl, brand: Brand, fonts: Fonts) -> None:
    """Make numbering level `lvl` the brand's bullet."""
    for tag in ("lvlText", "pPr", "rPr"):
        for old in lvl.findall(qn("w:" + tag)):
            lvl.remove(old)
    text, ppr, rpr = bullet_level(brand, fonts)
    lvl.find(qn("w:lvlJc")).addprevious(text)
    lvl.append(ppr)
    lvl.append(rpr)


def _bullets(document: DocxDocument, brand: Brand, fonts: Fonts) -> None:
    """Point List Bullet's numbering (numId 1) at a bullet any font has, in the brand colour."""
    numbering = numbering_part(document).element
    abstract_id = None
    for num in numbering.findall(qn("w:num")):
        if num.get(qn("w:numId")) == "1":
            abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    for abstract in numbering.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) == abstract_id:
            set_bullet_level(abstract.find(qn("w:lvl")), brand, fonts)
    strip_theme_fonts(numbering)

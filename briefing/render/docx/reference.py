"""The brand's reference.docx: the Word styles a briefing starts from, as Pandoc's --reference-doc.

A brand folder may hold a `reference.docx` beside its `_brand.yml`:
`briefing reference-doc` writes one from the brand (a specimen page of every
style the renderer uses), and a designer restyles it in Word. The Word renderer
then starts each document from it: its styles, numbering, theme, settings,
fonts and page (size and margins) are kept as they are, its body is emptied,
and only the styles it lacks are added from the brand.

One reference serves both languages. It is written with the English conventions
(each style names a Latin and an East Asian face, Word's own model); a property
where Chinese is set otherwise (the Latin letters in the CJK face, body text
justified with more leading, a disc for bullets) is given the Chinese convention
in a Chinese document only while the reference still has the value the brand
generated. A value a designer changed is used for every language.
"""
from __future__ import annotations

import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt

from briefing.brand import Brand
from briefing.errors import BriefingError
from briefing.errors import display_path
from briefing.render.docx.metrics import Metrics, read_metrics
from briefing.render.docx.parts import drop_extra_parts, font_table, no_field_updates, numbering_part
from briefing.render.docx.sanitize import reduce_reference
from briefing.render.docx.styles import (
    Fonts, bullet_level, default_run_props, fonts_for, install, paragraph_specs, set_bullet_level, strip_theme_fonts,
    style_elements,
)
from briefing.render.docx.xml import NSMAP, el, put

NAME = "reference.docx"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# relationships from the body to content; those the emptied body no longer uses are dropped
_CONTENT_RELS = ("/image", "/hyperlink", "/header", "/footer", "/chart", "/oleObject", "/package", "/diagramData",
                 "/diagramLayout", "/diagramQuickStyle", "/diagramColors", "/diagramDrawing", "/video", "/audio",
                 "/media", "/comments", "/commentsExtended", "/commentsIds")


@dataclass
class Sheet:
    """The document a rendering starts from, with what the renderer needs to know of its styles."""

    word: DocxDocument
    page: tuple[float, float]  # width, height in points
    margins: dict[str, float]  # top, bottom, left, right in points
    metrics: dict[str, Metrics]  # by our style id
    ids: dict[str, str]  # our style id -> its id in this document
    second: dict[str, dict[str, str]] = field(default_factory=dict)  # our style id -> second-language rFonts
    reference: Path | None = None

    @property
    def text_width(self) -> float:
        return self.page[0] - self.margins["left"] - self.margins["right"]


def open_sheet(brand: Brand, lang: str, lang_tag: str | None = None, second: str | None = None,
               use_reference: bool = True) -> Sheet:
    """Return the document a `lang` briefing starts from: the brand's reference.docx, else the brand's styles.

    `second` is a bilingual edition's second language, whose runs name the
    faces where they differ from their paragraph's.
    """
    fonts = fonts_for(brand, lang, lang_tag)
    path = brand.reference if use_reference else None
    if path is None:
        word = docx.Document()
        page, margins = brand.page, dict(brand.margins)
        _page_setup(word, page, margins)
        width = page[0] - margins["left"] - margins["right"]
        install(word, brand, fonts, width)
        ids = {s.get(qn("w:styleId")): s.get(qn("w:styleId")) for s in style_elements(brand, fonts, width)}
        original = None
    else:
        try:
            word = docx.Document(str(path))
            reduce_reference(word)  # no attached template, macro, embedded object or external link passes
            empty_body(word)
            page, margins = _page_of(word, brand)
            width = page[0] - margins["left"] - margins["right"]
            original = deepcopy(word.styles.element)
            ids = adopt(word, brand, fonts, width)
        except (KeyError, ValueError, TypeError, AttributeError, IndexError, StopIteration, NotImplementedError,
                zipfile.BadZipFile) as exc:  # a package python-docx cannot read, or styles it cannot take
            raise BriefingError(f"{display_path(path)}: cannot use it as a Word reference document "
                                f"({type(exc).__name__}: {exc}); write a new one with: briefing reference-doc "
                                f"--brand {path.parent.name} --force") from None
    faces = {s.sid: s.face for s in paragraph_specs(brand, fonts, width)}
    sheet = Sheet(word, page, margins, read_metrics(word.styles.element, ids, faces, lang), ids, reference=path)
    if second:
        sheet.second = _second_fonts(word.styles.element, original, ids, brand, second, width)
        font_table(word, {name: slot == "eastAsia" for attrs in sheet.second.values() for slot, name in attrs.items()
                          if slot in SLOTS})
    return sheet


def _page_of(word: DocxDocument, brand: Brand) -> tuple[tuple[float, float], dict[str, float]]:
    """Return a reference's page size and margins in points; what it leaves unset is the brand's."""
    if word.element.body.find(qn("w:sectPr")) is None:
        word.element.body.append(el("sectPr"))
    section = word.sections[-1]
    if section.page_width is None or section.page_height is None:
        section.page_width, section.page_height = Pt(brand.page[0]), Pt(brand.page[1])
    for side in ("top", "bottom", "left", "right"):
        if getattr(section, f"{side}_margin") is None:
            setattr(section, f"{side}_margin", Pt(brand.margins[side]))
    margins = {side: getattr(section, f"{side}_margin").pt for side in ("top", "bottom", "left", "right")}
    return (section.page_width.pt, section.page_height.pt), margins


def _page_setup(word: DocxDocument, page: tuple[float, float], margins: dict[str, float]) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Pt(page[0]), Pt(page[1])
    section.top_margin, section.bottom_margin = Pt(margins["top"]), Pt(margins["bottom"])
    section.left_margin, section.right_margin = Pt(margins["left"]), Pt(margins["right"])
    section.header_distance, section.footer_distance = Pt(margins["top"] * 0.45), Pt(margins["bottom"] * 0.45)


def empty_body(word: DocxDocument) -> None:
    """Remove the body's content, keeping its last sectPr, and the parts only that content used."""
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect = body.find(qn("w:sectPr"))
    for ref in [] if sect is None else sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
        rel = word.part.rels.get(ref.get(f"{{{R}}}id"))
        if rel is None or not rel.reltype.endswith(("/header", "/footer")):  # a reference to nothing
            sect.remove(ref)
    drop_unused_rels(word.part)


def drop_unused_rels(part) -> None:
    """Drop the relationships of `part` to content (images, links, headers...) its XML no longer names."""
    used = {value for node in part.element.iter() for key, value in node.attrib.items() if key.startswith(f"{{{R}}}")}
    for rid, rel in list(part.rels.items()):
        if rid not in used and rel.reltype.endswith(_CONTENT_RELS):
            part.drop_rel(rid)


# -- adopting a reference --------------------------------------------------------------


def _by_name(styles) -> dict[tuple[str, str], object]:
    """Return the styles of a styles part by (type, lower-case name)."""
    out = {}
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            out.setdefault((style.get(qn("w:type"), "paragraph"), name.get(qn("w:val")).lower()), style)
    return out


def _key(style) -> tuple[str, str]:
    return style.get(qn("w:type"), "paragraph"), style.find(qn("w:name")).get(qn("w:val")).lower()


def adopt(word: DocxDocument, brand: Brand, fonts: Fonts, text_width: float) -> dict[str, str]:
    """Take a reference's styles as they are: add the brand's styles it lacks, give untouched values the language's
    conventions; return our style ids mapped to the document's.

    Styles are found by name, as Word shows them, since a Word in another
    language may save them under other ids.
    """
    styles = word.styles.element
    english = style_elements(brand, fonts_for(brand, "en"), text_width)
    ours = style_elements(brand, fonts, text_width)
    found = _by_name(styles)
    taken = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    ids, missing = {}, []
    for style in ours:
        sid = style.get(qn("w:styleId"))
        existing = found.get(_key(style))
        if existing is not None:
            ids[sid] = existing.get(qn("w:styleId"))
        else:
            new = sid
            while new in taken:  # an id the reference uses for another style
                new += "1"
            taken.add(new)
            ids[sid] = new
            missing.append(style)
    for style in missing:
        style.set(qn("w:styleId"), ids[style.get(qn("w:styleId"))])
        for ref in ("basedOn", "next", "link"):
            node = style.find(qn("w:" + ref))
            if node is not None:
                node.set(qn("w:val"), ids.get(node.get(qn("w:val")), node.get(qn("w:val"))))
        styles.append(style)
    added = {s.get(qn("w:styleId")) for s in missing}
    by_sid = {s.get(qn("w:styleId")): s for s in ours}
    for style in english:
        sid = style.get(qn("w:styleId"))
        if ids[sid] not in added:
            target = found[_key(style)]
            east = resolved_fonts(styles, target.get(qn("w:styleId"))).get("eastAsia")
            _conventions(target, style, by_sid[sid], east)
    _defaults(styles, brand, fonts)
    strip_theme_fonts(styles)
    _numbering(word, brand, fonts, ids, styles, bullet_missing=ids["ListBullet"] in added)
    no_field_updates(word)
    drop_extra_parts(word)
    font_table(word)
    return ids


def _canon(node) -> tuple:
    """Return a comparable form of an element: tag, attributes and children."""
    return node.tag, tuple(sorted(node.attrib.items())), tuple(_canon(c) for c in node)


def _flat(props) -> dict:
    """Return the properties of a pPr, rPr or numbering level, each attribute a key of its own.

    A leaf element's attributes are compared one by one (rFonts' ascii apart
    from its eastAsia); an element with children (tabs, borders) as a whole.
    """
    out = {}
    if props is None:
        return out
    for child in props:
        tag = child.tag
        if len(child):
            out[(tag, None)] = _canon(child)
            continue
        out[(tag, "")] = True
        for attr, value in child.attrib.items():
            out[(tag, attr)] = value
    return out


def _convention(target, english, ours) -> None:
    """Give `target` (a reference's properties) what `ours` has where it still has what `english` has.

    Properties the same in both languages are left alone, and so is any the
    designer changed (where `target` differs from `english`).
    """
    e, o, t = _flat(english), _flat(ours), _flat(target)
    for tag in dict.fromkeys(k[0] for k in [*e, *o]):
        part = {k: v for k, v in e.items() if k[0] == tag}, {k: v for k, v in o.items() if k[0] == tag}
        if part[0] == part[1]:
            continue
        node, mine = target.find(tag), {k: v for k, v in t.items() if k[0] == tag}
        if (tag, None) in part[0] or (tag, None) in part[1] or (tag, "") not in part[1]:
            if mine == part[0]:  # a whole element (tabs, borders), or one the language leaves out: as ours
                if node is not None:
                    target.remove(node)
                if ours.find(tag) is not None:
                    put(target, deepcopy(ours.find(tag)))
            continue
        for key in dict.fromkeys([*part[0], *part[1]]):
            if key[1] == "" or part[0].get(key) == part[1].get(key) or mine.get(key) != part[0].get(key):
                continue
            if node is None:
                node = el(tag.rsplit("}", 1)[-1])
                put(target, node)
            if key in part[1]:
                node.set(key[1], part[1][key])
            else:
                node.attrib.pop(key[1], None)
        if node is None and (tag, "") not in part[0] and mine == part[0]:  # ours adds an element without attributes
            put(target, el(tag.rsplit("}", 1)[-1]))


def _conventions(target, english, ours, east: str | None = None) -> None:
    """Apply the language's conventions to one reference style (its pPr and rPr).

    `east` is the style's East Asian face as the reference has it: where the
    language sets Latin letters in the East Asian face, they follow that face,
    so a designer's new Chinese face sets the Latin letters of Chinese text too.
    """
    before = _rfonts(target)
    for part in ("pPr", "rPr"):
        e, o = english.find(qn("w:" + part)), ours.find(qn("w:" + part))
        if _flat(e) == _flat(o):
            continue
        props = target.find(qn("w:" + part))
        if props is None:
            props = el(part)
            put(target, props)
        _convention(props, e if e is not None else el(part), o if o is not None else el(part))
    _latin_follows_east(target, before, _rfonts(english), _rfonts(ours), east)


def _rfonts(holder) -> dict[str, str]:
    """Return the face attributes of the rFonts of a style or rPr (`holder`), by slot."""
    if holder is None:
        return {}
    rfonts = holder.find(qn("w:rFonts")) if holder.tag == qn("w:rPr") else holder.find("w:rPr/w:rFonts", NSMAP)
    return {slot: rfonts.get(qn("w:" + slot)) for slot in SLOTS if rfonts is not None and rfonts.get(qn("w:" + slot))}


def _latin_follows_east(target, before: dict, english: dict, ours: dict, east: str | None) -> None:
    """Where the language sets a Latin slot in the East Asian face and the reference left it as generated, use
    the reference's East Asian face `east` for it."""
    rpr = target if target.tag == qn("w:rPr") else target.find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if east is None or rfonts is None:
        return
    for slot in ("ascii", "hAnsi", "cs"):
        if ours.get(slot) and ours.get(slot) == ours.get("eastAsia") != english.get(slot) == before.get(slot):
            rfonts.set(qn("w:" + slot), east)


def _defaults(styles, brand: Brand, fonts: Fonts) -> None:
    """Give the document defaults the document's language, and the language's faces while untouched."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("docDefaults")
        styles.insert(0, defaults)
    holder = defaults.find(qn("w:rPrDefault"))
    if holder is None:
        holder = el("rPrDefault")
        defaults.insert(0, holder)
    rpr = holder.find(qn("w:rPr"))
    if rpr is None:
        rpr = el("rPr")
        holder.append(rpr)
    english, ours = default_run_props(brand, fonts_for(brand, "en")), default_run_props(brand, fonts)
    before = _rfonts(rpr)
    _convention(rpr, english, ours)
    _latin_follows_east(rpr, before, _rfonts(english), _rfonts(ours), before.get("eastAsia"))
    put(rpr, fonts.language())  # the text's language, as Pandoc sets it from the document's `lang`


def _numbering(word: DocxDocument, brand: Brand, fonts: Fonts, ids: dict[str, str], styles, bullet_missing: bool):
    """Give List Bullet's level the language's bullet while untouched; number a List Bullet that has no list."""
    numbering = numbering_part(word).element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    style, sid, num = by_id[ids["ListBullet"]], ids["ListBullet"], None
    seen = set()
    while sid in by_id and sid not in seen and not bullet_missing:  # its list, or the one it inherits
        seen.add(sid)
        num_id = by_id[sid].find("w:pPr/w:numPr/w:numId", NSMAP)
        if num_id is not None:
            num = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val"))),
                       None)
            break
        based = by_id[sid].find(qn("w:basedOn"))
        sid = based.get(qn("w:val")) if based is not None else None
    if num is None:  # added from the brand, or pointing at a list the reference lacks: the brand's bullet
        new = 1 + max([int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))] or [0])
        abstract = 1 + max([int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))] or [0])
        lvl = el("lvl", el("start", val=1), el("numFmt", val="bullet"), el("lvlJc", val="left"), ilvl=0)
        set_bullet_level(lvl, brand, fonts)
        first_num = numbering.find(qn("w:num"))
        node = el("abstractNum", el("multiLevelType", val="singleLevel"), lvl, abstractNumId=abstract)
        if first_num is not None:
            first_num.addprevious(node)
        else:
            numbering.append(node)
        numbering.append(el("num", el("abstractNumId", val=abstract), numId=new))
        ppr = style.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("pPr")
            put(style, ppr)
        put(ppr, el("numPr", el("ilvl", val=0), el("numId", val=new)))
    else:
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in numbering.findall(qn("w:abstractNum")):
            lvl = abstract.find(qn("w:lvl"))
            if abstract.get(qn("w:abstractNumId")) == abstract_id and lvl is not None:
                _convention(lvl, el("lvl", *bullet_level(brand, fonts_for(brand, "en"))),
                            el("lvl", *bullet_level(brand, fonts)))
                order = ["start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText", "lvlPicBulletId",
                         "legacy", "lvlJc", "pPr", "rPr"]  # _convention appends; the schema wants this order
                lvl[:] = sorted(lvl, key=lambda c: order.index(c.tag.rsplit("}", 1)[-1])
                                if c.tag.rsplit("}", 1)[-1] in order else len(order))
    strip_theme_fonts(numbering)


# -- a bilingual edition's second language -----------------------------------------------


def resolved_fonts(styles, sid: str) -> dict[str, str]:
    """Return the faces a run in paragraph style `sid` is set in, per script slot, inheritance resolved."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    out: dict[str, str] = {}
    seen = set()
    chain = []
    while sid in by_id and sid not in seen:
        seen.add(sid)
        chain.append(by_id[sid].find(qn("w:rPr")))
        based = by_id[sid].find(qn("w:basedOn"))
        sid = based.get(qn("w:val")) if based is not None else None
    defaults = styles.find(qn("w:docDefaults"))
    chain.append(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None
                 and defaults.find(qn("w:rPrDefault")) is not None else None)
    for rpr in chain:
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        for slot in SLOTS:
            if rfonts is not None and slot not in out and rfonts.get(qn("w:" + slot)):
                out[slot] = rfonts.get(qn("w:" + slot))
    return out


def _second_fonts(styles, original, ids: dict[str, str], brand: Brand, second: str,
                  width: float) -> dict[str, dict[str, str]]:
    """Return, per paragraph style, the faces the second language's runs need where they differ from the style's.

    The second language follows the same rule as a document in it: from an
    untouched reference or from the brand, Chinese sets its Latin letters in
    the CJK face; a designer's choice holds for both.
    """
    fonts = fonts_for(brand, second)
    if original is None:  # no reference: the brand's styles in the second language
        other = el("styles", *style_elements(brand, fonts, width))
        other.insert(0, el("docDefaults", el("rPrDefault", default_run_props(brand, fonts))))
    else:
        other = deepcopy(original)
        english = style_elements(brand, fonts_for(brand, "en"), width)
        theirs = {s.get(qn("w:styleId")): s for s in style_elements(brand, fonts, width)}
        found = _by_name(other)
        for style in english:
            if _key(style) in found:
                target = found[_key(style)]
                east = resolved_fonts(other, target.get(qn("w:styleId"))).get("eastAsia")
                _conventions(target, style, theirs[style.get(qn("w:styleId"))], east)
        _defaults(other, brand, fonts)
    out = {}
    for ours, sid in ids.items():
        mine, theirs_ = resolved_fonts(styles, sid), resolved_fonts(other, sid)
        differ = {slot: theirs_[slot] for slot in SLOTS if slot in theirs_ and theirs_[slot] != mine.get(slot)}
        if second == "zh":
            differ["hint"] = "eastAsia"
        out[ours] = differ
    return out

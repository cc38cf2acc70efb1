"""The package parts beside the styles: settings, numbering, font table, and a template's leftovers.

python-docx's default template (or a designer's reference.docx) brings these
parts; here they are made to suit a briefing. Nothing here knows the style
sheet's looks or the document tree.
"""
from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from briefing.render.docx.xml import NSMAP, el


def adapt_settings(document: DocxDocument) -> None:
    """Make settings Chinese-aware and never ask to update fields on opening."""
    settings = document.settings.element
    no_field_updates(document)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013+: tables align with the margins, not their text
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def no_field_updates(document: DocxDocument) -> None:
    """Remove w:updateFields from the settings: it makes Word ask on opening."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)


def numbering_part(document: DocxDocument):
    """Return the document's numbering part, adding an empty one when it has none (python-docx cannot)."""
    try:
        return document.part.numbering_part
    except NotImplementedError:
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.parts.numbering import NumberingPart

        element = parse_xml(f'<w:numbering xmlns:w="{NSMAP["w"]}"/>')
        part = NumberingPart(PackURI("/word/numbering.xml"), CONTENT_TYPE.WML_NUMBERING, element,
                             document.part.package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)
        return part


# what Word should use where the Noto faces are not installed: the faces Office ships with
ALT_NAMES = {"Noto Serif CJK SC": "SimSun", "Noto Sans CJK SC": "Microsoft YaHei",
             "Noto Serif": "Cambria", "Noto Sans": "Calibri"}


def font_table(document: DocxDocument, extra: dict[str, bool] | None = None) -> None:
    """List the families the styles name in the font table, the East Asian ones as GB2312 (charset 86).

    Word substitutes a missing font by these hints, so a machine without Noto
    CJK still sets the Chinese in a Chinese face rather than a Japanese one.
    `extra` adds families that runs name (family -> East Asian?).
    """
    used: dict[str, bool] = {}
    for root in (document.styles.element, numbering_part(document).element):
        for rfonts in root.iter(qn("w:rFonts")):
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                name = rfonts.get(qn("w:" + slot))
                if name:
                    used[name] = used.get(name, False) or slot == "eastAsia"
    for name, east in (extra or {}).items():
        used[name] = used.get(name, False) or east
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:  # a reference without one: Word and LibreOffice do without it
        return
    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, east in used.items():
        if name not in known:
            family = "swiss" if re.search(r"Sans|Hei|Gothic|Arial|Helvetica", name) else "roman"
            alt = (el("altName", val=ALT_NAMES[name]),) if name in ALT_NAMES else ()
            root.append(el("font", *alt, el("charset", val="86" if east else "00"), el("family", val=family),
                           el("pitch", val="variable"), name=name))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if hasattr(part, "_element"):  # an XmlPart when python-docx knows the part type
        part._element = root
    else:
        part._blob = blob  # a plain Part


def drop_extra_parts(document: DocxDocument) -> None:
    """Drop a template's Word 2010 style copy and its page thumbnail."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rid)
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]

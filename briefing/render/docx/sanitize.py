"""Reducing a brand's reference.docx to what a briefing uses of it: styles, numbering, theme, fonts, page.

A reference.docx comes from a designer's Word, or from anyone. Whatever else it
carries must not reach the briefings sent out: an attached template on a web
server (settings.xml's attachedTemplate, which Word fetches on opening: the
template-injection route), mail-merge data sources, document variables, macros
(vbaProject), embedded objects and fonts, custom XML, pictures and links, first
and even page headers. `reduce_reference` removes all of that from the opened
document before anything is built on it; `external_targets` lists what a written
file still links to, for the tests.
"""
from __future__ import annotations

from docx.oxml.ns import qn

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KEEP = ("/styles", "/numbering", "/theme", "/fontTable", "/settings", "/header", "/footer")
PACKAGE_KEEP = ("/officeDocument", "/core-properties", "/extended-properties")
SETTINGS_DROP = ("attachedTemplate", "mailMerge", "docVars", "linkStyles", "hdrShapeDefaults", "rsids",
                 "documentProtection", "writeProtection", "saveThroughXslt", "alwaysMergeEmptyNamespace")
FONT_EMBEDS = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")


def reduce_reference(word) -> None:
    """Strip the opened reference document `word` (python-docx) down to what a briefing takes from it."""
    main = word.part
    sect = word.element.body.find(qn("w:sectPr"))
    kept_refs = set()
    if sect is not None:
        for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
            if ref.get(qn("w:type"), "default") == "default":
                kept_refs.add(ref.get(f"{{{R}}}id"))
            else:  # first-page and even-page headers: a briefing has its own
                sect.remove(ref)
        for child in list(sect):
            if child.tag in (qn("w:printerSettings"),) or (
                    any(k.startswith(f"{{{R}}}") for k in child.attrib) and child.tag not in (
                        qn("w:headerReference"), qn("w:footerReference"))):
                sect.remove(child)
        title_page = sect.find(qn("w:titlePg"))
        if title_page is not None:
            sect.remove(title_page)
    for rid, rel in list(main.rels.items()):
        keep = not rel.is_external and rel.reltype.endswith(KEEP)
        if keep and rel.reltype.endswith(("/header", "/footer")):
            keep = rid in kept_refs
        if not keep:
            del main.rels[rid]  # what the emptied body named goes with it (empty_body runs next)
    for rel in list(main.rels.values()):
        part = rel.target_part
        for rid in list(part.rels):
            del part.rels[rid]  # styles, numbering, theme, fonts, settings and headers need no further part
        element = getattr(part, "element", None)
        if element is None:
            continue
        if rel.reltype.endswith("/settings"):
            for name in SETTINGS_DROP:
                for node in element.findall(qn(f"w:{name}")):
                    element.remove(node)
        elif rel.reltype.endswith("/fontTable"):
            for name in FONT_EMBEDS:
                for node in element.iter(qn(f"w:{name}")):
                    node.getparent().remove(node)
        elif rel.reltype.endswith("/numbering"):
            for name in ("numPicBullet", "lvlPicBulletId"):
                for node in list(element.iter(qn(f"w:{name}"))):
                    node.getparent().remove(node)
        elif rel.reltype.endswith(("/header", "/footer")):
            for child in list(element):
                element.remove(child)  # the briefing writes its own header and footer
    package_rels = main.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.is_external or not rel.reltype.endswith(PACKAGE_KEEP):
            del package_rels[rid]


def external_targets(path) -> list[str]:
    """Return every external target (TargetMode="External") named in the relationships of the .docx at `path`."""
    import re
    import zipfile

    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".rels"):
                text = z.read(name).decode("utf-8", "replace")
                for rel in re.findall(r"<Relationship\b[^>]*>", text):
                    if 'TargetMode="External"' in rel:
                        found += re.findall(r'Target="([^"]*)"', rel)
    return found

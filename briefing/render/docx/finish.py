"""The Word package's own papers, set right before it is written: app.xml, drawing ids, language, dates.

python-docx's default template leaves traces that are not this document's:
app.xml claims "Microsoft Macintosh Word" and 1 page, every picture part counts
its wp:docPr ids from 1 (so the header's logo and the body's first chart share
id 1, which Word repairs), and settings.xml's theme language is en-US. Here,
on the saved package's parts:

- app.xml names Briefing and states no page count (no counts at all: they
  would be guesses; Word recounts them when it saves);
- every wp:docPr id is numbered once across all parts (body, then headers and
  footers), so each drawing's id is unique in the package;
- w:themeFontLang speaks the English the text is tagged with (en-GB);
- core.xml's created and modified dates are `when` (render/stamp.py).
"""
from __future__ import annotations

import re
from datetime import datetime

APP = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
       'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
       "<Application>Briefing</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
       "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
       "</Properties>")
ENGLISH = "en-GB"  # the spelling the English text is written and tagged in
_DOC_PR = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')
_DRAWING_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def finish(parts: dict[str, bytes], when: datetime) -> dict[str, bytes]:
    """Return the package's parts with app.xml, the drawing ids, the theme language and the dates set."""
    out = dict(parts)
    if "docProps/app.xml" in out:
        out["docProps/app.xml"] = APP.encode("utf-8")
    counter = iter(range(1, 1 << 30))
    order = sorted((n for n in out if _DRAWING_PART.match(n)), key=lambda n: (n != "word/document.xml", n))
    for name in order:
        out[name] = _DOC_PR.sub(lambda m: m[1] + str(next(counter)).encode() + m[3], out[name])
    if "word/settings.xml" in out:
        out["word/settings.xml"] = re.sub(rb'(<w:themeFontLang\b[^>]*?\bw:val=")en-US(")',
                                          rb"\g<1>" + ENGLISH.encode() + rb"\2", out["word/settings.xml"])
    if "docProps/core.xml" in out:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        out["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                                          rb"\g<1>" + stamp + rb"\3", out["docProps/core.xml"])
    return out

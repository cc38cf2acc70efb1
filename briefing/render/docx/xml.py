"""The low-level WordprocessingML helpers: elements in schema order, units and colours as Word writes them.

`el` builds a `w:` element and `put` inserts children in the order Word's
schema demands (Word refuses a file whose children are out of order). Nothing
here knows a brand, a style or the document tree.
"""
from __future__ import annotations

import io
from copy import deepcopy

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser

from briefing.brand import png

# Schema order of the children Word is strict about; `put` inserts by it.
_BORDERS = ["top", "left", "start", "bottom", "right", "end", "between", "bar", "insideH", "insideV"]
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr "
    "sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect "
    "bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed "
    "qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
    "tblStylePr": "pPr rPr tblPr trPr tcPr",
    "pBdr": " ".join(_BORDERS),
    "tblBorders": " ".join(_BORDERS),
    "tcBorders": " ".join(_BORDERS + ["tl2br", "tr2bl"]),
}
_REPEATS = {"tblStylePr", "tab", "gridCol", "tr", "tc", "p", "r"}
NSMAP = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_RANK = {parent: {name: i for i, name in enumerate(names.split())} for parent, names in ORDER.items()}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def el(tag: str, *children, **attrs):
    """Return a new `w:` element with `attrs` (w: prefixed) and `children` put in order."""
    made = _MADE.get(tag)
    if made is None:  # python-docx's OxmlElement, its tag and namespace worked out once
        name = NamespacePrefixedTag(tag if ":" in tag else "w:" + tag)
        made = _MADE[tag] = (name.clark_name, name.nsmap)
    element = oxml_parser.makeelement(made[0], nsmap=made[1])
    for key, value in attrs.items():
        name = _ATTRS.get(key)
        if name is None:
            name = _ATTRS[key] = qn(key if ":" in key else "w:" + key)
        element.set(name, str(value))
    return put(element, *children) if children else element


_MADE: dict[str, tuple[str, dict]] = {}
_ATTRS: dict[str, str] = {}
_LOCAL: dict = {}


def _local(tag) -> str:
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1]
    return name


def put(parent, *children):
    """Insert `children` into `parent` in schema order, replacing same-named ones; return parent."""
    rank = _RANK.get(_local(parent.tag))
    for child in children:
        if child is None:
            continue
        if child.getparent() is not None:  # an element can have one parent: put a copy
            child = deepcopy(child)
        if rank is None:
            parent.append(child)
            continue
        name = _local(child.tag)
        if name not in _REPEATS:
            for old in parent.findall(child.tag):
                parent.remove(old)
        mine = rank.get(name, 999)
        for later in parent:  # before the first child the schema puts after it
            if rank.get(_local(later.tag), -1) > mine:
                later.addprevious(child)
                break
        else:
            parent.append(child)
    return parent


def hexcolor(value: str) -> str:
    """Return `value` ("#0B4F8A") as Word writes colours ("0B4F8A")."""
    return value.lstrip("#").upper()


def tint(value: str, amount: float) -> str:
    """Return `value` mixed with white, `amount` of the way to white (0-1), as Word hex."""
    rgb = [int(hexcolor(value)[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def twips(points: float) -> int:
    """Return `points` in twentieths of a point, Word's unit for lengths."""
    return round(points * 20)


def half_points(points: float) -> int:
    """Return `points` in half points, Word's unit for font sizes."""
    return round(points * 2)


def border(side: str, color: str, width: float, space: float = 0, kind: str = "single"):
    """Return a border element; `width` in points (Word stores eighths), `space` in points."""
    return el(side, val=kind, sz=round(width * 8), space=round(space), color=color)


def shading(fill: str):
    """Return a clear shading element filled with `fill` (Word hex)."""
    return el("shd", val="clear", color="auto", fill=fill)


def logo_stream(path) -> io.BytesIO:
    """Return the brand's logo as Word embeds it: a PNG with only the chunks that draw it (brand/png.py).

    Its text, EXIF, XMP and time stamps (where it was taken, who edited it, file
    paths) do not travel in every Word file; the PDF keeps only pixels anyway.
    """
    from pathlib import Path

    path = Path(path)
    if path.suffix.lower() == ".png":
        return io.BytesIO(png.drawing_copy(path))
    return io.BytesIO(path.read_bytes())

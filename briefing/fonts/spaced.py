"""Glyphs that carry the space after them: how a visible gap stays out of copied and searched text.

A gap drawn as a jump of the text position (the quarter em between Han and
Latin letters or digits) reads as a word space to every PDF text extractor
(pdf.js, poppler, MuPDF, PDFium), so "2023年3月" copies out as "2023 年 3 月"
and is not found as typed. Marked content with /ActualText (ISO 32000-1
14.9.4) fixes it for poppler and PDFium only; pdf.js and MuPDF 1.21 ignore it.

Here the gap becomes part of the preceding glyph's advance instead: `wide(font,
char, units)` returns a private-use code point (plane 15) that the ReportLab
face `font` draws with `char`'s glyph and `char`'s width plus `units`
(thousandths of an em). The PDF's /Widths then place the next glyph after the
gap with no jump, and the font's ToUnicode map (briefing.fonts) writes the
code point back as `char`: extractors see "3" followed directly by "月".
MuPDF and Ghostscript's pdfwrite take a glyph's advance from the embedded font
rather than /Widths, so `widen_subset` gives such a code its own copy of the
glyph in the subset font, with the wider advance in hmtx.
"""
from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics

STANDS_FOR: dict[int, int] = {}  # private code point -> the character it draws (for ToUnicode)
EXTRA: dict[int, int] = {}  # private code point -> its extra width, thousandths of an em


def twin_code(char: str) -> int | None:
    """Return the private code point standing for `char`, fixed by the character alone (None if it has none).

    The supplementary private use planes mirror the BMP (plane 15) and the
    Supplementary Ideographic Plane (plane 16), so the code, and with it the
    order ReportLab sorts a subset's glyphs in, does not depend on what was
    drawn before: the same document gives the same bytes.
    """
    code = ord(char)
    if code < 0xFFFE:
        return 0xF0000 + code
    if 0x20000 <= code < 0x2FFFE:
        return 0x100000 + code - 0x20000
    return None


def typed(text: str) -> str:
    """Return `text` with each twin written back as the character it draws: the text as typed and extracted."""
    return text.translate(STANDS_FOR) if any(ord(c) in STANDS_FOR for c in text) else text


def wide(font: str, char: str, units: int) -> str | None:
    """Return a code point drawing `char` in ReportLab font `font` with `units`/1000 em more advance, or None.

    None when the font is not a TrueType face that has `char`, or when `char`'s
    twin was made with another width.
    """
    face = getattr(pdfmetrics.getFont(font), "face", None)
    glyphs = getattr(face, "charToGlyph", None)
    if glyphs is None or ord(char) not in glyphs:
        return None
    code = twin_code(char)
    if code is None or EXTRA.setdefault(code, units) != units:  # one extra width per character
        return None
    STANDS_FOR[code] = ord(char)
    if code not in glyphs:
        glyphs[code] = glyphs[ord(char)]
        face.charWidths[code] = face.charWidths.get(ord(char), face.defaultWidth) + units
    return chr(code)


def widen_subset(data: bytes, subset: list[int]) -> bytes:
    """Return ReportLab's subset font `data` with each private code of `subset` drawing a wider copy of its glyph.

    `subset[i]` is the character that byte code i draws; ReportLab's subset maps
    codes to glyphs in its (1, 0) cmap. Subsets without such codes pass unchanged.

    The other glyphs keep ReportLab's bytes: fontTools does not rebuild every
    outline (60 ms a CJK subset, 4 now). The bounds head and hhea give and
    maxp's points and contours are read from the glyphs' own headers instead, as
    fontTools would compute them (its composite maxima stay the whole face's,
    which hold for any subset of it).
    """
    wanted = {i: EXTRA[code] for i, code in enumerate(subset) if code in EXTRA}
    if not wanted:
        return data
    from copy import deepcopy

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False)  # the same subset, the same bytes
    scale = font["head"].unitsPerEm / 1000
    order = list(font.getGlyphOrder())
    glyf, hmtx = font["glyf"], font["hmtx"]
    for table in font["cmap"].tables:
        for i, units in wanted.items():
            name = table.cmap.get(i)
            if name is None:
                continue
            new = f"{name}.gap{units}"
            if new not in order:
                glyf.glyphs[new] = deepcopy(glyf[name])
                advance, lsb = hmtx[name]
                hmtx[new] = (advance + round(units * scale), lsb)
                order.append(new)
                font.setGlyphOrder(order)
                glyf.glyphOrder = order
            table.cmap[i] = new
    font["maxp"].numGlyphs = len(order)
    _set_bounds(font)
    return _save(font)


def _save(font) -> bytes:
    """Return `font` as bytes, as TTFont.save writes it (tables in the recommended order).

    TTFont.save imports the module of every table to ask what it depends on,
    the name table's bringing all of fontTools' OpenType layout (90 ms); the
    tables not loaded here are copied as they are, so only the loaded ones are asked.
    """
    from fontTools.ttLib.sfnt import SFNTWriter
    from fontTools.ttLib.ttFont import getTableClass, sortedTagList

    tags = [tag for tag in font.keys() if tag != "GlyphOrder"]
    data: dict[str, bytes] = {}

    def compile_(tag: str) -> None:  # a loaded table after the tables it depends on, as TTFont._writeTable
        if tag in data:
            return
        if font.isLoaded(tag):
            for master in getTableClass(tag).dependencies:
                if master in tags:
                    compile_(master)
        data[tag] = font.getTableData(tag)

    for tag in tags:
        compile_(tag)
    out = io.BytesIO()
    writer = SFNTWriter(out, len(tags), font.sfntVersion, font.flavor, font.flavorData)
    for tag in sortedTagList(tags):
        writer[tag] = data[tag]
    writer.close()
    return out.getvalue()


def _set_bounds(font) -> None:
    """Set head's bounding box, hhea's extremes and maxp's largest simple glyph of `font` from the glyphs' headers.

    What fontTools' recalcBBoxes sets, without decompiling the outlines: a glyph
    still in its bytes carries its contour count in bytes 0-2, its box in 2-10
    and, when simple, its last point's number at the end of the contours' ends;
    an expanded one has them as attributes.
    """
    import struct

    glyf, hmtx, hhea, head, maxp = font["glyf"], font["hmtx"], font["hhea"], font["head"], font["maxp"]
    boxes = {}
    points = contours = 0
    for name in font.getGlyphOrder():
        glyph = glyf.glyphs[name]
        data = getattr(glyph, "data", None)
        if data is not None:
            n = struct.unpack_from(">h", data)[0] if len(data) >= 10 else 0
            if n:
                boxes[name] = struct.unpack_from(">hhhh", data, 2)
            if n > 0:
                points = max(points, struct.unpack_from(">H", data, 10 + 2 * (n - 1))[0] + 1)
                contours = max(contours, n)
        elif glyph.numberOfContours != 0:
            if not hasattr(glyph, "xMax"):
                glyph.recalcBounds(glyf)
            boxes[name] = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
            if glyph.numberOfContours > 0:
                points, contours = max(points, len(glyph.coordinates)), max(contours, glyph.numberOfContours)
    maxp.maxPoints, maxp.maxContours = points, contours
    hhea.advanceWidthMax = max(advance for advance, _ in hmtx.metrics.values())
    if not boxes:
        return
    head.xMin, head.yMin = min(b[0] for b in boxes.values()), min(b[1] for b in boxes.values())
    head.xMax, head.yMax = max(b[2] for b in boxes.values()), max(b[3] for b in boxes.values())
    sides = [(hmtx[name][1], hmtx[name][0] - hmtx[name][1] - (b[2] - b[0]), hmtx[name][1] + b[2] - b[0])
             for name, b in boxes.items()]
    hhea.minLeftSideBearing = min(s[0] for s in sides)
    hhea.minRightSideBearing = min(s[1] for s in sides)
    hhea.xMaxExtent = max(s[2] for s in sides)

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
    """
    wanted = {i: EXTRA[code] for i, code in enumerate(subset) if code in EXTRA}
    if not wanted:
        return data
    from copy import deepcopy

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same subset, the same bytes
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
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()

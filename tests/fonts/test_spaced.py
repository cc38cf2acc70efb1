"""Glyphs that carry the gap after them: same glyph, wider advance in /Widths and in the embedded subset."""
from __future__ import annotations

import io

from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics

from briefing import fonts
from briefing.fonts import spaced


def test_a_twin_draws_the_glyph_wider_and_reads_back_as_the_character():
    name = fonts.register("serif")
    face = pdfmetrics.getFont(name).face
    twin = spaced.wide(name, "3", 250)
    assert twin is not None and ord(twin) == spaced.twin_code("3") and 0xF0000 <= ord(twin) <= 0xFFFFD
    assert face.charToGlyph[ord(twin)] == face.charToGlyph[ord("3")]
    assert face.charWidths[ord(twin)] == face.charWidths[ord("3")] + 250
    assert spaced.wide(name, "3", 100) is None  # one width per character: the code stays fixed
    assert "<02> <0033>" in fonts._to_unicode_cmap("x", [0, 0x20, ord(twin)])
    subset = face.makeSubset([0, ord("3"), ord(twin)])
    font = TTFont(io.BytesIO(subset))
    cmap = font["cmap"].tables[0].cmap
    (plain, _), (wider, _) = font["hmtx"][cmap[1]], font["hmtx"][cmap[2]]
    assert cmap[1] != cmap[2] and wider == plain + 250 * font["head"].unitsPerEm // 1000
    assert font["glyf"][cmap[1]].getCoordinates(font["glyf"])[0] == font["glyf"][cmap[2]].getCoordinates(font["glyf"])[0]


def test_no_twin_for_characters_the_face_lacks():
    assert spaced.wide(fonts.register("serif"), "年", 250) is None

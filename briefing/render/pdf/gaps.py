"""Draw the Han-Latin gap as part of a glyph's advance, so the PDF's text has no space where the eye sees one.

The typesetter (briefing.typeset) leaves a quarter em between Han characters
and Latin letters or digits; drawn as a jump of the text position, every text
extractor (pdf.js, poppler, MuPDF, PDFium) reads it as a word space, and
"2023年3月" copies out as "2023 年 3 月" and is not found as typed. `carry_gaps`
gives the glyph before each such gap a twin that is as much wider
(briefing.fonts.spaced), so the next glyph follows with no jump; the twin's
ToUnicode entry is the character itself. What the page shows is unchanged.
"""
from __future__ import annotations

from dataclasses import replace

from briefing.fonts.spaced import wide
from briefing.typeset.linebreak import Box
from briefing.typeset.style import TextStyle

_EPS = 1e-6


def carry_gaps(boxes: list[Box], style: TextStyle) -> list[Box]:
    """Return a line's boxes with each Han-Latin gap carried by the glyph before it."""
    gap = style.cjk_latin_gap * style.size
    units = round(style.cjk_latin_gap * 1000)
    if gap <= 0 or units <= 0:
        return boxes
    out: list[Box] = []
    for i, box in enumerate(boxes):
        after = boxes[i + 1] if i + 1 < len(boxes) else None
        if (after is not None and box.kind == "text" and after.kind == "text" and box.text
                and after.x - (box.x + box.width) >= gap - _EPS):
            twin = wide(box.font, box.text[-1], units)
            if twin is not None:
                box = replace(box, text=box.text[:-1] + twin, width=box.width + gap, advance=box.advance + gap)
        out.append(box)
    return out


def begin_actual_text(canvas, text: str) -> None:
    """Open a marked-content span whose text, for extraction, is `text` (ISO 32000-1 14.9.4); close it with end_.

    For what one reads as one phrase but is drawn in pieces of very different
    sizes (a key figure's "RMB", "4.63" and "billion"): poppler otherwise puts
    the pieces on separate lines. poppler and PDFium use the ActualText; pdf.js
    and MuPDF 1.21 read the glyphs, which already come out right there. No-break
    spaces are given as spaces, the way a reader types them in a search.
    """
    text = text.replace("\u00a0", " ").replace("\u202f", " ")  # as typed: no-break spaces hold layout only
    canvas._code.append("/Span <</ActualText <FEFF%s>>> BDC" % text.encode("utf-16-be").hex().upper())


def end_actual_text(canvas) -> None:
    """Close the span begin_actual_text opened."""
    canvas._code.append("EMC")

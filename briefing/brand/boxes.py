"""The boxes of fixed size that texts are set in, for the PDF and the Word file, from the brand's page.

One place for the geometry both renderers draw and the fit check measures
against (checks/fit.py, brand texts in brand/file.py), so a text that passes
the check fits where it is set: a figure card's value (one line, shrunk to
VALUE_SMALLEST of its size at most), the running header and the footer text
(one line each), and the cover's band (kicker, title and taglines).
Sizes are multiples of the brand's base size; widths are in points.
"""
from __future__ import annotations

from dataclasses import dataclass

from briefing.brand.model import Brand

CARD_GUTTER = 8.0  # the white gap between two cards, both formats
VALUE_SIZE = 2.0  # a card's number, times the base size, both formats
VALUE_WORDS = 0.55  # the words around a card's number ("RMB", "billion"), as a share of the number's size
# the smallest a card's value is set, and it must fit on one line at that: its number no smaller than the body
# text (1.04 times the base size), its words 6 pt at the usual 10.5 pt base
VALUE_SMALLEST = 0.52
HEADER_LOGO_ROOM = 30.0  # kept free at the right of the running header for the emblem
FOOTER_SHARE = 0.5  # the brand's footer text takes at most this share of the line (the page label the rest)


def text_width(brand: Brand) -> float:
    """Return the width of the text area, in points."""
    return brand.page[0] - brand.margins["left"] - brand.margins["right"]


@dataclass(frozen=True)
class Geometry:
    """The fixed boxes of one format: what is measured, and how large it is set."""

    name: str  # "PDF" or "Word", as messages name the format
    card_pad: float  # a card's inner padding at the left and at the right
    card_gutter_inside: bool  # Word: the gutter is a cell border, inside each card's width
    running: float  # the running header's and footer's size, times the base size
    title: float  # the cover title's size and leading, times the base size
    title_leading: float
    title_after: float  # the space after the title, times the base size
    kicker_height: float  # the cover kicker's line and the gap after it, times the base size
    subtitle: float  # a cover tagline's (or the second language's title's) size and leading
    subtitle_leading: float
    block_gap: float  # between two blocks of the cover's stack, points (besides the styles' own spacing)
    band_foot: float  # the room under the stack inside the band, points

    def card_width(self, brand: Brand, per_row: int) -> float:
        """Return the width inside a card's padding when `per_row` cards stand in a row."""
        n = max(1, per_row)
        if self.card_gutter_inside:
            return text_width(brand) / n - 2 * self.card_pad - CARD_GUTTER
        return (text_width(brand) - CARD_GUTTER * (n - 1)) / n - 2 * self.card_pad

    def header_width(self, brand: Brand) -> float:
        """Return the room of the running header's one line (the emblem has its own)."""
        return text_width(brand) - HEADER_LOGO_ROOM

    def footer_width(self, brand: Brand) -> float:
        """Return the room of the brand's footer text on its one line."""
        return text_width(brand) * FOOTER_SHARE

    def band_room(self, brand: Brand) -> float:
        """Return the height the cover's band holds for its stack of kicker, title and taglines."""
        height = brand.page[1]
        return height * 0.62 - self.band_foot - brand.margins["top"]


PDF = Geometry("PDF", card_pad=10.0, card_gutter_inside=False, running=0.75, title=3.6, title_leading=3.6 * 1.2, title_after=0.0,
               kicker_height=1.8, subtitle=1.4, subtitle_leading=1.4 * 1.5, block_gap=10.0, band_foot=44.0)
# Word's line of "auto" spacing is about 1.17 of the size for the Noto faces; the styles' after-spacing counts in
WORD = Geometry("Word", card_pad=9.0, card_gutter_inside=True, running=0.8, title=3.2, title_leading=3.2 * 1.2, title_after=0.9,
                kicker_height=1.1 * 1.1 * 1.17 + 1.0, subtitle=1.4, subtitle_leading=1.4 * 1.2 * 1.17,
                block_gap=0.0, band_foot=48.0)
FORMATS = (PDF, WORD)

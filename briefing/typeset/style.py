"""How a paragraph is to be set: `TextStyle` (fonts by name, size, leading, alignment, indents) and its baseline.

Owns the paragraph style the line breaker reads and the vertical position of a
line's baseline in its box. Must not know any renderer: fonts are names only
(whatever the renderer registered them as); what they measure comes from the
`Measure` the caller passes to the line breaker (briefing.typeset.metrics).
"""
from __future__ import annotations

from dataclasses import dataclass

ASCENT = 0.88  # the ideographic em box sits 0.88 em above and 0.12 em below the baseline


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph looks: fonts in fallback order, size, leading, colour, alignment, indents."""

    name: str
    fonts: tuple[str, ...]  # font names (as the renderer registered them), fallback order
    bold_fonts: tuple[str, ...]  # used for Span.bold
    size: float  # pt
    leading: float  # pt, baseline to baseline
    color: str = "#000000"  # hex
    align: str = "justify"  # left | center | right | justify (last line of a justified paragraph: left)
    left_indent: float = 0
    right_indent: float = 0
    first_indent: float = 0  # extra indent of the first line
    space_before: float = 0
    space_after: float = 0
    bullet: str | None = None  # drawn hanging in left_indent at bullet_indent
    bullet_indent: float = 0
    bullet_color: str | None = None
    bullet_size: float = 1.0  # the bullet's size, as a share of the text's
    bullet_raise: float = 0.0  # ems the bullet stands above the baseline (a small disc centred on the Han characters)
    cjk_latin_gap: float = 0.25  # em, between Han and Latin letters/digits
    keep_with_next: bool = False
    allow_split: bool = True  # may the paragraph break across pages (2 lines each side at least)
    balance: bool = False  # a short ragged text (heading, label): lines as even as may be, phrases kept whole
    # the bilingual edition's second language (Span.second): its own faces, e.g. Latin first for English
    second_fonts: tuple[str, ...] = ()
    second_bold_fonts: tuple[str, ...] = ()

    def __post_init__(self):
        if self.align not in ("left", "center", "right", "justify"):
            raise ValueError(f"align must be left, center, right or justify, got {self.align!r}")
        if not self.fonts or not self.bold_fonts:
            raise ValueError(f"style {self.name!r} needs at least one font and one bold font")
        if self.size <= 0 or self.leading <= 0:
            raise ValueError(f"style {self.name!r}: size and leading must be positive")


def baseline_offset(style: TextStyle) -> float:
    """Return the distance from the top of a line's box (one leading tall) down to its baseline.

    The leading is shared equally above and below the em box (as CSS does), so
    line k of a flowable of height h has its baseline at h - k*leading - this.
    """
    return (style.leading - style.size) / 2 + ASCENT * style.size

"""Whether a brand's text colours can be read on the grounds they are set on (WCAG 2 contrast ratios).

Neither format paints the page: text stands on white paper (and on the brand's
`background`, which Word uses for empty card slots), on `light` (the figure
cards), and in white or `light` on `primary` (the cover's band, table headings,
the back cover). The thresholds, and why:

- `foreground`, the reading text (10.5 pt body, table cells, card labels): 4.5:1,
  WCAG 2's level AA for text of ordinary size;
- `primary` (headings, card figures, the band under white titles) and `muted`
  (captions, periods, the running header): 3:1, WCAG's level for large or bold
  text, the floor WCAG sets for any text;
- `accent` and `secondary` (a figure's change in bold, notes, bullets, the featured
  tag): 2:1, enough to be seen, not to carry reading. Below WCAG's AA for small
  text (the shipped qiantang accent is 2.7:1); they never carry a text alone
  that is not also said in another colour or shape (arrows, position).

A foreground equal to its background (1:1) is refused by the first rule; a
background that is not white or nearly (neither format would print it) is
refused by itself, and the text colours are then measured on the white page.
"""
from __future__ import annotations

from briefing.brand.model import Brand

PAPER = "#FFFFFF"
# role -> (least contrast, what it sets)
TEXT_ROLES = {
    "foreground": (4.5, "the body text and the tables"),
    "primary": (3.0, "headings and the cards' figures"),
    "muted": (3.0, "captions, periods and the running header"),
    "accent": (2.0, "the figures' changes and the featured tag"),
    "secondary": (2.0, "notes and bullets"),
}


def luminance(hex_colour: str) -> float:
    """Return the relative luminance of a #RRGGBB colour (WCAG 2)."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def contrast_problems(brand: Brand) -> list[tuple[str, str]]:
    """Return (role, message) for each text colour too close to a ground it is set on; the worst ground each."""
    grounds = {"the brand's background": brand.color("background"), "the white page": PAPER,
               "the cards' light colour": brand.color("light")}
    out = []
    background = grounds["the brand's background"]
    if ratio(background, PAPER) > 1.25:  # a dark or strong background: the formats would print on white regardless
        out.append(("background", f"is {background}; neither the PDF nor the Word file paints the page, so the text "
                    "stands on white paper whatever the background: choose white or a very light colour"))
        del grounds["the brand's background"]
    for role, (least, sets) in TEXT_ROLES.items():
        colour = brand.color(role)
        name, ground = min(grounds.items(), key=lambda g: ratio(colour, g[1]))
        found = ratio(colour, ground)
        if found < least:
            out.append((role, _message(role, colour, name, ground, found, least, sets)))
    primary = brand.color("primary")
    for colour, what in ((PAPER, "the cover's title and the table headings, in white"),
                         (brand.color("light"), "the back cover's small print, in the light colour")):
        found = ratio(colour, primary)
        if found < 3.0:
            out.append(("primary", f"is {primary}, and {what} on it have a contrast of {found:.1f}:1; at least "
                        "3:1 is needed to read them (WCAG 2, large text): choose a darker primary colour"))
    return out


def _message(role: str, colour: str, name: str, ground: str, found: float, least: float, sets: str) -> str:
    same = " (the same colour)" if found < 1.05 else ""
    return (f"is {colour}, and on {name} ({ground}) it has a contrast of {found:.1f}:1{same}; {sets} are read only "
            f"from {least:g}:1 (WCAG 2): choose a {'darker' if luminance(ground) > 0.18 else 'lighter'} {role}")

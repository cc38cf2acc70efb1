"""Colours of charts, taken from the brand: tints and the line style of each transport mode."""
from __future__ import annotations

from dataclasses import dataclass

from briefing.brand import Brand


def tint(value: str, amount: float) -> str:
    """Return hex colour `value` mixed with white (`amount` 0: unchanged, 1: white)."""
    value = value.lstrip("#")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def luminance(value: str) -> float:
    """Return the relative luminance (0 black to 1 white) of a hex colour, as WCAG defines it."""
    value = value.lstrip("#")

    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(value[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@dataclass(frozen=True)
class LineStyle:
    colour: str
    width: float


# mode -> (brand colour role, tint, line width); planned links are dashed whatever their mode
MODES = {
    "rail": ("primary", 0.0, 2.6),
    "metro": ("primary", 0.45, 2.0),
    "sea": ("secondary", 0.0, 2.6),
    "river": ("secondary", 0.4, 2.0),
    "air": ("accent", 0.0, 1.8),
    "road": ("muted", 0.0, 2.0),
}


def mode_style(brand: Brand, mode: str) -> LineStyle:
    """Return the line style of transport `mode` in `brand`'s colours."""
    role, amount, width = MODES.get(mode, ("muted", 0.0, 1.8))
    return LineStyle(tint(brand.color(role), amount), width)


def dark(brand: Brand) -> str:
    """Return the darkest of the brand's primary and foreground colours (for QR modules)."""
    return min((brand.color("primary"), brand.color("foreground")), key=luminance)

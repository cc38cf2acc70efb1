"""The look of a briefing as data: colours, fonts per script, page and margins (the Brand record)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4  # points per millimetre

PAGE_SIZES = {"A4": (210 * MM, 297 * MM), "Letter": (612.0, 792.0)}

DISCLAIMER = {
    "zh": "本手册内容依据公开资料整理，仅供参考，不构成任何投资建议或承诺；具体政策以有关部门正式发布为准。",
    "en": "Compiled from public sources for information only; not investment advice or an offer. "
          "The authorities’ official publications prevail.",
}


@dataclass
class Brand:
    """A brand: what a designer decides, in print units (points) and font keys."""

    name: dict[str, str] = field(default_factory=lambda: {"zh": "", "en": ""})
    colors: dict[str, str] = field(
        default_factory=lambda: {
            "primary": "#0B4F8A",  # deep river blue
            "secondary": "#14A3A0",  # tide teal
            "accent": "#E08A1E",  # warm highlight for featured items and arrows
            "foreground": "#1E2A36",
            "background": "#FFFFFF",
            "muted": "#5B6B7A",
            "light": "#EAF2F8",
            "rule": "#C9D6E2",
        }
    )
    # font keys of briefing.fonts; bold faces are the key + "-bold"
    fonts: dict[str, str] = field(
        default_factory=lambda: {
            "serif-cjk": "serif-sc",
            "sans-cjk": "sans-sc",
            "serif-latin": "serif",
            "sans-latin": "sans",
        }
    )
    base_size: float = 10.5
    page_size: str = "A4"
    margins: dict[str, float] = field(
        default_factory=lambda: {"top": 25 * MM, "bottom": 22 * MM, "left": 22 * MM, "right": 22 * MM}
    )
    cmyk: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)  # role -> CMYK percent
    # role -> the one ink (CMYK percent) its text under 12 pt prints in, in the press PDF; a role without one
    # prints such text in a black tint as dark as the colour (render/pdf/pdfx.py)
    cmyk_small_text: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    line_height: float | None = None  # body leading as a multiple of the size; None: by script
    header: dict[str, str] | None = None  # running header text per language; None: the document's title
    footer: dict[str, str] | None = None  # text at the footer's left per language
    logo: Path | None = None  # a PNG, drawn on the cover and in the running header
    logo_alt: dict[str, str] | None = None
    source: Path | None = None  # the _brand.yml it came from, if any
    chapter_break: str = "auto"  # auto: a chapter follows the previous one when enough of the page is left; always
    disclaimer: dict[str, str] | None = None  # the back cover's small print per language; None: DISCLAIMER

    @property
    def reference(self) -> Path | None:
        """Return the brand's Word reference document (reference.docx beside its _brand.yml), or None."""
        path = Path(self.source).parent / "reference.docx" if self.source else None
        return path if path is not None and path.is_file() else None

    @property
    def page(self) -> tuple[float, float]:
        """Return the page size in points (width, height)."""
        return PAGE_SIZES[self.page_size]

    def running_header(self, lang: str, default: str) -> str:
        """Return the running header's text in `lang`: the brand's, else `default` (the document's)."""
        return (self.header or {}).get(lang) or default

    def footer_text(self, lang: str) -> str:
        """Return the text at the footer's left in `lang` ("" when the brand sets none)."""
        return (self.footer or {}).get(lang, "")

    def disclaimer_text(self, lang: str) -> str:
        """Return the back cover's disclaimer in `lang`: the brand's, else the default."""
        return (self.disclaimer or {}).get(lang) or DISCLAIMER.get(lang, "")

    def color(self, role: str) -> str:
        """Return the hex colour of `role`, falling back to the foreground."""
        return self.colors.get(role) or self.colors["foreground"]

    def font_stack(self, kind: str, lang: str, bold: bool = False) -> list[str]:
        """Return font keys in fallback order for `kind` ("serif" or "sans") in `lang`.

        "serif" is the body face and "sans" the display face (headings, tables,
        captions); a brand may set either kind in any face.

        Chinese text is set wholly in the CJK face, whose Latin glyphs are drawn to
        match it; English is set in the Latin face and falls back to the CJK face
        for Chinese names.
        """
        if kind not in ("serif", "sans"):
            raise ValueError(f"kind must be 'serif' or 'sans', got {kind!r}")
        cjk = self.fonts[f"{kind}-cjk"]
        latin = self.fonts[f"{kind}-latin"]
        keys = [cjk, latin] if lang == "zh" else [latin, cjk]
        return [k + "-bold" for k in keys] if bold else keys

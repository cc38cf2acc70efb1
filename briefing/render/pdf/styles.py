"""The PDF look of each semantic style name, derived from the brand and the language."""
from __future__ import annotations

from dataclasses import replace

from briefing import fonts
from briefing.brand import Brand
from briefing.brand.boxes import VALUE_SIZE
from briefing.render.pdf.textflow import TextStyle


def font_names(brand: Brand, kind: str, lang: str, bold: bool = False) -> tuple[str, ...]:
    """Return registered ReportLab font names for a brand's `kind` face in `lang`, in fallback order."""
    return tuple(fonts.register(key) for key in brand.font_stack(kind, lang, bold))


def styles(brand: Brand, lang: str) -> dict[str, TextStyle]:
    """Return the TextStyle of every style name the layout uses."""
    base = brand.base_size
    zh = lang == "zh"
    body_leading = brand.line_height or (1.75 if zh else 1.45)
    serif, serif_b = font_names(brand, "serif", lang), font_names(brand, "serif", lang, True)
    sans, sans_b = font_names(brand, "sans", lang), font_names(brand, "sans", lang, True)
    fg, muted = brand.color("foreground"), brand.color("muted")
    primary, secondary = brand.color("primary"), brand.color("secondary")
    # Chinese is justified, as Chinese is set; English is ragged right, as in the Word file
    # (no hyphenation, so justified English would open wide gaps between words)
    body_align = "justify" if zh else "left"

    def style(name, fonts_, bold_fonts, size, leading, **kw):
        return TextStyle(name=name, fonts=fonts_, bold_fonts=bold_fonts, size=size, leading=leading, **kw)

    out = {
        "Body Text": style("Body Text", serif, serif_b, base, base * body_leading, color=fg, align=body_align,
                           space_after=base * 0.6),
        "Lead": style("Lead", serif, serif_b, base * 1.15, base * 1.15 * body_leading, color=fg,
                      align=body_align, space_after=base * 1.0),
        "Note": style("Note", sans, sans_b, base * 0.85, base * 0.85 * 1.5, color=secondary, align="left",
                      space_after=base * 0.4, keep_with_next=True),  # a link's facts line leads its text
        "Caption": style("Caption", sans, sans_b, base * 0.8, base * 0.8 * 1.5, color=muted, align="left",
                         space_before=base * 0.3, space_after=base * 0.8),
        # the bullet's ink ends half an em before the text: in Chinese a disc at 0.6 of the text's size (Word's
        # size, render/docx/styles.py bullet_level; ink 0.06-0.94 of its em), centred on the Han characters'
        # middle (0.38 em up); in English the Latin face's bullet (ink to 0.31 em), at the x-height already
        "List Bullet": style("List Bullet", serif, serif_b, base, base * body_leading, color=fg, align=body_align,
                             left_indent=base * 1.4, bullet="●" if zh else "•",
                             bullet_indent=base * ((1.4 - 0.5 - 0.94 * 0.6) if zh else (1.4 - 0.5 - 0.31)),
                             bullet_size=0.6 if zh else 1.0, bullet_raise=0.38 * (1 - 0.6) if zh else 0.0,
                             bullet_color=secondary, space_after=base * 0.3),
        "Heading 1": style("Heading 1", sans_b, sans_b, base * 2.1, base * 2.1 * 1.3, color=primary, align="left",
                           space_after=base * 0.4, keep_with_next=True, allow_split=False, balance=True),
        "Heading 2": style("Heading 2", sans_b, sans_b, base * 1.3, base * 1.3 * 1.4, color=primary, align="left",
                           space_before=base * 1.2, space_after=base * 0.35, keep_with_next=True,
                           allow_split=False, balance=True),
        "TOC Heading": style("TOC Heading", sans_b, sans_b, base * 2.1, base * 2.1 * 1.3, color=primary,
                             align="left", space_after=base * 1.6),
        "TOC 1": style("TOC 1", sans_b, sans_b, base * 1.15, base * 1.15 * 1.5, color=fg, align="left",
                       space_before=base * 0.7, right_indent=base * 3, balance=True),
        "TOC 2": style("TOC 2", sans, sans_b, base * 0.95, base * 0.95 * 1.5, color=muted, align="left",
                       left_indent=base * 1.6, right_indent=base * 3, balance=True),
        "Table Header": style("Table Header", sans_b, sans_b, base * 0.85, base * 0.85 * 1.4, color="#FFFFFF",
                              align="left"),
        "Table Cell": style("Table Cell", sans, sans_b, base * 0.85, base * 0.85 * 1.5, color=fg, align="left"),
        "Figure Value": style("Figure Value", sans_b, sans_b, base * VALUE_SIZE, base * VALUE_SIZE * 1.2, color=primary,
                              align="left"),
        "Figure Label": style("Figure Label", sans, sans_b, base * 0.9, base * 0.9 * 1.45, color=fg, align="left",
                              space_before=base * 0.3, balance=True),
        "Figure Change": style("Figure Change", sans_b, sans_b, base * 0.85, base * 0.85 * 1.45,
                               color=brand.color("accent"), align="left", space_before=base * 0.3),
        "Figure Period": style("Figure Period", sans, sans_b, base * 0.75, base * 0.75 * 1.45, color=muted,
                               align="left"),
        "Cover Kicker": style("Cover Kicker", sans_b, sans_b, base * 1.2, base * 1.8, color="#FFFFFF",
                              align="left"),
        "Title": style("Title", sans_b, sans_b, base * 3.6, base * 3.6 * 1.2, color="#FFFFFF", align="left"),
        "Subtitle": style("Subtitle", sans, sans_b, base * 1.4, base * 1.4 * 1.5, color="#FFFFFF", align="left"),
        "Cover Line": style("Cover Line", sans, sans_b, base * 1.0, base * 1.6, color=fg, align="left"),
        "Running": style("Running", sans, sans_b, base * 0.75, base * 0.75 * 1.3, color=muted, align="left"),
    }
    return out


def translation_styles(brand: Brand, lang: str) -> dict[str, TextStyle]:
    """Return the styles of a bilingual edition's second language: the same size, told apart by its colour.

    Both languages are equals (issue 9): the second is set at the first's size
    in its own faces and leading, in the muted colour.
    """
    muted = brand.color("muted")
    out = {}
    for name, st in styles(brand, lang).items():
        keep = name in ("Title", "Subtitle", "Cover Kicker", "Table Header")  # white on the band or header
        out[name] = replace(st, space_before=0,
                            color=st.color if keep else muted, keep_with_next=False,
                            bullet=None)
    return out

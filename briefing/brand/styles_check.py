"""The values a brand's reference.docx styles may hold: numbers Word itself accepts, and a bounded count.

A designer's reference document is restyled in Word, but it is still a file from
elsewhere: a font size of "big", of -5 or of 50,000,000 points, or a line
spacing of 700 km passes XML parsing and breaks the build (or the Word file)
later. Each is named here with its style, before anything is rendered.
"""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MOST_STYLES = 5_000  # Word's own templates hold a few hundred
# (element, attribute) -> (least, most, what it is): Word's own ranges (ECMA-376 17.3.2.38, 17.3.1.33, 17.3.1.12)
RANGES = {
    ("sz", "val"): (2, 3276, "a font size (half points)"),
    ("szCs", "val"): (2, 3276, "a font size (half points)"),
    ("spacing", "before"): (0, 31680, "the space before (twips)"),
    ("spacing", "after"): (0, 31680, "the space after (twips)"),
    ("spacing", "line"): (1, 31680, "the line spacing"),
    ("ind", "left"): (-31680, 31680, "an indent (twips)"),
    ("ind", "right"): (-31680, 31680, "an indent (twips)"),
    ("ind", "firstLine"): (0, 31680, "an indent (twips)"),
    ("ind", "hanging"): (0, 31680, "an indent (twips)"),
}


def styles_problem(root) -> str | None:
    """Return what is wrong with the values of a parsed word/styles.xml (an lxml element), or None."""
    styles = root.findall(W + "style")
    if len(styles) > MOST_STYLES:
        return f"its style sheet holds {len(styles):,} styles; at most {MOST_STYLES:,}"
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        for (name, attr), (least, most, what) in RANGES.items():
            if tag != name:
                continue
            raw = element.get(W + attr)
            if raw is None:
                continue
            value = int(raw) if raw.lstrip("-").isdigit() and len(raw) < 12 else None
            if value is None or not least <= value <= most:
                style = next((a for a in element.iterancestors() if a.tag == W + "style"), None)
                named = style.find(W + "name") if style is not None else None
                where = f"the style {named.get(W + 'val')[:60]!r}" if named is not None and named.get(W + "val") \
                    else "its default formatting"
                shown = raw if len(raw) <= 20 else raw[:17] + "..."
                return f"{where} gives {what} of {shown!r}; Word takes {least} to {most}"
    return None

"""Whether a text can be printed the same way in the PDF and the Word file: no bidirectional or other
controls, and something visible once invisible characters are taken away.

A RIGHT-TO-LEFT OVERRIDE around "15%" prints "51%" in the PDF and "15%" in Word;
a name made only of zero-width spaces gives a cover with no title; a NUL written
as "\\0" in a quoted YAML string crashes a renderer; a soft hyphen, a word joiner or
a line separator inside a word prints as a hyphen or a gap in the PDF and not at
all in Word; three hundred accents on one letter stand as a tower over the page
in Word. Used for content texts and
addresses (checks/run.py) and for a brand's name, header and footer (brand/file.py).
"""
from __future__ import annotations

import unicodedata

BIDI = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
# characters that print nothing although they are not spaces or format characters
BLANK_LETTERS = frozenset([0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E])
ALLOWED_CONTROLS = "\n\t"
MOST_MARKS = 4  # combining marks on one letter: Vietnamese needs two, no language we set more than four


def _name(ch: str) -> str:
    if unicodedata.category(ch) == "Cc":
        return f"U+{ord(ch):04X} (a control character)"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '') or '(unnamed)'}"


def invisible(ch: str) -> bool:
    """Return whether `ch` prints nothing: a space, a format character (zero-width), a blank letter."""
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Me") \
        or ord(ch) in BLANK_LETTERS


def text_problem(value: str) -> str | None:
    """Return why `value` cannot be printed as it is (a message without location), or None."""
    for ch in value:
        code = ord(ch)
        if code in BIDI:
            return (f"contains the bidirectional control {_name(ch)}, which the PDF and the Word file would show "
                    "differently (it can reverse a figure); delete it")
        category = unicodedata.category(ch)
        if (category == "Cc" and ch not in ALLOWED_CONTROLS) or category in ("Cs", "Co", "Cn"):
            return f"contains the character {_name(ch)}, which cannot be printed; delete it"
    if value and all(invisible(ch) for ch in value):
        shown = ", ".join(sorted({_name(ch) for ch in value if not ch.isspace()})[:3])
        return "is empty once its invisible characters" + (f" ({shown})" if shown else "") + \
            " are taken away; write the text"
    marks = 0
    for ch in value:
        category = unicodedata.category(ch)
        if category in ("Cf", "Zl", "Zp"):
            return (f"contains the invisible character {_name(ch)}, which the PDF would print as a gap (or a "
                    "hyphen) and Word hides; delete it" + (", or use a line break" if category != "Cf" else ""))
        marks = marks + 1 if category in ("Mn", "Me") else 0
        if marks > MOST_MARKS:
            return (f"has more than {MOST_MARKS} accents or other combining marks on one letter ({_name(ch)} and "
                    "more): Word stacks them up over the lines above, the PDF on top of each other; delete them")
    return None

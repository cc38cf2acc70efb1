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


# Characters already sorted by _learn: those that pass every test of text_problem on their own and print
# (_VISIBLE), and those that need the character-by-character tests (_FLAGGED); the rest are blank and
# harmless (spaces, a tab). A text made only of known, unflagged characters, one of them visible, has no
# problem; any other takes the full tests, which say which character and why.
_KNOWN: set[str] = set()
_VISIBLE: set[str] = set()
_FLAGGED: set[str] = set()
_KNOWN_MOST = 1 << 16  # distinct characters remembered, at most


def _learn(chars: set[str]) -> None:
    """Sort characters not seen before into _VISIBLE, _FLAGGED or neither (blank and harmless)."""
    for ch in chars:
        if len(_KNOWN) >= _KNOWN_MOST:
            return
        category = unicodedata.category(ch)
        if (ord(ch) in BIDI or (category == "Cc" and ch not in ALLOWED_CONTROLS)
                or category in ("Cs", "Co", "Cn", "Cf", "Zl", "Zp", "Mn", "Me")):
            _FLAGGED.add(ch)
        elif not invisible(ch):
            _VISIBLE.add(ch)
        _KNOWN.add(ch)


def text_problem(value: str) -> str | None:
    """Return why `value` cannot be printed as it is (a message without location), or None."""
    chars = set(value)
    if not chars <= _KNOWN:
        _learn(chars - _KNOWN)
    if not chars or (chars <= _KNOWN and chars.isdisjoint(_FLAGGED) and not chars.isdisjoint(_VISIBLE)):
        return None  # the usual text: the tests below would find nothing
    return _first_problem(value)


def _first_problem(value: str) -> str | None:
    """text_problem, character by character: the first problem in the text's order."""
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

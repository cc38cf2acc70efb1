"""Numbers and dates as the staff typed them: YAML 1.2's decimal numbers, real calendar dates.

PyYAML resolves scalars by YAML 1.1, where `0050` is octal 40, `1:30` is 90
(base 60), `0x1F` is 31 and `1_000` is 1000; a figure would print other than it
was typed. Here a number is read from its text: decimal digits only, as YAML
1.2's core schema reads them; every other spelling is refused with a message
saying how to write it. Dates must exist, in ASCII digits (fullwidth digits are
converted), between 1900 and 2200.
"""
from __future__ import annotations

import calendar
import re

MAX_MAGNITUDE = 1e15  # a thousand trillion: beyond any figure of a region, in yuan
MIN_MAGNITUDE = 1e-6  # smaller non-zero figures cannot be printed as typed
MAX_DIGITS = 15  # significant digits a float keeps exactly
MAX_TEXT = 40  # characters of a number's text: longer is not a figure (and never parsed: 5,001-digit integers)
YEARS = (1900, 2200)

_INT = re.compile(r"[-+]?[0-9]+", re.ASCII)
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?", re.ASCII)
_FULLWIDTH = str.maketrans("０１２３４５６７８９－Ｑｑ", "0123456789-QQ")


class Refused(ValueError):
    """The text is not a number or date as the format takes it; the message says how to write it."""


def is_decimal(raw: str) -> bool:
    """Return whether `raw` is a decimal number in YAML 1.2's spelling (1e3 included, which YAML 1.1 reads as text)."""
    return len(raw) <= MAX_TEXT and _FLOAT.fullmatch(raw.strip()) is not None


def looks_numeric(raw: str) -> bool:
    """Return whether a plain text YAML 1.1 leaves as a string is meant as a number (1e3, 0o17): read it here."""
    return is_decimal(raw) or re.fullmatch(r"[-+]?0[xXoObB][0-9a-fA-F_]*", raw.strip()) is not None


def number(raw: str) -> int | float:
    """Return the number a plain scalar's text means (YAML 1.2 decimal), or raise Refused saying how to write it."""
    text = raw.strip()
    if len(text) > MAX_TEXT:
        raise Refused(f"a number of {len(text)} characters is not a figure; write at most {MAX_DIGITS} digits")
    body = text.lstrip("+-")
    if re.fullmatch(r"0[xXoObB][0-9a-fA-F_]*", body):
        base = {"x": 16, "o": 8, "b": 2}[body[1].lower()]
        raise Refused(f"{text!r} is a number in base {base}; "
                      "write it in decimal digits")
    if "_" in text:
        raise Refused(f"{text!r} has underscores; leave them out: {text.replace('_', '')}")
    if ":" in text:
        raise Refused(f"{text!r} reads as a number in base 60 (YAML 1.1 makes 1:30 the number 90); write the "
                      "figure in decimal digits, or put a text in quotes")
    if text.lower().lstrip("+-") in (".inf", ".nan", "inf", "nan"):
        raise Refused(f"expected a finite number, found {text!r}")
    if _INT.fullmatch(text):
        digits = body
        if len(digits) > 1 and digits.startswith("0"):
            raise Refused(f"{text!r} has a leading zero (YAML 1.1 reads 0050 as the octal number 40); "
                          f"write {text[0] if text[0] in '+-' else ''}{digits.lstrip('0') or '0'}")
        value: int | float = int(text)
    elif _FLOAT.fullmatch(text):
        mantissa = re.split(r"[eE]", body)[0]
        whole = mantissa.split(".")[0]
        if len(whole) > 1 and whole.startswith("0"):
            raise Refused(f"{text!r} has a leading zero; write {text.replace(whole, whole.lstrip('0') or '0', 1)}")
        significant = mantissa.replace(".", "").lstrip("0")
        if len(significant.rstrip("0") if "." not in mantissa else significant) > MAX_DIGITS:
            raise Refused(f"{text!r} has more than {MAX_DIGITS} significant digits, more than can be printed "
                          "as typed; round it")
        value = float(text)
    else:
        raise Refused(f"expected a plain number, found {text!r}")
    if value != value or abs(value) == float("inf"):
        raise Refused(f"expected a finite number, found {text!r}")
    if abs(value) >= MAX_MAGNITUDE:
        raise Refused(f"{text!r} is too large for a figure (at most 999 trillion); is a digit too many?")
    if value and abs(value) < MIN_MAGNITUDE:
        raise Refused(f"{text!r} is too small to print as typed; write it in a smaller unit")
    if isinstance(value, int) and len(str(abs(value))) > MAX_DIGITS:
        raise Refused(f"{text!r} has more than {MAX_DIGITS} digits; round it")
    return value


def date_text(raw: str) -> str:
    """Return a date's text with fullwidth digits made ASCII (a date typed with a Chinese input method)."""
    return raw.strip().translate(_FULLWIDTH)


def date_problem(value: str) -> str | None:
    """Return why an ASCII date text (YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD) is not a real date, or None."""
    m = re.fullmatch(r"([0-9]{4})(?:-(?:Q[1-4]|([0-9]{2}))(?:-([0-9]{2}))?)?", value, re.ASCII)
    if not m:
        return None  # the form is checked by the caller
    year = int(m.group(1))
    if not YEARS[0] <= year <= YEARS[1]:
        return f"the year {year} is outside {YEARS[0]} to {YEARS[1]}"
    if m.group(3):
        month, day = int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and day > calendar.monthrange(year, month)[1]:
            return f"{value} does not exist: {calendar.month_name[month]} {year} has " \
                   f"{calendar.monthrange(year, month)[1]} days"
    return None

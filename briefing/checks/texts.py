"""Printable texts: every content text and address passes content/printable.py (no bidi or other controls,
not empty once invisible characters are removed), located at its language's text."""
from __future__ import annotations

from typing import Iterable

from briefing.content.model import Text
from briefing.content.printable import text_problem
from briefing.errors import Problem


def unprintable(texts: Iterable[Text], strings: Iterable[tuple[str, str]], languages: list[str],
                locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return one problem for each text or address that cannot be printed as it is."""
    problems: list[Problem] = []
    seen: set[str] = set()
    values = [(f"{t.path}.{lang}", t.values.get(lang, "")) for t in texts for lang in languages]
    for path, value in [*values, *strings]:
        if path in seen:
            continue
        seen.add(path)
        message = text_problem(value)
        if message:
            problems.append(Problem(file, *locations.get(path, (0, 0)), path, message))
    return problems

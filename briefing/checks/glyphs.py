"""Glyph coverage: every character of every printed text is in one of the brand's faces for its language."""
from __future__ import annotations

import unicodedata
from typing import Iterable, Iterator


from briefing import fonts
from briefing.brand import Brand
from briefing.errors import Problem
from briefing.content.model import Region, Text



def _covered(brand: Brand, lang: str) -> list[tuple[str, ...]]:
    """Return the face stacks that may set `lang`: serif and sans, regular and bold."""
    return [tuple(brand.font_stack(kind, lang, bold)) for kind in ("serif", "sans") for bold in (False, True)]


def _glyph_problem(value: str, covered: list[tuple[str, ...]], file: str, path: str,
                   locations: dict[str, tuple[int, int]]) -> Problem | None:
    common = fonts.covered_by_every(tuple(covered))  # every stack must have the character
    codes = set(map(ord, value))
    if codes <= common:
        return None
    missing = sorted(chr(code) for code in codes - common if not chr(code).isspace())
    if not missing:
        return None
    line, col = locations.get(path, (0, 0))
    names = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in missing[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return Problem(file, line, col, path, f"the fonts have no glyph for {names}{more}; it would print as a blank box")


def missing_glyphs(region: Region, brand: Brand, locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return a problem for each text holding characters that no face setting it has."""
    return missing_in(region.texts(), region.languages, brand, locations, file)


def missing_in(texts: Iterable[Text], languages: list[str], brand: Brand, locations: dict[str, tuple[int, int]],
                file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    texts = list(texts)
    for lang in languages:
        covered = _covered(brand, lang)
        for text in texts:
            path = f"{text.path}.{lang}"
            if path in seen:  # each text once, however often it is reached
                continue
            seen.add(path)
            problem = _glyph_problem(text.values.get(lang, ""), covered, file, path, locations)
            if problem:
                problems.append(problem)
    return problems


def printed_strings(region: Region) -> Iterator[tuple[str, str]]:
    """Yield (path, value) of the plain strings the briefing prints: addresses and numbers."""
    for src in region.sources:
        if src.url:
            yield src.path + ".url", src.url
    for contact in region.contacts:
        for key in ("phone", "email", "url"):
            value = getattr(contact, key)
            if value:
                yield f"{contact.path}.{key}", value
    portal = getattr(region, "portal", None)
    if portal:
        yield "region.portal", portal


def missing_in_strings(region: Region, brand: Brand, locations: dict[str, tuple[int, int]],
                        file: str) -> list[Problem]:
    """Return problems for printed strings (set in every language's faces) with characters the fonts lack."""
    covered = [c for lang in region.languages for c in _covered(brand, lang)]
    found = (_glyph_problem(value, covered, file, path, locations) for path, value in printed_strings(region))
    return [p for p in found if p]

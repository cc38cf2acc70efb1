"""The region's glossary (termbase): where a text uses a Chinese term, its English must use the one rendering.

A region file may carry `glossary: [{zh: 正式落户, en: formally established}, ...]`.
`briefing check` (and every build) warns, with file:line:col of the English text,
where a text's zh contains a term and its en lacks the rendering. Matching is
case-insensitive and accepts a plural of the rendering's last word (Future
Factory / Future Factories), so that ordinary grammar does not trigger it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.content.model import GlossaryEntry, Text
from briefing.errors import Problem


def rendering_pattern(en: str) -> re.Pattern:
    """Return the pattern that finds `en` in a text: any case, spaces as any space, the last word maybe plural."""
    words = en.split()
    parts = [re.escape(w) for w in words]
    last = words[-1]
    if re.fullmatch(r"[A-Za-z]+y", last) and last[-2].lower() not in "aeiou":
        parts[-1] = re.escape(last[:-1]) + "(?:y|ies)"
    elif re.fullmatch(r"[A-Za-z]+", last):
        parts[-1] = re.escape(last) + "(?:s|es)?"
    return re.compile(r"(?<![A-Za-z])" + r"\s+".join(parts) + r"(?![A-Za-z])", re.IGNORECASE)


def glossary_warnings(texts: Iterable[Text], glossary: list[GlossaryEntry], locations: dict[str, tuple[int, int]],
                      file: str) -> list[Problem]:
    """Return a warning for each text whose zh uses a glossary term and whose en lacks its rendering."""
    if not glossary:
        return []
    patterns: dict[str, re.Pattern] = {}  # compiled when a text first uses the term
    problems: list[Problem] = []
    seen: set[str] = set()
    for text in texts:
        zh, en = text.values.get("zh"), text.values.get("en")
        if zh is None or en is None or text.path in seen:
            continue
        seen.add(text.path)
        plain = en.replace("**", "")
        for entry in glossary:
            if entry.zh not in zh:
                continue
            pattern = patterns.get(entry.en)
            if pattern is None:
                pattern = patterns[entry.en] = rendering_pattern(entry.en)
            if not pattern.search(plain):
                path = f"{text.path}.en"
                problems.append(Problem(file, *locations.get(path, (0, 0)), path,
                                        f"the Chinese uses the glossary term {entry.zh!r}; the English should "
                                        f"render it {entry.en!r} (glossary at {entry.path})", "warning"))
    return problems

"""The inline markup of content texts: `**bold**` spans, typographic quotes, plain text for titles."""
from __future__ import annotations

import re

from briefing.tree import Inline, Span

BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
NUMBER = re.compile(r"\d[\d,.]*\d|\d")  # the figure's digits within "RMB 4.63 billion", "1600余家"


def inline(text: str) -> Inline:
    """Return the spans of a content text: `**bold**` is the only markup."""
    spans: list[Span] = []
    pos = 0
    for match in BOLD.finditer(text):
        if match.start() > pos:
            spans.append(Span(text[pos:match.start()]))
        spans.append(Span(match.group(1), bold=True))
        pos = match.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return tuple(spans)


OPENS_AFTER = set(" \t\n([{\u2014\u2013/-")


def typographic(text: str, lang: str) -> str:
    """Return English text with typewriter quotes turned into typographic ones (" -> “ ”, ' -> ‘ ’).

    A quote opens after a space, a bracket, a dash or the start of the text, looking
    through `**` markers, which print nothing; otherwise it closes (and ' is an apostrophe).
    """
    if lang != "en" or ('"' not in text and "'" not in text):
        return text
    out, before = [], None  # the last printing character
    for ch in text:
        if ch in "\"'":
            opening = before is None or before in OPENS_AFTER
            out.append({('"', True): "“", ('"', False): "”", ("'", True): "‘", ("'", False): "’"}[ch, opening])
        else:
            out.append(ch)
        if ch != "*":
            before = ch
    return "".join(out)


def strip_markup(text: str) -> str:
    """Return a content text without its `**` markers (for titles and metadata)."""
    return BOLD.sub(r"\1", text)

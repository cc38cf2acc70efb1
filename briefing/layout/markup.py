"""The inline markup of content texts: `**bold**` spans, typographic quotes, plain text for titles."""
from __future__ import annotations

from briefing.content.printed import BOLD, NUMBER, OPENS_AFTER, strip_markup, typographic  # noqa: F401 - re-exported
from briefing.tree import Inline, Span


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



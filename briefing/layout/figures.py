"""A chapter's figures, each shown once: as cards when there are few, as a table with telling headings when many.

Within a chapter a figure is shown once: a chart's figures are not repeated in
its items, and a figure two parts of a chapter give (the same label and value)
stands only where it comes first. One to three figures are cards (a single
figure is never a one-row table); four or more are a table whose headings say
what the columns hold, when the data says it (the rows' common subject, their
common period, "Rank"), and whose sparse columns (a change or a period only a
few rows give) are folded into the rows instead of printed mostly as "—".
"""
from __future__ import annotations

import re
from typing import Protocol

from briefing.content import numbers
from briefing.content.model import Metric, Text
from briefing.layout.markup import inline, strip_markup, typographic
from briefing.tree import FigureCard, FigureGrid, Span, Table

MOST_CARDS = 3  # more figures than this make a table
HEADINGS = {
    "zh": {"rank": "排名", "subject_min": 4},
    "en": {"rank": "Rank", "subject_min": 2},
}
STOPWORDS = frozenset("a an and as at by for from in of on or over the to with".split())


class Layout(Protocol):
    """What the figures need of the layout that asks for them (document.Layout is one)."""

    lang: str
    labels: dict

    def t(self, text: Text | None) -> str: ...

    def card(self, metric: Metric, featured: bool = False) -> FigureCard: ...


def key(metric: Metric) -> tuple:
    """Return what identifies a figure on the page: its label and its value, in every language.

    Language-independent, so that both languages of the bilingual edition show the same figures.
    """
    def sig(text):
        if text is None or not isinstance(text, Text):
            return text
        return tuple(sorted((k, re.sub(r"\s+", " ", strip_markup(v)).strip().casefold())
                            for k, v in text.values.items()))

    return sig(metric.label), metric.value, sig(metric.unit), metric.qualifier, sig(metric.text)


def figures(layout: Layout, metrics: list[Metric], shown: set, subject: str | None = None) -> list:
    """Return the blocks showing those of `metrics` not yet in `shown` (which they join): cards or a table."""
    fresh = []
    for metric in metrics:
        k = key(metric)
        if k in shown or metric.id in shown:
            continue
        shown.update({k, metric.id})
        fresh.append(metric)
    if not fresh:
        return []
    if len(fresh) <= MOST_CARDS:
        return [FigureGrid([layout.card(m) for m in fresh], columns=3)]
    return [table(layout, fresh, subject)]


def table(layout: Layout, metrics: list[Metric], subject: str | None = None) -> Table:
    """Return a table of figures whose headings say what its columns hold and whose columns all carry data."""
    lab, lang = layout.labels, layout.lang
    n = len(metrics)
    periods = [m.period for m in metrics]
    common_period = periods[0] if periods[0] and all(p == periods[0] for p in periods) else None
    period_column = not common_period and sum(bool(p) for p in periods) * 2 >= n
    change_column = sum(bool(m.change) for m in metrics) * 2 >= n
    labels = [strip_markup(layout.t(m.label)) for m in metrics]
    first = common_subject(labels, lang) or subject or lab["indicator"]
    if common_period:
        second = numbers.format_period(common_period, lang)
    elif all(m.unit == "rank" for m in metrics):
        second = HEADINGS[lang]["rank"]
    else:
        second = lab["figure"]
    header: list = [first, second]
    widths = [3.6, 2.0]
    if change_column:
        header.append(lab["change"])
        widths.append(2.0)
    if period_column:
        header.append(lab["period"])
        widths.append(1.3)
    rows = []
    for m in metrics:
        label = inline(layout.t(m.label))
        if m.period and not common_period and not period_column:  # a period only a few rows give: in the row's label
            when = numbers.format_period(m.period, lang)
            label += (Span(f"（{when}）" if lang == "zh" else f" ({when})"),)
        value: tuple = (Span(typographic(numbers.format_value(m, lang), lang), bold=True),)
        if m.change and not change_column:  # likewise a change: under the figure
            value += (Span("\n"), Span(numbers.format_change(m.change, lang)))
        row = [label, value]
        if change_column:
            row.append((Span(numbers.format_change(m.change, lang) if m.change else "—"),))
        if period_column:
            row.append((Span(numbers.format_period(m.period, lang) if m.period else "—"),))
        rows.append(row)
    return Table(header, rows, widths)


def common_subject(labels: list[str], lang: str) -> str | None:
    """Return what all `labels` are about, when they say so: the longest run they share, which one begins with.

    "National high-tech enterprises" from "New national high-tech enterprises",
    "National high-tech enterprises (valid certifications)", ...; None when the
    labels share no such run (then the heading comes from elsewhere).
    """
    if len(labels) < 2:
        return None
    least = HEADINGS[lang]["subject_min"]
    if lang == "zh":
        base = min(labels, key=len)
        for size in range(len(base), least - 1, -1):
            for start in range(len(base) - size + 1):
                run = base[start:start + size]
                if all(run in label for label in labels) and any(label.startswith(run) for label in labels):
                    return run
        return None
    words = [re.findall(r"[\w’'-]+", label.casefold()) for label in labels]
    base = min(words, key=len)
    for size in range(len(base), least - 1, -1):
        for start in range(len(base) - size + 1):
            run = base[start:start + size]
            if run[0] in STOPWORDS or run[-1] in STOPWORDS:
                continue
            if all(_contains(w, run) for w in words):
                owner = next((label for label, w in zip(labels, words) if w[:size] == run), None)
                if owner:
                    return _leading_words(owner, size)
    return None


def _contains(words: list[str], run: list[str]) -> bool:
    return any(words[i:i + len(run)] == run for i in range(len(words) - len(run) + 1))


def _leading_words(text: str, count: int) -> str:
    """Return the first `count` words of `text` as written (their case and inner punctuation kept)."""
    found = list(re.finditer(r"[\w’'-]+", text))
    return text[:found[count - 1].end()]

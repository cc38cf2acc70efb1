"""Figures: sources no figure cites, and the same figure stated twice with different values."""
from __future__ import annotations

import re


from briefing.errors import Problem
from briefing.content.model import Metric, Region, Text



def uncited(region: Region, locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return a warning for each source no figure cites."""
    cited = {m.source for m in region.metrics() if m.source}
    problems = []
    for src in region.sources:
        if src.id not in cited:
            path = src.path + ".id"
            effect = "; the Sources list leaves it out" if cited else ""
            problems.append(Problem(file, *locations.get(path, (0, 0)), path,
                                    f"no figure cites the source {src.id!r}{effect}", "warning"))
    return problems


def _label_key(text: str) -> str:
    return "".join(text.replace("**", "").split()).casefold()


def _same_unit(a, b) -> bool:
    """Return whether two units are the same: the same code, or texts alike in some language."""
    if isinstance(a, Text) and isinstance(b, Text):
        return any(_label_key(v) == _label_key(b.values.get(lang, "")) for lang, v in a.values.items())
    return a == b


def _figure(metric: Metric) -> tuple:
    return (metric.value, metric.qualifier, metric.text.values.get("zh") if metric.text else None)


def conflicting_figures(region: Region, locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return a warning where one figure is stated twice with different values.

    Figures are the same when their labels (in either language), units and periods
    are. Region-wide figures (key figures, a section's figures) are compared with
    every other figure; an item's figures with those of the same item only, since
    items' labels ("Revenue") legitimately repeat.
    """
    problems = []
    everywhere: dict[str, list[Metric]] = {}  # label -> the figures with it
    within: dict[tuple[str, str], list[Metric]] = {}  # (label, item path or "" for region-wide) -> the figures
    for metric in region.metrics():
        item_metric = ".items[" in metric.path or re.search(r"\.(clusters|links|platforms|reforms)\[", metric.path)
        owner = metric.path.rsplit(".metrics[", 1)[0] if item_metric else ""
        labels = {_label_key(v) for v in metric.label.values.values()}
        if owner:
            found = [m for label in labels for key in ((label, ""), (label, owner)) for m in within.get(key, [])]
        else:
            found = [m for label in labels for m in everywhere.get(label, [])]
        for other in {id(m): m for m in found}.values():  # each once, in document order
            if other.period == metric.period and _same_unit(other.unit, metric.unit) and \
                    _figure(other) != _figure(metric):
                path = metric.path + ".value"
                problems.append(Problem(file, *locations.get(path, (0, 0)), path,
                                        f"the same figure as {other.path} ({other.id!r}: same label, unit and "
                                        f"period) with a different value ({_show(other)} there, {_show(metric)} "
                                        "here); if one was refreshed, refresh the other", "warning"))
                break
        for label in labels:
            everywhere.setdefault(label, []).append(metric)
            within.setdefault((label, owner), []).append(metric)
    return problems


def _show(metric: Metric) -> str:
    if metric.text is not None:
        return repr(next(iter(metric.text.values.values()), ""))
    value = f"{metric.value:g}" if isinstance(metric.value, float) else str(metric.value)
    return f"{metric.qualifier} {value}" if metric.qualifier else value

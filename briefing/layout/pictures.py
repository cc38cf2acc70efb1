"""The pictures of a briefing as Chart blocks, from the model in one language (part of the layout).

Each function returns a Chart, or None when the data behind it is absent, so
that no empty frame is ever laid out. The data is written out in the language
(labels, figures as numbers.py writes them); the look comes later, from the brand.
"""
from __future__ import annotations

from typing import Protocol

from briefing.content import numbers
from briefing.content.model import Edition, Item, Metric, Region, Section, Text
from briefing.layout.markup import strip_markup
from briefing.tree import Chart



class Layout(Protocol):
    """What a picture needs of the layout that asks for it (document.Layout is one)."""

    region: Region
    lang: str
    edition: Edition | None
    labels: dict[str, str]
    focus: list[str]

    def t(self, text: Text | None) -> str: ...

LABELS = {
    "zh": {
        "source": "资料来源：",
        "source_sep": "；",
        "planned": "尚未开通",
        "portal": "投资门户",
        "alt_bars": "条形图：",
        "alt_transport": "交通示意图：{centre}及其对外交通：",
        "alt_reaches": "，通达{places}",
        "alt_qr": "二维码，链接至{url}",
        "list_sep": "、",
        "item_sep": "；",
        "detail_open": "（",
        "detail_close": "）",
        "detail_sep": "，",
        "ticks": ["0%", "25%", "50%", "75%", "100%"],
        "end": "。",
    },
    "en": {
        "source": "Source: ",
        "sources": "Sources: ",
        "source_sep": "; ",
        "planned": "Not yet open",
        "portal": "Investment portal",
        "alt_bars": "Bar chart: ",
        "alt_transport": "Transport diagram: {centre} and its links: ",
        "alt_reaches": "; reaches {places}",
        "alt_qr": "QR code linking to {url}",
        "list_sep": ", ",
        "item_sep": "; ",
        "detail_open": " (",
        "detail_close": ")",
        "detail_sep": ", ",
        "ticks": ["0%", "25%", "50%", "75%", "100%"],
        "end": ".",
    },
}
PLANNED = ("planned", "under-construction")


def not_yet_open(item: Item, as_of: str) -> bool:
    """Return whether a link is planned or being built: so its status says, or it opens after `as_of`."""
    if item.status:
        return item.status in PLANNED
    return bool(item.opens) and str(item.opens) > as_of[:4]


def _plain(layout: Layout, text: Text) -> str:
    """Return a content text in the layout's language, without its `**` markers."""
    return strip_markup(layout.t(text))


def _family(metric: Metric) -> str | None:
    """Return which figures `metric` can share a bar chart with: shares (0-100%), one currency, one unit."""
    unit = metric.unit
    if metric.value is None or metric.text is not None:  # a statement without a number is printed, never drawn
        return None
    if unit == "percent":
        return "share" if 0 <= metric.value <= 100 else None
    if unit in ("rank", "count"):
        return None
    if isinstance(unit, Text):
        return "unit:" + "|".join(f"{k}={v}" for k, v in sorted(unit.values.items()))
    return "currency:" + unit


def _measure(metric: Metric, family: str) -> tuple:
    """Return what makes two figures the same measure: the same label, kind of unit and period."""
    return (tuple(sorted(metric.label.values.items())), family, metric.period)


def industry_panels(layout: Layout, section: Section) -> list[list[tuple[Item, Metric]]]:
    """Return the clusters' figures to draw, one list per measure (a panel each); [] when nothing compares.

    A cluster gives each kind of figure once (its first). Shares are chosen when
    two figures or more are shares, else the kind most clusters give; each measure
    of that kind (its label, unit and period) is a panel of its own, so that two
    unrelated figures never stand on one axis.
    """
    families: dict[str, list[tuple[Item, Metric]]] = {}
    for item in section.items:
        seen = set()
        for metric in item.metrics:
            fam = _family(metric)
            if fam and fam not in seen:
                seen.add(fam)
                families.setdefault(fam, []).append((item, metric))
    usable = {fam: pairs for fam, pairs in families.items() if len(pairs) >= 2}
    if not usable:
        return []
    fam = "share" if "share" in usable else max(usable, key=lambda f: len(usable[f]))
    panels: dict[tuple, list[tuple[Item, Metric]]] = {}
    for item, metric in usable[fam]:
        panels.setdefault(_measure(metric, fam), []).append((item, metric))
    return [sorted(pairs, key=lambda p: -p[1].value) for pairs in panels.values()]


def charted(layout: Layout, section: Section) -> list[Metric]:
    """Return the figures of `section` its charts show (the chapter shows them nowhere else)."""
    if section.id != "industries":
        return []
    return [m for pairs in industry_panels(layout, section) for _, m in pairs]


def panel_title(layout: Layout, metric: Metric) -> str:
    """Return a panel's title: what it shows and for when (the figure's period, else its source's date)."""
    lang = layout.lang
    label = _plain(layout, metric.label)
    if metric.period:
        when = numbers.format_period(metric.period, lang)
        return f"{label}（{when}）" if lang == "zh" else f"{label}, {when}"
    source = next((s for s in layout.region.sources if s.id == metric.source), None)
    date = numbers.format_period(source.date if source else layout.region.as_of, lang)
    return f"{label}（截至{date}）" if lang == "zh" else f"{label}, as of {date}"


def industries(layout: Layout, section: Section) -> Chart | None:
    """Return a bar chart of the clusters' comparable figures: a panel per measure, its title, its own axis.

    Shares stand against a 100% track with a unit on every tick; other figures
    against the largest of their panel. None when fewer than two clusters give a
    comparable figure.
    """
    lang, lab = layout.lang, LABELS[layout.lang]
    panels = industry_panels(layout, section)
    if not panels:
        return None
    share = _family(panels[0][0][1]) == "share"
    out, alt_parts = [], []
    for pairs in panels:
        rows = [{
            "name": _plain(layout, item.name),
            "note": None,
            "value": float(metric.value),
            "text": numbers.format_value(metric, lang),
            "qualifier": metric.qualifier,
            "featured": item.id in layout.focus,
        } for item, metric in pairs]
        panel = {"title": panel_title(layout, pairs[0][1]), "measure": _plain(layout, pairs[0][1].label),
                 "scale": "share" if share else "absolute", "rows": rows}
        if share:
            panel["ticks"] = list(lab["ticks"])
        out.append(panel)
        alt_parts.append(panel["title"] + lab["detail_open"] + lab["detail_sep"].join(
            f"{r['name']} {r['text']}" for r in rows) + lab["detail_close"])
    alt = lab["alt_bars"] + lab["item_sep"].join(alt_parts) + lab["end"]
    metrics = [m for pairs in panels for _, m in pairs]
    return Chart("bars", {"panels": out}, caption=source_caption(layout, metrics), alt=alt, lang=lang)


def transport(layout: Layout, section: Section) -> Chart | None:
    """Return the transport diagram: the region at the centre, its links around it, the places they reach.

    None when the section has no links.
    """
    links = [item for item in section.items if item.mode]
    if not links:
        return None
    lab, names = LABELS[layout.lang], layout.labels
    centre = _plain(layout, layout.region.name)
    data_links, legend, alt_parts = [], [], []
    for item in links:
        facts = [names["mode"][item.mode]] + ([names["status"][item.status]] if item.status else [])
        if item.opens:
            facts.append(names["opens"].format(year=item.opens))
        planned = not_yet_open(item, layout.region.as_of)
        reaches = [_plain(layout, place) for place in item.reaches]
        data_links.append({
            "name": _plain(layout, item.name),
            "mode": item.mode,
            "mode_label": names["mode"][item.mode],
            "detail": list(facts),
            "planned": planned,
            "year": str(item.opens) if item.opens and planned else None,
            "reaches": reaches,
        })
        if item.mode not in [m for m, _ in legend]:
            legend.append([item.mode, names["mode"][item.mode]])
        part = _plain(layout, item.name) + lab["detail_open"] + lab["detail_sep"].join(facts)
        if reaches:
            part += lab["alt_reaches"].format(places=lab["list_sep"].join(reaches))
        alt_parts.append(part + lab["detail_close"])
    data = {"centre": centre, "links": data_links, "legend": legend,
            "planned": lab["planned"] if any(link["planned"] for link in data_links) else None}
    alt = lab["alt_transport"].format(centre=centre) + lab["item_sep"].join(alt_parts) + lab["end"]
    metrics = [m for item in links for m in item.metrics] + list(section.metrics)
    return Chart("transport", data, caption=source_caption(layout, metrics), alt=alt, lang=layout.lang)


def portal(layout: Layout) -> Chart | None:
    """Return a QR code to the region's investment portal, its address printed under it; None without one."""
    url = layout.region.portal
    if not url:
        return None
    return Chart("qr", {"url": url}, caption=url, alt=LABELS[layout.lang]["alt_qr"].format(url=url), aspect=1.0,
                 lang=layout.lang)


def portal_title(lang: str) -> str:
    return LABELS[lang]["portal"]


def source_caption(layout: Layout, metrics: list[Metric]) -> str | None:
    """Return "资料来源：…" / "Source: …" naming the sources `metrics` cite, in order; None if they cite none."""
    lang, lab = layout.lang, LABELS[layout.lang]
    by_id = {s.id: s for s in layout.region.sources}
    cited = [by_id[i] for i in dict.fromkeys(m.source for m in metrics if m.source) if i in by_id]
    if not cited:
        return None
    parts = []
    for src in cited:
        title, date = _plain(layout, src.title), numbers.format_period(src.date, lang)
        publisher = _plain(layout, src.publisher) if src.publisher else ""
        if lang == "zh":
            parts.append(f"{publisher}《{title}》，{date}")
        else:
            parts.append(f"{publisher + ', ' if publisher else ''}“{title}”, {date}")
    prefix = lab["sources"] if lang == "en" and len(parts) > 1 else lab["source"]
    return prefix + lab["source_sep"].join(parts)

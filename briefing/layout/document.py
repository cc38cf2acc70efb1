"""Model + language (+ edition) -> the format-neutral document tree: chapters, cards, tables, pictures."""
from __future__ import annotations


from briefing.layout import furniture, pictures as layout_charts
from briefing.layout.figures import figures, key as figure_key
from briefing.layout.bilingual import merge
from briefing.layout.markup import inline, strip_markup, typographic
from briefing.content.printed import figure_digits
from briefing.content import numbers
from briefing.content.model import Edition, Item, Metric, Region, Section, Text
from briefing.tree import (
    BulletList, Chart, Cover, Document, FigureCard, FigureGrid, Heading, Meta, Paragraph, Span,
    Table, TableOfContents,
)

LABELS = {
    "zh": {
        "kicker": "投资推介手册",
        "doc_title": "{region}投资推介手册",
        "as_of": "资料截至{date}",
        "prepared_for": "为{audience}编制",
        "contents": "目录",
        "welcome": "欢迎辞",
        "key_figures": "概览",
        "industries": "产业集群",
        "transport": "交通区位",
        "open_economy": "开放型经济",
        "business_environment": "营商环境",
        "contacts": "联系方式",
        "sources": "资料来源",
        "indicator": "指标",
        "figure": "数值",
        "change": "变化",
        "period": "时间",
        "companies": "代表企业：",
        "also": "其他：",
        "featured": "重点推介",
        "page": "第 {page} 页，共 {pages} 页",
        "source_line": "{publisher}，{date}",
        "name": "姓名",
        "organisation": "单位",
        "contact": "联系方式",
        "figures_note": "数据来源见“资料来源”。",
        "mode": {"rail": "铁路", "sea": "海运", "river": "内河航运", "air": "航空", "road": "公路", "metro": "地铁"},
        "status": {"operating": "已运营", "planned": "规划中", "under-construction": "在建"},
        "opens": "{year}年通车",
        "sep": " · ",
    },
    "en": {
        "kicker": "Investment Briefing",
        "doc_title": "{region}: Investment Briefing",
        "as_of": "Content as of {date}",
        "prepared_for": "Prepared for the {audience}",
        "contents": "Contents",
        "welcome": "Welcome",
        "key_figures": "At a glance",
        "industries": "Industries",
        "transport": "Transport",
        "open_economy": "Open economy",
        "business_environment": "Business environment",
        "contacts": "Contacts",
        "sources": "Sources",
        "indicator": "Indicator",
        "figure": "Value",
        "change": "Change",
        "period": "Period",
        "companies": "Leading companies: ",
        "also": "Also: ",
        "featured": "Featured",
        "page": "Page {page} of {pages}",
        "source_line": "{publisher}, {date}",
        "name": "Name",
        "organisation": "Organisation",
        "contact": "Contact",
        "figures_note": "Sources of the figures are listed under “Sources”.",
        "mode": {"rail": "Rail", "sea": "Sea", "river": "River", "air": "Air", "road": "Road", "metro": "Metro"},
        "status": {"operating": "Operating", "planned": "Planned", "under-construction": "Under construction"},
        "opens": "Opens {year}",
        "sep": " · ",
    },
}

DEFAULT_ORDER = ["key_figures", "industries", "transport", "open_economy", "business_environment"]
class Layout:
    """Lays out one region in one language, optionally as a delegation edition."""

    def __init__(self, region: Region, lang: str, edition: Edition | None = None):
        self.region = region
        self.lang = lang
        self.edition = edition
        self.labels = LABELS[lang]
        self.focus = list(edition.focus) if edition else []

    def t(self, text: Text | None) -> str:
        return "" if text is None else typographic(text[self.lang], self.lang)

    def document(self) -> Document:
        """Return the whole briefing as a document tree."""
        region, lab = self.region, self.labels
        name = strip_markup(self.t(region.name))
        blocks = [self.cover(), TableOfContents(lab["contents"])]
        if self.edition and self.edition.message:
            blocks += self.welcome(self.edition)
        for section_id in self.order():
            blocks += self.chapter(section_id)
        blocks += self.sources()
        blocks.append(furniture.back_cover(region, self.lang, layout_charts.portal(self)))
        title = lab["doc_title"].format(region=name)
        if self.edition:
            title += lab["sep"] + self.t(self.edition.audience)
        meta = Meta(
            title=title,
            author=name,
            subject=strip_markup(self.t(region.tagline) or self.t(region.summary))[:200],
            keywords=[name, lab["kicker"]] + [strip_markup(self.t(s.title)) or lab[s.id] for s in region.chapters()],
            lang={"zh": "zh-CN", "en": "en-GB"}[self.lang],
            date=self.edition.date if self.edition else region.as_of,
        )
        return Document(self.lang, meta, running_title=f"{name}{lab['sep']}{lab['kicker']}",
                        page_label=lab["page"], blocks=blocks, notes_title=furniture.notes_title(self.lang))

    def welcome(self, edition: Edition) -> list:
        """Return the welcome message as a letter: greeting, body, signature block (the signatory, else the issuer)."""
        return [Heading(1, self.labels["welcome"], "welcome"), furniture.letter(edition, self.lang)]

    def order(self) -> list[str]:
        """Return the chapter ids in the order they appear."""
        if self.edition:
            return list(self.edition.sections) + (["contacts"] if self.region.contacts else [])
        ids = DEFAULT_ORDER + [s.id for s in self.region.sections]
        return ids + (["contacts"] if self.region.contacts else [])

    def cover(self) -> Cover:
        lab = self.labels
        lines = [lab["as_of"].format(date=numbers.format_period(self.region.as_of, self.lang))]
        if self.edition:
            lines.insert(0, lab["prepared_for"].format(audience=self.t(self.edition.audience))
                         + lab["sep"] + numbers.format_period(self.edition.date, self.lang))
        title = strip_markup(self.t(self.region.name))
        if self.lang == "en" and title.count(" ") >= 2:  # no lone last word under a two-line title
            head, _, last = title.rpartition(" ")
            title = f"{head}\u00a0{last}"
        return Cover(kicker=lab["kicker"], title=title,
                     tagline=strip_markup(self.t(self.region.tagline)) or None, lines=lines)

    def chapter(self, section_id: str) -> list:
        if section_id == "key_figures":
            return self.key_figures()
        if section_id == "contacts":
            return self.contacts()
        section = self.region.section(section_id)
        return self.section(section) if section is not None else []

    def key_figures(self) -> list:
        figures = list(self.region.key_figures)
        featured: list[Metric] = []
        for metric in (m for item in self.featured_items() for m in item.metrics):
            # a featured item's figure that is also a key figure leads; it is not shown twice
            same = next((k for k in figures if same_figure(k, metric)), metric)
            if same not in featured:
                featured.append(same)
        featured = featured[:6]
        figures = featured + [m for m in figures if m not in featured]
        cards = [self.card(m, featured=m in featured) for m in figures[:12]]
        # "At a glance": the figures first, the summary under them (a grid kept whole never strands the
        # summary on a page of its own, in the bilingual edition least of all)
        return [
            Heading(1, self.labels["key_figures"], "key-figures"),
            FigureGrid(cards, columns=max(furniture.grid_rows(len(cards)), default=1),
                       rows=furniture.grid_rows(len(cards))),
            Paragraph(inline(self.t(self.region.summary)), "Lead"),
        ]

    def featured_items(self) -> list[Item]:
        items = {item.id: item for sec in self.region.chapters() for item in sec.items}
        return [items[i] for i in self.focus if i in items]

    def card(self, metric: Metric, featured: bool = False) -> FigureCard:
        lang = self.lang
        value = typographic(numbers.format_value(metric, lang), lang)  # a text figure may hold quotes
        return FigureCard(
            value=value,
            number=figure_digits(value),
            label=strip_markup(self.t(metric.label)),
            change=numbers.format_change(metric.change, lang) if metric.change else None,
            direction=numbers.direction(metric.change),
            period=numbers.format_period(metric.period, lang) if metric.period else None,
            featured=featured,
        )

    def section(self, section: Section) -> list:
        title = self.t(section.title) if section.title else self.labels[section.id]
        blocks: list = [Heading(1, strip_markup(title), "ch-" + section.id.replace("_", "-")),
                        Paragraph(inline(self.t(section.summary)), "Lead")]
        if section.highlights:
            blocks.append(BulletList([inline(self.t(h)) for h in section.highlights]))
        shown: set = set()  # a figure is shown once in a chapter: what its chart draws, nowhere else
        charted = layout_charts.charted(self, section)
        for metric in charted:
            shown.update({figure_key(metric), metric.id})
        blocks += figures(self, section.metrics, shown)
        blocks += self.charts(section)
        items = sorted(section.items, key=lambda it: (0, self.focus.index(it.id)) if it.id in self.focus else (1, 0))
        # an item whose figures are all in the chart, and nothing else, is shown by the chart alone
        items = [it for it in items if it.id in self.focus or not it.metrics or has_content(it, charted)]
        bare = [it for it in items if not has_content(it) and it.id not in self.focus]
        for item in items:
            if item not in bare:
                blocks += self.item(item, shown)
        if bare:  # items with nothing but a name are listed together, not as empty headings
            sep = "、" if self.lang == "zh" else ", "
            names = sep.join(strip_markup(self.t(it.name)) for it in bare)
            blocks.append(Paragraph((Span(self.labels["also"], bold=True), Span(names)), "Body Text"))
        return blocks

    def item(self, item: Item, shown: set | None = None) -> list:
        lab = self.labels
        title = strip_markup(self.t(item.name))
        badge = lab["featured"] if item.id in self.focus else None  # drawn beside the heading, not in its text
        blocks: list = [Heading(2, title, "item-" + item.id, badge=badge)]
        facts = []
        if item.mode:
            facts.append(lab["mode"][item.mode])
        if item.status:
            facts.append(lab["status"][item.status])
        if item.opens:
            facts.append(lab["opens"].format(year=item.opens))
        if facts:
            blocks.append(Paragraph((Span(lab["sep"].join(facts)),), "Note"))
        if item.summary:
            blocks.append(Paragraph(inline(self.t(item.summary))))
        # the figures right after what they measure, before the details (none its chapter showed already)
        blocks += figures(self, item.metrics, set() if shown is None else shown, strip_markup(self.t(item.name)))
        if item.highlights:
            blocks.append(BulletList([inline(self.t(h)) for h in item.highlights]))
        if item.companies:
            sep = "、" if self.lang == "zh" else ", "
            names = sep.join(strip_markup(self.t(c)) for c in item.companies)
            blocks.append(Paragraph((Span(lab["companies"], bold=True), Span(names)), "Body Text"))
        return blocks

    def contacts(self) -> list:
        if not self.region.contacts:
            return []
        lab = self.labels
        rows = []
        for c in self.region.contacts:
            reach = [x for x in (c.phone, c.email, self.t(c.address) if c.address else None, c.url) if x]
            rows.append([inline(self.t(c.name)), inline(self.t(c.organisation)), (Span("\n".join(reach)),)])
        return [Heading(1, lab["contacts"], "contacts"),
                Table([lab["name"], lab["organisation"], lab["contact"]], rows, [2, 3, 3])]

    def sources(self) -> list:
        """Return the sources chapter: every source a figure cites, else every source."""
        lab, lang = self.labels, self.lang
        cited = {m.source for m in self.region.metrics() if m.source}
        sources = [s for s in self.region.sources if s.id in cited] or self.region.sources
        items = []
        for src in sources:
            title = strip_markup(self.t(src.title))
            if lang == "zh" and not title.startswith("《"):  # a Chinese title stands in book-title marks
                title = f"《{title}》"
            spans = [Span(title, bold=True)]
            date = numbers.format_period(src.date, lang)
            detail = lab["source_line"].format(publisher=self.t(src.publisher), date=date) if src.publisher else date
            spans.append(Span(("（" if lang == "zh" else " (") + detail + ("）" if lang == "zh" else ")")))
            if src.url:
                spans.append(Span(("  " if lang == "en" else " ") + src.url))
            items.append(tuple(spans))
        return [Heading(1, lab["sources"], "sources"), BulletList(items)]  # the portal is on the back cover

    def charts(self, section: Section) -> list[Chart]:
        """Return the pictures of a chapter drawn from its data: none when the data is absent."""
        make = {"industries": layout_charts.industries, "transport": layout_charts.transport}.get(section.id)
        chart = make(self, section) if make else None
        return [chart] if chart else []

    def portal(self) -> list:
        """Return the QR code to the region's investment portal under its heading, if the region gives one."""
        chart = layout_charts.portal(self)
        return [Heading(2, layout_charts.portal_title(self.lang), "portal"), chart] if chart else []


def same_figure(a: Metric, b: Metric) -> bool:
    """Return whether two metrics state the same figure (the same value in the same unit)."""
    text = (a.text.values if a.text else None) == (b.text.values if b.text else None)
    return a.value == b.value and a.unit == b.unit and a.qualifier == b.qualifier and text


def has_content(item: Item, charted: list[Metric] = ()) -> bool:
    """Return whether an item has more to show than its name (and than its figures a chart shows)."""
    figures_left = [m for m in item.metrics if not any(m is c for c in charted)]
    return bool(item.summary or figures_left or item.highlights or item.companies or item.mode)


def layout(region: Region, lang: str, edition: Edition | None = None) -> Document:
    """Return the document tree of `region` in `lang` ("zh", "en", or "zh+en" for both), as `edition` if given."""
    if "+" in lang:
        first, second = lang.split("+", 1)
        return merge(Layout(region, first, edition).document(), Layout(region, second, edition).document())
    return Layout(region, lang, edition).document()

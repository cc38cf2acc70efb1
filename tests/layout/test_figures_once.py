"""A figure is shown once in a chapter (chart, table or card, never two of them); a single figure is a
card, not a one-row table; tables say what their columns hold and have no column empty in every row.

Checked on the tree of every sample output (both languages, bilingual, both editions) and on the
text of their PDFs (pdftotext), and on fixtures that make each rule bite.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from briefing.brand import default_brand
from briefing.content.loader import load_any, load_region
from briefing.content.model import Change, Metric, Text
from briefing.layout import layout
from briefing.render import pdf as pdf_render
from briefing.tree import BulletList, Chart, FigureGrid, Heading, Paragraph, Table, plain

from conftest import FIXTURES, ROOT, SAMPLE

INPUTS = [SAMPLE, *sorted((ROOT / "data" / "editions").glob("*.yaml"))]
LANGS = ["zh", "en", "zh+en"]
OUTPUTS = [(path, lang) for path in INPUTS for lang in LANGS]
GENERIC = {"指标", "数值", "Indicator", "Figure", "Value"}


def ids(value):
    return value.stem if isinstance(value, Path) else value


def tree(path: Path, lang: str):
    region, edition = load_any(path)
    return layout(region, lang, edition)


def text_of(cell) -> str:
    return cell if isinstance(cell, str) else plain(cell)


def chapters(doc) -> list[tuple[str, list]]:
    """Return (title, blocks) for each chapter of a document tree."""
    out: list[tuple[str, list]] = []
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            out.append((block.text, []))
        elif out:
            out[-1][1].append(block)
    return out


def shown_pairs(blocks) -> list[tuple[str, str]]:
    """Return every figure a chapter's blocks print as (what it measures, the figure), in each language."""
    out: list[tuple[str, str]] = []
    for block in blocks:
        if isinstance(block, FigureGrid):
            for card in block.cards:
                out.append((card.label, card.value))
                if card.translation:
                    out.append((card.translation.label, card.translation.value))
        elif isinstance(block, Table):
            for row in block.rows:  # the figure is the bold text of its cell, its label the first cell's lines
                values = [span.text for span in row[1] if span.bold]
                labels = [re.sub(r"\s*[（(][^（(]*[)）]$", "", line) for line in text_of(row[0]).split("\n")]
                out += list(zip(labels, values))
        elif isinstance(block, Chart) and block.kind == "bars":
            for chart in filter(None, (block, block.translation)):
                for panel in chart.data["panels"]:
                    out += [(panel["measure"], row["text"]) for row in panel["rows"]]
    return out


def shown_figures(blocks) -> list[str]:
    """Return every figure a chapter's blocks print, as printed."""
    return [value for _, value in shown_pairs(blocks)]


@pytest.mark.parametrize("path,lang", OUTPUTS, ids=ids)
def test_no_figure_is_shown_twice_in_a_chapter_of_the_tree(path, lang):
    for title, blocks in chapters(tree(path, lang)):
        pairs = shown_pairs(blocks)
        twice = {p for p in pairs if pairs.count(p) > 1}
        assert not twice, f"{title}: {sorted(twice)} shown more than once"


@pytest.mark.parametrize("path,lang", OUTPUTS, ids=ids)
def test_a_single_figure_is_never_a_one_row_table_and_columns_are_never_empty(path, lang):
    doc = tree(path, lang)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    for table in tables:
        assert len(table.rows) > 1, f"a one-row table: {text_of(table.rows[0][0])!r}"
        for c in range(len(table.header)):
            cells = [text_of(row[c]).strip() for row in table.rows]
            assert any(cell not in ("", "—", "—\n—") for cell in cells), f"column {text_of(table.header[c])!r} is empty"
            assert sum(cell in ("—", "—\n—") for cell in cells) * 2 <= len(cells), "a column mostly empty"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_business_environment_table_is_headed_by_what_its_rows_are_about(sample_region, lang):
    doc = layout(sample_region, lang)
    (table,) = [b for title, blocks in chapters(doc) for b in blocks if isinstance(b, Table)
                if title in ("营商环境", "Business environment")]
    assert table.header[0] == ("国家高新技术企业" if lang == "zh" else "National high-tech enterprises")
    assert len(table.header) == 2  # the change and the period only one row gives stand in that row
    first = [text_of(cell) for cell in table.rows[0]]
    assert first[0].endswith("（2022年）" if lang == "zh" else " (2022)")
    assert ("同比增长10.73%" if lang == "zh" else "up 10.73% year on year") in first[1]


# -- fixtures that make each rule bite -------------------------------------------------------------


def metric(id_, label_zh, label_en, value, unit="percent", **kw) -> Metric:
    return Metric(id_, Text({"zh": label_zh, "en": label_en}), value, unit, source="report", **kw)


def test_a_charted_figure_is_not_repeated_in_its_cluster():
    region = load_region(FIXTURES / "portal.yaml")  # two clusters, each a share: charted
    region.industries.items[1].highlights = [Text({"zh": "整车喷漆。", "en": "Whole-vehicle painting."})]
    doc = layout(region, "en")
    (industries,) = [blocks for title, blocks in chapters(doc) if title == "Industries"]
    assert [b.kind for b in industries if isinstance(b, Chart)] == ["bars"]
    assert shown_figures(industries).count("over 80%") == 1  # in the chart, not again as a card or a table
    assert not any(isinstance(b, (FigureGrid, Table)) for b in industries)
    headings = [b.text for b in industries if isinstance(b, Heading)]
    assert headings == ["Smart Vehicles"]  # biomedicine has nothing beyond its charted figure: the chart shows it


def test_the_same_figure_in_two_parts_of_a_chapter_stands_once():
    region = load_region(FIXTURES / "portal.yaml")
    section = region.open_economy
    section.metrics = [metric("oe-firms", "外资企业", "Foreign-invested enterprises", 1600, Text({"zh": "家", "en": "firms"}))]
    section.items[0].metrics = [metric("bz-firms", "外资企业", "Foreign-invested enterprises", 1600,
                                       Text({"zh": "家", "en": "firms"}))]
    for lang in ("zh", "en", "zh+en"):
        (blocks,) = [b for t, b in chapters(layout(region, lang)) if t in ("开放型经济", "Open economy")]
        values = shown_figures(blocks)
        assert len(set(values)) == len(values) == (2 if lang == "zh+en" else 1)


def test_one_to_three_figures_are_cards_four_or_more_a_table():
    region = load_region(FIXTURES / "portal.yaml")
    item = region.business_environment.items[0]
    for n in (1, 3, 4):
        item.metrics = [metric(f"m{i}", f"指标{i}", f"Measure {i}", i + 1, Text({"zh": "个", "en": "things"}))
                        for i in range(n)]
        blocks = layout(region, "en").blocks
        grids = [b for b in blocks if isinstance(b, FigureGrid) and any("Measure" in c.label for c in b.cards)]
        tables = [b for b in blocks if isinstance(b, Table) and b.header[0] != "Name"]  # not the contacts
        if n <= 3:
            assert len(grids) == 1 and len(grids[0].cards) == n and not tables
        else:
            assert not grids and len(tables) == 1 and len(tables[0].rows) == n


def table_for(metrics, lang="en"):
    region = load_region(FIXTURES / "portal.yaml")
    item = region.business_environment.items[0]
    item.metrics = metrics
    return next(b for b in layout(region, lang).blocks if isinstance(b, Table) and b.header[0] not in ("Name", "姓名")), item


def test_headings_say_the_common_period_the_rank_and_else_the_item():
    period = [metric(f"p{i}", f"产值{i}", f"Output of line {i}", 10 + i, "CNY", period="2023-Q1") for i in range(4)]
    table, _ = table_for(period)
    assert text_of(table.header[1]) == "Q1 2023" and len(table.header) == 2  # not a column of four "Q1 2023"
    table, _ = table_for(period, "zh")
    assert text_of(table.header[1]) == "2023年一季度"
    ranks = [metric(f"r{i}", zh, en, i + 1, "rank") for i, (zh, en) in
             enumerate([("出口", "Exports"), ("专利", "Patents"), ("新创企业", "Start-ups"), ("毕业生", "Graduates")])]
    table, item = table_for(ranks)
    assert [text_of(h) for h in table.header] == ["Reform", "Rank"]  # the labels share nothing: the item's name
    assert not GENERIC & {text_of(h) for h in table.header}


def test_a_change_most_rows_give_is_a_column_and_a_rare_one_joins_its_figure():
    common = [metric(f"c{i}", f"营收{i}", f"Revenue of park {i}", 1e9 * (i + 1), "CNY",
                     change=Change(5.0 + i, "percent", "yoy") if i < 3 else None) for i in range(4)]
    table, _ = table_for(common)
    assert [text_of(h) for h in table.header][2] == "Change"
    assert [text_of(r[2]) for r in table.rows][-1] == "—"
    rare = [metric(f"c{i}", f"营收{i}", f"Revenue of park {i}", 1e9 * (i + 1), "CNY",
                   change=Change(5.0, "percent", "yoy") if i == 0 else None, period="2022" if i == 1 else None)
            for i in range(4)]
    table, _ = table_for(rare)
    assert len(table.header) == 2
    assert text_of(table.rows[0][1]).replace("\xa0", " ") == "RMB 1 billion\nup 5% year on year"
    assert text_of(table.rows[1][0]).endswith("(2022)")
    assert text_of(table.header[0]) == "Revenue of park"  # what every row is about, as the data says it


# -- the PDFs: the same, read back with pdftotext -------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    brand = default_brand()
    folder = tmp_path_factory.mktemp("once")
    out = {}
    for path, lang in OUTPUTS:
        doc = tree(path, lang)
        target = folder / f"{path.stem}-{lang}.pdf"
        pdf_render.render(doc, brand, target)
        out[path, lang] = doc, target
    return out


def prose(blocks) -> list[str]:
    """Return the text of a chapter's headings, paragraphs and bullets, in each language."""
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            out += [block.text] + ([block.translation] if block.translation else [])
        elif isinstance(block, Paragraph):
            out += [plain(block.text)] + ([plain(block.translation)] if block.translation else [])
        elif isinstance(block, BulletList):
            out += [plain(item) for item in block.items + (block.translations or [])]
    return out


def count(figure: str, text: str) -> int:
    """Return how often `figure` stands in `text` (lines without spaces), from its number on (a card sets the words before
    the number apart, and pdftotext may put them after it), never inside a longer number."""
    figure = squash(figure)
    digit = re.search(r"\d", figure)
    needle = figure[digit.start():] if digit else figure
    return len(re.findall(r"(?<![\d.,])" + re.escape(needle), text))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path,lang", OUTPUTS, ids=ids)
def test_no_figure_is_printed_twice_in_a_chapter_of_the_pdf(pdfs, path, lang):
    doc, pdf = pdfs[path, lang]
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    lines = [line.strip() for page in pages[2:] for line in page.splitlines()]  # after the cover and contents
    parts, pos = [], 0
    chapter_list = chapters(doc)
    starts = []
    for title, _ in chapter_list:
        pos = next(i for i in range(pos, len(lines)) if lines[i] == title)
        starts.append(pos)
    for k, (title, blocks) in enumerate(chapter_list):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        parts.append((title, "\n".join(squash(line) for line in lines[starts[k]:end]), blocks))
    for title, text, blocks in parts:
        pairs = shown_pairs(blocks)
        figures = [value for _, value in pairs]
        quoting = [label for label, _ in pairs] + prose(blocks)
        for figure in set(figures):
            # the tree shows each figure once (above); the page prints what the tree shows, no more
            # (a label or the prose may quote a figure: "these 23 projects", "holds half the realm")
            found = count(figure, text)
            assert found, f"{title}: {figure!r} not printed"
            quoted = sum(count(figure, squash(t)) for t in quoting)
            assert found <= sum(count(figure, squash(f)) for f in figures) + quoted, f"{title}: {figure!r} twice"


def test_a_table_cell_written_alike_in_both_languages_is_printed_once(sample_region):
    doc = layout(sample_region, "zh+en")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    cells = {text_of(row[1]) for row in table.rows}
    assert "20.18%" in cells  # not "20.18%\n20.18%"
    assert "1004家\n1,004 enterprises" in cells  # written differently: both

"""Pictures that inform: a chart per measure with its title and a unit on every tick, text figures never
drawn as bars, a transport legend that lists exactly what is drawn (styled as drawn), lines that end at
places the data names, links not yet open drawn dashed with their year, 1 to 12 links without overlap,
both languages in the bilingual edition's pictures, and every chart label through one function."""
from __future__ import annotations

import re
import subprocess
from itertools import combinations

import pytest
from reportlab.graphics.shapes import Circle, Group, Line, Path, Rect, String
from reportlab.pdfbase import pdfmetrics

from briefing import charts
from briefing.brand import default_brand
from briefing.charts import text as chart_text
from briefing.charts.palette import mode_style
from briefing.fonts.spaced import typed
from briefing.content.loader import load_region
from briefing.content.model import Metric, Text
from briefing.layout import layout
from briefing.render import pdf as pdf_render
from briefing.tree import Chart

from conftest import FIXTURES, SAMPLE

PORTAL = FIXTURES / "portal.yaml"
HAN = re.compile(r"[\u4e00-\u9fff]")


def width_of(brand) -> float:
    return brand.page[0] - brand.margins["left"] - brand.margins["right"]


def chart_of(doc, kind: str) -> Chart:
    return next(b for b in doc.blocks if isinstance(b, Chart) and b.kind == kind)


def walk(node, dx=0.0, dy=0.0):
    """Yield (shape, dx, dy) for every shape of a drawing, with group offsets applied."""
    for child in getattr(node, "contents", []):
        if isinstance(child, Group):
            t = child.transform
            yield from walk(child, dx + t[4], dy + t[5])
        else:
            yield child, dx, dy


def strings(drawing) -> list[str]:
    return [typed(s.text) for s, _, _ in walk(drawing) if isinstance(s, String)]  # twins as typed


def joined(drawing) -> str:
    return "".join(strings(drawing))


def share(id_, zh, en, value, **kw) -> Metric:
    return Metric(id_, Text({"zh": zh, "en": en}), value, "percent", source="report", **kw)


# -- one measure per chart ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_measures_make_two_panels_each_with_its_title_and_a_unit_on_every_tick(lang):
    region = load_region(PORTAL)  # a share of revenue and a share of car output: unrelated
    chart = chart_of(layout(region, lang), "bars")
    panels = chart.data["panels"]
    assert len(panels) == 2
    zh = lang == "zh"
    titles = [p["title"] for p in panels]
    assert titles == (["生物医药产业营收占全市比重（截至2023年5月）", "汽车产量占全市比重（截至2023年5月）"] if zh else
                      ["Share of the city’s biomedicine revenue, as of May 2023",
                       "Share of the city’s car output, as of May 2023"])  # in the content's order
    for panel in panels:
        assert len(panel["rows"]) == 1  # each measure on its own axis
        assert panel["ticks"] and all(t.endswith("%") for t in panel["ticks"])  # "0%", not "0"
    drawing = charts.draw(chart, default_brand(), lang, 450)
    drawn = strings(drawing)
    for title in titles:
        assert title in "".join(drawn)
    ticks = [s for s in drawn if re.fullmatch(r"\d+%?", s)]
    assert ticks and all(t.endswith("%") for t in ticks)
    assert drawn.count("100%") == 2  # an axis per panel
    ends = {round(s.x + dx, 2) for s, dx, _ in walk(drawing) if isinstance(s, String) and typed(s.text) == "100%"}
    assert len(ends) == 1  # the panels' axes line up


def test_one_measure_several_clusters_is_one_panel_and_for_when_is_its_period():
    region = load_region(PORTAL)
    region.industries.items[0].metrics = [share("a", "出口占比", "Share of exports", 30, period="2022")]
    region.industries.items[1].metrics = [share("b", "出口占比", "Share of exports", 60, period="2022")]
    (panel,) = chart_of(layout(region, "en"), "bars").data["panels"]
    assert panel["title"] == "Share of exports, 2022"
    assert [r["text"] for r in panel["rows"]] == ["60%", "30%"]
    (panel,) = chart_of(layout(region, "zh"), "bars").data["panels"]
    assert panel["title"] == "出口占比（2022年）"


def test_a_text_figure_is_never_a_bar():
    region = load_region(PORTAL)
    words = Metric("words", Text({"zh": "营收比重", "en": "Share of revenue"}), None, "percent",
                   text=Text({"zh": "半壁江山", "en": "Half the realm"}), source="report")
    region.industries.items[0].metrics = [words]
    assert not [b for b in layout(region, "en").blocks if isinstance(b, Chart) and b.kind == "bars"]
    # drawn from data that holds one anyway, the row without a number gets no bar
    rows = [{"name": "A", "note": None, "value": None, "text": "Half the realm", "qualifier": None, "featured": False},
            {"name": "B", "note": None, "value": 40.0, "text": "40%", "qualifier": None, "featured": False}]
    chart = Chart("bars", {"panels": [{"title": "T", "scale": "absolute", "rows": rows}]}, None, "alt")
    bars = [s for s, _, _ in walk(charts.draw(chart, default_brand(), "en", 450)) if isinstance(s, Rect)]
    assert len(bars) == 1


# -- the transport diagram ------------------------------------------------------------------------


def transport_data(n: int, lang: str = "en") -> Chart:
    modes = ["rail", "sea", "river", "air", "road", "metro"]
    links = []
    for i in range(n):
        mode = modes[i % len(modes)]
        planned = i % 4 == 0
        links.append({"name": f"Link {i}", "mode": mode, "mode_label": mode.title(),
                      "detail": [mode.title()] + (["Opens 2027"] if planned else []),
                      "planned": planned, "year": "2027" if planned else None,
                      "reaches": [f"Place {i}.{k}" for k in range(i % 3)]})
    data = {"centre": "Centre", "links": links, "legend": [[m, m.title()] for m in modes],
            "planned": "Not yet open"}
    return Chart("transport", data, None, "alt", lang=lang)


def legend_and_lines(drawing):
    """Return the legend's line samples and the diagram's link lines, each as (colour, dashed)."""
    groups = [g for g in drawing.contents if isinstance(g, Group)]
    legend = groups[-1]  # drawn last
    samples = {(s.strokeColor.hexval(), bool(s.strokeDashArray)) for s, _, _ in walk(legend) if isinstance(s, Line)}
    links = {(s.strokeColor.hexval(), bool(s.strokeDashArray)) for s, _, _ in walk(groups[0]) if isinstance(s, Path)}
    return samples, links


@pytest.mark.parametrize("n", [1, 2, 5, 12])
def test_the_legend_lists_exactly_the_modes_and_states_drawn_styled_as_drawn(n):
    brand = default_brand()
    chart = transport_data(n)
    drawing = charts.draw(chart, brand, "en", width_of(brand))
    samples, lines = legend_and_lines(drawing)
    assert samples == lines
    drawn = {(link["mode"], link["planned"]) for link in chart.data["links"]}
    text = joined(drawing)
    for mode in {"rail", "sea", "river", "air", "road", "metro"}:
        label = mode.title()
        drawn_modes = {m for m, _ in drawn}
        assert (label in text) == (mode in drawn_modes), f"{label} in the legend: {label in text}"
    assert ("Not yet open" in text) == any(p for _, p in drawn)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sample_legend_has_no_solid_rail_and_no_grey_dashes(sample_region, lang):
    brand = default_brand()
    chart = chart_of(layout(sample_region, lang), "transport")
    drawing = charts.draw(chart, brand, lang, width_of(brand))
    samples, lines = legend_and_lines(drawing)
    assert samples == lines
    rail = mode_style(brand, "rail").colour.upper()
    grey = mode_style(brand, "road").colour.upper()
    assert ("0X" + rail.lstrip("#"), False) not in {(c.upper(), d) for c, d in samples}  # rail is only planned
    assert all(c.upper() != "0X" + grey.lstrip("#") for c, _ in samples)


def test_every_line_ends_at_a_place_the_data_names():
    brand = default_brand()
    for chart in (transport_data(12), chart_of(layout(load_region(SAMPLE), "en"), "transport")):
        drawing = charts.draw(chart, brand, "en", width_of(brand))
        data = chart.data
        allowed = {data["centre"], data["planned"]}
        for link in data["links"]:
            allowed |= {link["name"], *link["reaches"], *link["detail"], link.get("year") or "", link["mode_label"]}
        text = " ".join(strings(drawing))
        for word in ("Open sea", "open sea", "Sea route"):
            assert word not in text
        pieces = set(re.split(r" · |\s+", " ".join(allowed)))
        assert set(re.split(r" · |\s+", text)) - {""} <= pieces
        stops = [s for s, _, _ in walk(drawing) if isinstance(s, Circle) and s.r < 12]
        n_places = sum(len(link["reaches"]) for link in data["links"])
        link_stops = len(data["links"])
        # a stop per link (and the icon's small wheels for road), one per place reached, nothing invented
        assert len([c for c in stops if c.fillColor and c.fillColor.hexval() == "0xffffff"]) == n_places
        assert len(stops) >= link_stops + n_places


def test_the_airports_hang_dashed_from_the_station_not_yet_open(sample_region):
    chart = chart_of(layout(sample_region, "en"), "transport")
    rail = next(link for link in chart.data["links"] if link["mode"] == "rail")
    assert rail["planned"] and rail["year"] == "2026" and "Xiaoshan Airport" in rail["reaches"]
    drawing = charts.draw(chart, default_brand(), "en", width_of(default_brand()))
    colour = mode_style(default_brand(), "rail").colour.lower().replace("#", "0x")
    rail_lines = [s for s, _, _ in walk(drawing) if isinstance(s, (Path, Line))
                  and s.strokeColor is not None and s.strokeColor.hexval() == colour]
    assert len(rail_lines) >= 2 and all(s.strokeDashArray for s in rail_lines)  # to the station, on to the airports
    assert strings(drawing).count("2026") == 1  # on the rail line: the airports are no link of their own
    assert not any(t == "Air" or t.startswith("Air ·") for t in strings(drawing))  # no air route: airports are open


def boxes(drawing):
    out = []
    for s, dx, dy in walk(drawing):
        if isinstance(s, String):
            w = pdfmetrics.stringWidth(s.text, s.fontName, s.fontSize)
            x = s.x + dx
            out.append(("text", x, s.y + dy - 0.2 * s.fontSize, x + w, s.y + dy + 0.78 * s.fontSize))
        elif isinstance(s, Circle) and 3 < s.r < 12 and s.fillColor is not None and s.fillColor.hexval() != "0xffffff":
            out.append(("stop", s.cx + dx - s.r, s.cy + dy - s.r, s.cx + dx + s.r, s.cy + dy + s.r))
    return out


@pytest.mark.parametrize("lang", ["zh", "en", "zh+en"])
@pytest.mark.parametrize("n", [1, 12])
def test_1_and_12_links_lay_out_without_overlap(n, lang):
    brand = default_brand()
    chart = transport_data(n)
    if lang == "zh+en":
        second = transport_data(n)
        for link in second.data["links"]:
            link["name"] = "第" + link["name"][5:] + "号站"
            link["reaches"] = [p.replace("Place", "地点") for p in link["reaches"]]
        chart = Chart(chart.kind, chart.data, None, "alt", lang="zh", translation=Chart(
            "transport", second.data, None, "alt", lang="en"))
    drawing = charts.draw(chart, brand, lang[:2], width_of(brand))
    found = boxes(drawing)
    assert len([b for b in found if b[0] == "stop"]) == n
    for kind, x0, y0, x1, y1 in found:
        assert x0 >= -0.5 and x1 <= drawing.width + 0.5 and y0 >= -0.5 and y1 <= drawing.height + 0.5
    for a, b in combinations(found, 2):
        overlap = min(a[3], b[3]) - max(a[1], b[1]) > 0.5 and min(a[4], b[4]) - max(a[2], b[2]) > 0.5
        assert not overlap, f"{a} overlaps {b}"


# -- both languages -------------------------------------------------------------------------------


def test_bilingual_charts_carry_both_languages_in_the_tree_and_the_drawing():
    region = load_region(PORTAL)
    doc = layout(region, "zh+en")
    for kind in ("bars", "transport"):
        chart = chart_of(doc, kind)
        assert chart.lang == "zh" and chart.translation is not None and chart.translation.lang == "en"
        text = joined(charts.draw(chart, default_brand(), "zh", 450))
        assert HAN.search(text) and re.search(r"[A-Za-z]{4}", text)
    bars = joined(charts.draw(chart_of(doc, "bars"), default_brand(), "zh", 450))
    assert "汽车产量占全市比重" in bars and "Share of the city’s car output" in bars
    assert bars.count("100%") == 2  # the same in both languages: once per panel
    qr = doc.blocks[-1].portal  # issue 9: the QR code stands on the back cover
    assert qr.kind == "qr" and qr.caption == qr.data["url"]  # an address is the same in both languages: printed once


def test_bilingual_pdf_pictures_read_in_both_languages(tmp_path):
    brand = default_brand()
    pdf = tmp_path / "b.pdf"
    pdf_render.render(layout(load_region(SAMPLE), "zh+en"), brand, pdf)
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    page = next(p for p in pages if "尚未开通" in p)  # the diagram's legend
    flat = re.sub(r"\s+", " ", page)
    for words in ("钱塘高铁站", "Qiantang High-Speed", "萧山机场", "Shanghai Pudong Airport", "Not yet open",
                  "Rail · Not yet open", "铁路 · 尚未开通", "Linjiang Wharf", "临江码头"):
        assert words in flat, words
    pdf = tmp_path / "p.pdf"
    pdf_render.render(layout(load_region(PORTAL), "zh+en"), brand, pdf)
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                              text=True, check=True).stdout)
    for words in ("汽车产量占全市比重", "Share of the city’s car output", "智能汽车", "Smart Vehicles", "80%以上",
                  "over 80%"):
        assert words in text, words


# -- one function for the text of every label ---------------------------------------------------------


def test_every_chart_label_goes_through_one_function(monkeypatch):
    brand = default_brand()
    region = load_region(PORTAL)
    doc = layout(region, "en")
    plain = [joined(charts.draw(chart_of(doc, k), brand, "en", 450)) for k in ("bars", "transport")]
    charts._DRAWINGS.clear()
    monkeypatch.setattr(chart_text, "label", lambda text: text.upper())
    shouted = [joined(charts.draw(chart_of(doc, k), brand, "en", 450)) for k in ("bars", "transport")]
    charts._DRAWINGS.clear()
    for before, after in zip(plain, shouted):
        assert after == after.upper() and after.replace(" ", "") == before.upper().replace(" ", "")


def bars_of(n: int, lang: str, panels: int) -> Chart:
    zh = lang == "zh"
    out = []
    for p in range(panels):
        rows = [{"name": (f"第{i + 1}个产业集群名称相当长" if zh else f"Cluster number {i + 1} with a long name"),
                 "note": None, "value": 90.0 - i * 7, "text": f"约{90 - i * 7}%" if zh else f"about {90 - i * 7}%",
                 "qualifier": "over" if i == 1 else None, "featured": i == 0} for i in range(n)]
        out.append({"title": (f"第{p + 1}项指标占全市比重（2022年）" if zh else f"Share of the city's measure {p + 1}, 2022"),
                    "measure": "m", "scale": "share", "rows": rows,
                    "ticks": ["0%", "25%", "50%", "75%", "100%"]})
    return Chart("bars", {"panels": out}, None, "alt", lang=lang)


@pytest.mark.parametrize("n,panels", [(1, 2), (6, 3), (12, 1)])
def test_bilingual_panels_lay_out_without_overlap(n, panels):
    brand = default_brand()
    first, second = bars_of(n, "zh", panels), bars_of(n, "en", panels)
    chart = Chart("bars", first.data, None, "alt", lang="zh", translation=second)
    drawing = charts.draw(chart, brand, "zh", width_of(brand))
    found = [b for b in boxes(drawing) if b[0] == "text"]
    text = joined(drawing)
    assert text.count("100%") == panels and "Share of the city's measure 1, 2022" in text and "第1项指标" in text
    for kind, x0, y0, x1, y1 in found:
        assert x0 >= -0.5 and x1 <= drawing.width + 0.5 and y0 >= -0.5 and y1 <= drawing.height + 0.5
    for a, b in combinations(found, 2):
        overlap = min(a[3], b[3]) - max(a[1], b[1]) > 0.5 and min(a[4], b[4]) - max(a[2], b[2]) > 0.5
        assert not overlap, f"{a} overlaps {b}"

"""Pictures drawn from the data: laid out only when their data is there, drawn for any number of
items without labels overlapping or leaving the picture, and present in both formats."""
from __future__ import annotations

import re
import struct
import zipfile
from itertools import combinations

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.pdfbase import pdfmetrics

from briefing import charts
from briefing.brand import default_brand
from briefing.layout import layout
from briefing.content.loader import load_region
from briefing.content.model import Metric, Text
from briefing.fonts.spaced import typed
from briefing.render import docx as docx_render, pdf as pdf_render
from briefing.tree import BackCover, Chart

from conftest import FIXTURES

PORTAL = FIXTURES / "portal.yaml"
MINIMAL = FIXTURES / "minimal.yaml"
URL = "https://invest.example.org/new-area"


def text_width(brand) -> float:
    return brand.page[0] - brand.margins["left"] - brand.margins["right"]


def charts_of(doc) -> dict[str, Chart]:
    return {b.kind: b for b in doc.blocks if isinstance(b, Chart)}


def strings(node, dx=0.0, dy=0.0):
    """Yield (String, x, y) for every string of a drawing, with group offsets applied."""
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            yield child, child.x + dx, child.y + dy
        elif isinstance(child, Group):
            t = child.transform
            yield from strings(child, dx + t[4], dy + t[5])


def label_boxes(drawing: Drawing) -> list[tuple[float, float, float, float, str]]:
    """Return the box (x0, y0, x1, y1) of every string drawn: its advance, ascent and descent."""
    boxes = []
    for s, x, y in strings(drawing):
        w = pdfmetrics.stringWidth(s.text, s.fontName, s.fontSize)
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[s.textAnchor]
        boxes.append((x0, y - 0.2 * s.fontSize, x0 + w, y + 0.78 * s.fontSize, typed(s.text)))
    return boxes


def assert_clean(drawing: Drawing) -> None:
    """No label leaves the picture, and no two labels overlap."""
    boxes = label_boxes(drawing)
    assert boxes
    for x0, y0, x1, y1, text in boxes:
        assert x0 >= -0.5 and x1 <= drawing.width + 0.5, f"{text!r} leaves the picture sideways"
        assert y0 >= -0.5 and y1 <= drawing.height + 0.5, f"{text!r} leaves the picture at the top or bottom"
    for a, b in combinations(boxes, 2):
        overlap_x = min(a[2], b[2]) - max(a[0], b[0])
        overlap_y = min(a[3], b[3]) - max(a[1], b[1])
        assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{a[4]!r} overlaps {b[4]!r}"


def drawn_text(drawing: Drawing) -> str:
    return "".join(typed(s.text) for s, _, _ in strings(drawing))  # a gap's twin glyph as typed


# -- layout: a picture only where its data is ---------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_has_a_transport_diagram_but_no_industries_chart_and_no_qr(sample_region, lang):
    found = charts_of(layout(sample_region, lang))
    # one share only (cars over 80%): biomedicine's 半壁江山 is words, never a bar, so nothing to compare
    assert set(found) == {"transport"}
    transport = found["transport"]
    assert transport.caption.startswith("资料来源：" if lang == "zh" else "Source: ")
    names = [link["name"] for link in transport.data["links"]]
    assert names[0] == ("钱塘高铁站" if lang == "zh" else "Qiantang High-Speed Railway Station")
    # the airports are open: no air link; they are the places the station (not yet open) reaches
    assert [link["mode"] for link in transport.data["links"]] == ["rail", "sea"]
    rail = transport.data["links"][0]
    assert rail["planned"] and rail["year"] == "2026"  # opens after the content's date: drawn dashed
    assert rail["reaches"] == (["萧山机场", "上海虹桥机场", "上海浦东机场"] if lang == "zh" else
                               ["Xiaoshan Airport", "Shanghai Hongqiao Airport", "Shanghai Pudong Airport"])
    assert transport.alt


def test_the_chart_follows_the_chapter_text_it_illustrates(sample_region):
    blocks = layout(sample_region, "en").blocks
    i = next(i for i, b in enumerate(blocks) if isinstance(b, Chart) and b.kind == "transport")
    assert blocks[i - 2].text == "Transport"  # heading, lead paragraph, then the diagram


def test_no_industries_chart_without_comparable_cluster_figures():
    region = load_region(MINIMAL)  # one cluster, no figures
    assert "bars" not in charts_of(layout(region, "en"))
    region = load_region(PORTAL)
    region.industries.items[1].metrics = []  # one share left: nothing to compare
    assert "bars" not in charts_of(layout(region, "zh"))


def test_ranks_and_counts_are_not_charted():
    region = load_region(PORTAL)
    for item in region.industries.items:
        item.metrics = [Metric(f"{item.id}-rank", Text({"zh": "排名", "en": "Rank"}), 3, "rank")]
    assert "bars" not in charts_of(layout(region, "en"))


def test_clusters_scale_is_charted_when_they_give_no_shares():
    region = load_region(PORTAL)
    for n, item in enumerate(region.industries.items):
        item.metrics = [Metric(f"{item.id}-output", Text({"zh": "产值", "en": "Output"}), (n + 1) * 5e10, "CNY",
                               source="report")]
    bars = charts_of(layout(region, "zh"))["bars"]
    (panel,) = bars.data["panels"]  # one measure, one panel
    assert panel["scale"] == "absolute"
    assert [r["text"] for r in panel["rows"]] == ["1000亿元", "500亿元"]  # largest first


def test_no_transport_diagram_without_links():
    region = load_region(PORTAL)
    region.transport.items = []
    assert "transport" not in charts_of(layout(region, "en"))


def test_no_qr_code_without_a_portal(sample_region):
    for lang in ("zh", "en"):
        doc = layout(sample_region, lang)
        assert "qr" not in charts_of(doc)
        assert not any(getattr(b, "anchor", "") == "portal" for b in doc.blocks)  # nor its heading


def test_qr_code_with_a_portal_is_on_the_back_cover():
    """Issue 9: the portal's QR code and address stand on the back cover, with or without contacts."""
    region = load_region(PORTAL)
    assert region.portal == URL
    for contacts in (region.contacts, []):
        region.contacts = contacts
        blocks = layout(region, "en").blocks
        back = blocks[-1]
        assert isinstance(back, BackCover) and back.portal.kind == "qr"
        assert back.portal.data == {"url": URL} and back.portal.caption == URL
        assert not any(isinstance(b, Chart) and b.kind == "qr" for b in blocks[:-1])  # shown once


def test_the_portal_must_be_a_web_address(tmp_path):
    from briefing.errors import ContentError

    bad = tmp_path / "bad.yaml"
    bad.write_text(PORTAL.read_text(encoding="utf-8").replace(URL, "invest.example.org"), encoding="utf-8")
    with pytest.raises(ContentError, match="portal"):
        load_region(bad)


# -- drawings: any number of items, long labels, both languages --------------------------------


def bars_chart(n: int, lang: str, note: bool = True) -> Chart:
    zh = lang == "zh"
    rows = [{
        "name": (f"第{i + 1}个产业集群名称可能相当长" if zh else f"Cluster number {i + 1} with quite a long name")
        if i % 3 == 0 else ("生物医药" if zh else "Biomedicine"),
        "note": ("占全市比重" if zh else "Share of the city's output") if note and i % 2 == 0 else None,
        "value": 100 - i * 8,
        "text": f"约{100 - i * 8}%" if zh else f"about {100 - i * 8}%",
        "qualifier": "over" if i == 1 else None,
        "featured": i == 2,
    } for i in range(n)]
    return Chart("bars", {"scale": "share", "rows": rows, "ticks": ["0", "25%", "50%", "75%", "100%"]}, None, "alt")


def transport_chart(n: int, lang: str) -> Chart:
    zh = lang == "zh"
    modes = ["rail", "sea", "river", "air", "road", "metro"]
    links = [{
        "name": f"第{i}号交通枢纽站点名称很长" if zh else f"Transport Interchange with a Long Name {i}",
        "mode": modes[i % len(modes)],
        "detail": ["铁路", "在建", "2027年通车"] if zh else ["Rail", "Under construction", "Opens 2027"],
        "planned": i % 2 == 0,
        "year": "2027" if i % 2 == 0 else None,
        "reaches": [("上海虹桥国际机场" if zh else "Shanghai Hongqiao International Airport")] * (i % 3),
    } for i in range(n)]
    data = {"centre": "杭州钱塘新区" if zh else "Hangzhou Qiantang New Area", "links": links,
            "legend": [[m, m.title()] for m in modes[:n]], "planned": "尚未开通" if zh else "Not yet open"}
    return Chart("transport", data, None, "alt")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("n", [2, 5, 12])
def test_industries_chart_draws_2_to_12_clusters_cleanly(n, lang):
    brand = default_brand()
    drawing = charts.draw(bars_chart(n, lang), brand, lang, text_width(brand))
    assert drawing.width == pytest.approx(text_width(brand))
    assert_clean(drawing)
    assert drawn_text(drawing).count("%") >= n


def test_more_clusters_make_a_taller_chart():
    brand = default_brand()
    heights = [charts.draw(bars_chart(n, "en"), brand, "en", 450).height for n in (2, 6, 12)]
    assert heights == sorted(heights) and heights[0] < heights[-1]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("n", [1, 3, 12])
def test_transport_diagram_draws_1_to_12_links_cleanly(n, lang):
    brand = default_brand()
    drawing = charts.draw(transport_chart(n, lang), brand, lang, text_width(brand))
    assert_clean(drawing)
    text = drawn_text(drawing)
    assert ("杭州钱塘新区" if lang == "zh" else "Qiantang") in text
    assert ("2027" in text) and (("尚未开通" if lang == "zh" else "Not yet open") in text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_charts_are_clean(sample_region, lang):
    brand = default_brand()
    for chart in charts_of(layout(sample_region, lang)).values():
        assert_clean(charts.draw(chart, brand, lang, text_width(brand)))


def test_chinese_labels_are_set_in_the_cjk_face_and_english_in_the_latin_face():
    brand = default_brand()
    zh = charts.draw(transport_chart(3, "zh"), brand, "zh", 450)
    en = charts.draw(transport_chart(3, "en"), brand, "en", 450)
    cjk, latin = brand.font_stack("sans", "zh")[0], brand.font_stack("sans", "en")[0]
    assert {s.fontName for s, _, _ in strings(zh) if re.search(r"[\u4e00-\u9fff]", typed(s.text))} <= {
        f"Briefing-{cjk}", f"Briefing-{cjk}-bold"}
    assert all(s.fontName.startswith(f"Briefing-{latin}") for s, _, _ in strings(en))


def test_qr_code_is_a_scannable_size_and_flush_left():
    brand = default_brand()
    chart = Chart("qr", {"url": URL}, URL, "alt")
    drawing = charts.draw(chart, brand, "en", text_width(brand))
    assert 20 * 72 / 25.4 <= drawing.width <= 40 * 72 / 25.4  # 2 to 4 cm: comfortably scanned from paper
    assert drawing.height > drawing.width  # white above and below it
    assert charts.align(chart) == "left"
    modules = charts.qr.modules(URL)
    assert len(modules) == len(modules[0]) >= 21  # a real QR symbol (version 1 is 21 x 21)


def test_unknown_chart_kind_is_refused():
    with pytest.raises(ValueError, match="unknown chart kind 'pie'"):
        charts.draw(Chart("pie", {}, None, "alt"), default_brand(), "en", 400)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_rasterised_at_200_dpi_or_more():
    brand = default_brand()
    chart = transport_chart(3, "en")
    data, width, height = charts.png(chart, brand, "en", 450)
    px_w, px_h = png_size(data)
    assert px_w / (width / 72) >= 200 and px_h / (height / 72) >= 200


# -- both formats ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The portal fixture built in both languages and both formats."""
    region = load_region(PORTAL)
    brand = default_brand()
    out = {}
    for lang in ("zh", "en"):
        doc = layout(region, lang)
        folder = tmp_path_factory.mktemp(lang)
        out[lang, "pdf"] = folder / "b.pdf"
        out[lang, "docx"] = folder / "b.docx"
        pdf_render.render(doc, brand, out[lang, "pdf"])
        docx_render.render(doc, brand, out[lang, "docx"])
    return out


def page_with(reader: PdfReader, needle: str) -> str:
    for page in reader.pages:
        text = page.extract_text()
        if needle in text:
            return text
    raise AssertionError(f"no page has {needle!r}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_charts_are_vectors_with_real_text(built, lang):
    reader = PdfReader(str(built[lang, "pdf"]))
    zh = lang == "zh"
    transport = page_with(reader, "尚未开通" if zh else "Not yet open")  # the diagram's legend
    for name in (["示例高铁站", "萧山机场", "上海浦东机场"] if zh else ["Xiaoshan Airport", "Shanghai Pudong Airport"]):
        assert name in transport.replace("\n", "")
    industries = page_with(reader, "约50%" if zh else "about 50%")
    assert ("资料来源：" if zh else "Source:") in industries
    qr_page = page_with(reader, URL)
    assert ("投资门户" if zh else "Investment portal") in qr_page
    # drawn, not pasted: a page with a chart holds no more images than the contents page (the brand's logo)
    logo_only = len(reader.pages[1].images)
    for page in reader.pages[2:]:
        assert len(page.images) == logo_only


def docx_pictures(path) -> list[dict]:
    """Return each chart of a .docx (a picture in a Figure paragraph): its size in inches, pixels, alt text."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
        targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
        out = []
        figures = [p for p in re.findall(r"<w:p>.*?</w:p>", xml, re.S) if '<w:pStyle w:val="Figure"/>' in p]
        for inline in re.findall(r"<wp:inline.*?</wp:inline>", "".join(figures), re.S):
            cx, cy = map(int, re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', inline).groups())
            descr = re.search(r'descr="([^"]*)"', inline)
            rid = re.search(r'r:embed="(rId\d+)"', inline).group(1)
            data = z.read("word/" + targets[rid])
            out.append({"inches": (cx / 914400, cy / 914400), "pixels": png_size(data),
                        "alt": descr.group(1) if descr else "", "xml": inline})
        return out, xml


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_has_each_chart_as_a_picture_of_200_dpi_or_more_with_alt_text_and_caption(built, lang):
    pictures, xml = docx_pictures(built[lang, "docx"])
    assert len(pictures) == 3  # industries, transport, QR code
    for pic in pictures:
        (w_in, h_in), (w_px, h_px) = pic["inches"], pic["pixels"]
        assert w_px / w_in >= 200 and h_px / h_in >= 200
        assert pic["alt"]
        assert 'distL="0"' in pic["xml"]  # no gap LibreOffice would otherwise add beside it
    brand = default_brand()
    assert pictures[0]["inches"][0] == pytest.approx(text_width(brand) / 72, rel=0.01)  # at text width
    assert URL in xml and ("资料来源：" if lang == "zh" else "Source: ") in xml
    assert '<w:pStyle w:val="Caption"/>' in xml and '<w:pStyle w:val="Figure"/>' in xml


def test_docx_and_pdf_leave_pictures_out_when_their_data_is_absent(tmp_path):
    region = load_region(PORTAL)
    region.portal = None
    region.transport.items = []
    for item in region.industries.items:
        item.metrics = []
    doc = layout(region, "en")
    assert not charts_of(doc)
    docx_render.render(doc, default_brand(), tmp_path / "b.docx")
    pictures, xml = docx_pictures(tmp_path / "b.docx")
    assert pictures == [] and '<w:pStyle w:val="Figure"/>' not in xml
    pdf_render.render(doc, default_brand(), tmp_path / "b.pdf")
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "b.pdf")).pages)
    assert "Not yet open" not in text and "Investment portal" not in text


def test_sample_builds_with_charts_in_both_formats(sample_region, tmp_path):
    brand = default_brand()
    doc = layout(sample_region, "en")
    pdf_render.render(doc, brand, tmp_path / "s.pdf")
    docx_render.render(doc, brand, tmp_path / "s.docx")
    text = page_with(PdfReader(str(tmp_path / "s.pdf")), "Not yet open").replace("\n", " ")
    assert "Qiantang High-Speed" in text and "Xiaoshan Airport" in text and "2026" in text
    pictures, _ = docx_pictures(tmp_path / "s.docx")
    assert len(pictures) == 1  # the transport diagram; the sample has no comparable cluster figures

"""Chart and diagram labels take the body text's Han-Latin gap, in the PDF's vectors and in Word's picture,
and still copy out as typed.

The sample's transport diagram (zh, and the portal fixture's industries chart) is drawn
alone into a PDF with ReportLab, as the renderer draws it, and read back with poppler and
PDFium; the same drawing rasterised (as Word gets it) is measured in its pixels.
"""
from __future__ import annotations

import io
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String

from briefing import charts
from briefing.brand import default_brand
from briefing.charts import text as chart_text
from briefing.content.loader import load_region
from briefing.layout import layout
from briefing.tree import Chart

from conftest import FIXTURES, SAMPLE


def chart_of(path, lang: str, kind: str) -> Chart:
    doc = layout(load_region(path), lang)
    return next(b for b in doc.blocks if isinstance(b, Chart) and b.kind == kind)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """The sample's diagram and the portal fixture's industries chart in Chinese, each a one-page PDF."""
    out = {}
    for name, path, kind in (("transport", SAMPLE, "transport"), ("bars", FIXTURES / "portal.yaml", "bars")):
        pdf = tmp_path_factory.mktemp(name) / f"{name}.pdf"
        renderPDF.drawToFile(charts.draw(chart_of(path, "zh", kind), default_brand(), "zh", 450), str(pdf))
        out[name] = pdf
    return out


def pdfium_chars(pdf):
    page = pdfium.PdfDocument(str(pdf))[0].get_textpage()
    text = page.get_text_range()
    return page, text


@pytest.mark.parametrize("kind,phrases", [("transport", ["铁路 · 2026年通车", "海运 · 已运营", "钱塘高铁站"]),
                                          ("bars", ["80%以上", "（截至2023年5月）"])])
def test_labels_copy_out_as_typed(drawn, kind, phrases):
    _, text = pdfium_chars(drawn[kind])
    if shutil.which("pdftotext"):
        text += subprocess.run(["pdftotext", "-enc", "UTF-8", str(drawn[kind]), "-"], capture_output=True,
                               text=True, check=True).stdout
    flat = " ".join(text.split())
    for phrase in phrases:
        assert phrase in flat, (phrase, flat)


def test_the_diagram_draws_the_quarter_em_between_figures_and_han(drawn):
    """Between "6" and "年" of 2026年 the ink keeps a quarter em; between the digits it does not (PDFium's boxes)."""
    page, text = pdfium_chars(drawn["transport"])
    at = text.find("2026年通车")
    assert at >= 0, text
    box = [page.get_charbox(at + k) for k in range(6)]
    size = box[4][3] - box[4][1]  # the Han glyph's ink height, about an em
    digits = max(box[k + 1][0] - box[k][2] for k in range(3))
    gap = box[4][0] - box[3][2]
    assert gap > digits + 0.15 * size, (gap, digits, size)
    assert box[5][0] - box[4][2] < 0.15 * size  # Han after Han: no gap


def ink_width(drawing: Drawing, dpi: int = 600) -> float:
    """Return the width in points of the drawing's ink, as the PNG Word gets shows it."""
    image = Image.open(io.BytesIO(charts.rasterize(drawing, dpi))).convert("L")
    columns = [x for x in range(image.width) if any(image.getpixel((x, y)) < 160 for y in range(image.height))]
    return (columns[-1] - columns[0] + 1) * 72 / dpi


def test_words_picture_carries_the_same_gap():
    """A label drawn by the charts is wider in the raster by the quarter em than the same string set solid."""
    brand = default_brand()
    face = chart_text.face(brand, "zh")
    size = 20.0
    spaced, solid = Drawing(200, 40), Drawing(200, 40)
    chart_text.draw_line(spaced, 5, 10, "2026年", face, size, "#000000")
    font = face.runs("年")[0][1]
    solid.add(String(5, 10, "2026年", fontName=font, fontSize=size))
    solid.initialFontName = spaced.initialFontName = font
    assert ink_width(spaced) - ink_width(solid) == pytest.approx(0.25 * size, abs=0.3)
    assert face.width("2026年", size) == pytest.approx(face.width("2026", size) + face.width("年", size) + 0.25 * size)

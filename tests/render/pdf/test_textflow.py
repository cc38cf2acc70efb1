"""Tests of the PDF flowable over the line breaker (briefing.render.pdf.textflow): wrap, split, PDF output."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from briefing.tree import Span
from briefing.render.pdf.textflow import TextFlow, baseline_offset, line_text

from conftest import MIXED, SIZE


# ---------------------------------------------------------------------------
# the flowable: wrap, split, PDF


def test_wrap_height_and_baseline(zh):
    flow = TextFlow([Span(MIXED)], zh)
    w, h = flow.wrap(300, 1000)
    assert (w, h) == (300, len(flow.lines) * zh.leading)
    assert baseline_offset(zh) == pytest.approx((zh.leading - SIZE) / 2 + 0.88 * SIZE)


def test_split_keeps_two_lines_each_side(zh):
    flow = TextFlow([Span(MIXED)], zh)
    flow.wrap(200, 10_000)
    n = len(flow.lines)
    assert n >= 8
    lead = zh.leading
    head, tail = flow.split(200, 5.5 * lead)
    assert len(head.break_lines(200)) == 5 and len(tail.break_lines(200)) == n - 5
    head, tail = flow.split(200, (n - 1) * lead)  # a widow would be left: two lines go over
    assert len(tail.break_lines(200)) == 2
    assert flow.split(200, 1.5 * lead) == []  # an orphan: all goes over
    assert flow.split(200, n * lead) == [flow]
    assert TextFlow([Span(MIXED)], replace(zh, allow_split=False)).split(200, 5 * lead) == []
    short = TextFlow([Span(MIXED[:40])], zh)
    short.wrap(200, 1000)
    assert len(short.lines) == 3 and short.split(200, 2 * lead) == []


def test_split_parts_continue_the_paragraph(zh):
    style = replace(zh, first_indent=2 * SIZE, space_before=7, space_after=9)
    flow = TextFlow([Span(MIXED)], style, bookmark="here")
    whole = flow.break_lines(200)
    head, tail = flow.split(200, 4 * style.leading)
    head_lines, tail_lines = head.break_lines(200), tail.break_lines(200)
    assert [line_text(l) for l in head_lines + tail_lines] == [line_text(l) for l in whole]
    assert head_lines[-1].justify and head_lines[-1].right == pytest.approx(200, abs=0.01)
    assert head.getSpaceBefore() == 7 and head.getSpaceAfter() == 0 and head.bookmark == "here"
    assert tail.getSpaceBefore() == 0 and tail.getSpaceAfter() == 9 and tail.bookmark is None
    assert tail_lines[0].left == 0  # no first-line indent after a page break
    # the tail may land in a frame of another width, and split again
    narrower = tail.break_lines(150)
    assert "".join(line_text(l) for l in narrower).replace(" ", "") == \
        "".join(line_text(l) for l in tail_lines).replace(" ", "")
    again = tail.split(150, 3 * style.leading)
    assert len(again) == 2 and len(again[0].break_lines(150)) == 3


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _build(path: Path, flows) -> int:
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60)
    doc.build(flows)
    return doc.page


def test_pdf_text_comes_back_in_reading_order(tmp_path, zh, en, article_paragraphs):
    bullet = replace(zh, left_indent=14, bullet="●", bullet_color="#14A3A0")
    texts = [MIXED, *article_paragraphs[:12]]
    flows = [TextFlow([Span(t)], zh) for t in texts]
    flows.append(TextFlow([Span("汽车产量占杭州八成以上，"), Span("生物医药产业营收比重", True), Span("占杭州“半壁江山”。")],
                          bullet))
    english = "In the first quarter Qiantang New Area (钱塘新区) attracted RMB 4.63 billion of investment."
    flows.append(TextFlow([Span(english)], en))
    path = tmp_path / "flow.pdf"
    _build(path, flows)
    expected = _squash("".join(texts) + "●汽车产量占杭州八成以上，生物医药产业营收比重占杭州“半壁江山”。" + english)
    assert _squash(_pdf_text(path)) == expected
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
        assert _squash(out) == expected
        assert "Qiantang New Area" in re.sub(r"\s+", " ", out)


def test_paragraph_longer_than_a_page_flows_over_pages(tmp_path, zh, article_paragraphs):
    text = "".join(article_paragraphs) * 2  # about seven thousand characters: several pages
    path = tmp_path / "long.pdf"
    pages = _build(path, [TextFlow([Span(text)], zh)])
    assert pages >= 3
    assert _squash(_pdf_text(path)) == _squash(text)


def test_link_and_bookmark(tmp_path, zh):
    from pypdf import PdfReader

    path = tmp_path / "link.pdf"
    flows = [TextFlow([Span("目录项：钱塘新区")], zh, link="chapter-1"),
             TextFlow([Span("第一章 钱塘新区")], zh, bookmark="chapter-1")]
    _build(path, flows)
    reader = PdfReader(str(path))
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    assert len(links) == 1
    page, fit, left, top = links[0]["/Dest"][:4]
    x0, y0, x1, y1 = (float(v) for v in links[0]["/Rect"])
    assert fit == "/XYZ" and page.get_object() == reader.pages[0].get_object()
    assert y1 - y0 == pytest.approx(zh.leading)  # the link covers the linked paragraph
    assert float(top) == pytest.approx(y0)  # the bookmark is the top of the next paragraph

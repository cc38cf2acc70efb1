"""The PDF renderer, from a hand-built tree: text, fonts, bookmarks, links, metadata."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from briefing.brand import default_brand
from briefing.render.pdf import render
from briefing.tree import (
    BulletList, Cover, Document, FigureCard, FigureGrid, Heading, Meta, Paragraph, Span, Table, TableOfContents,
)


def tree(lang: str) -> Document:
    zh = lang == "zh"
    long_text = ("钱塘新区瞄准打造世界级智能制造产业集群，推动制造业高端化迈进。" * 30 if zh
                 else "Qiantang is building a world-class cluster of intelligent manufacturing. " * 30)
    return Document(
        lang=lang,
        meta=Meta(title="测试手册" if zh else "Test briefing", author="Briefing tests", subject="A test",
                  keywords=["test"], lang="zh-CN" if zh else "en-GB"),
        running_title="钱塘 · 测试" if zh else "Qiantang · Test",
        page_label="第 {page} 页，共 {pages} 页" if zh else "Page {page} of {pages}",
        blocks=[
            Cover("投资推介手册" if zh else "Investment Briefing", "杭州钱塘新区" if zh else "Qiantang New Area",
                  "勇攀高峰" if zh else "Scaling heights", ["资料截至2023年5月" if zh else "Content as of May 2023"]),
            TableOfContents("目录" if zh else "Contents"),
            Heading(1, "概览" if zh else "At a glance", "key-figures"),
            FigureGrid([FigureCard("46.3亿元" if zh else "RMB 4.63 billion", "制造业投资" if zh else "Investment",
                                   "同比增长71.5%" if zh else "up 71.5% year on year", 1, "2023年一季度"),
                        FigureCard("1600余家" if zh else "over 1,600 companies", "外资企业" if zh else "Foreign firms")]),
            Heading(1, "产业集群" if zh else "Industries", "ch-industries"),
            Paragraph((Span(long_text),), "Lead"),
            Heading(2, "生物医药" if zh else "Biomedicine", "item-biomedicine"),
            Paragraph((Span("重点：" if zh else "Key: "), Span("合成生物学" if zh else "synthetic biology", bold=True))),
            BulletList([(Span("中策橡胶 Zhongce Rubber"),), (Span("<b>not markup</b> & <para>"),)]),
            Table(["指标" if zh else "Indicator", "数值" if zh else "Figure"],
                  [[(Span(f"行 {i}" if zh else f"Row {i}"),), (Span(f"{i}00万"),)] for i in range(60)], [3, 2]),
        ],
    )


@pytest.fixture(scope="module", params=["zh", "en"])
def built(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / f"t-{request.param}.pdf"
    pages = render(tree(request.param), default_brand(), path)
    return request.param, path, pages, PdfReader(str(path))


def text_of(reader) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_page_count_is_reported_and_pages_say_n_of_m(built):
    lang, _, pages, reader = built
    assert pages == len(reader.pages) >= 5
    last = reader.pages[-1].extract_text()
    expected = f"第{pages}页，共{pages}页" if lang == "zh" else f"Page{pages}of{pages}"
    assert expected in re.sub(r"\s+", "", last)


def test_text_comes_back_including_literal_markup(built):
    lang, _, _, reader = built
    text = text_of(reader)
    assert ("46.3亿元" if lang == "zh" else "RMB4.63billion") in text
    assert "<b>notmarkup</b>&<para>" in text
    assert "中策橡胶ZhongceRubber" in text
    assert "行59" in text or "Row59" in text  # the long table continued onto later pages


def test_every_font_is_embedded_and_subset_and_ours(built):
    _, _, _, reader = built
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(font["/BaseFont"])
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]
    assert not any("Helvetica" in n or "Times" in n for n in names)
    assert any("CJK" in n for n in names)


def test_bookmarks_for_every_heading_and_links_in_contents(built):
    lang, _, _, reader = built
    titles = [getattr(o, "title", None) for o in reader.outline if not isinstance(o, list)]
    assert ("概览" if lang == "zh" else "At a glance") in titles
    assert ("产业集群" if lang == "zh" else "Industries") in titles
    nested = [o for o in reader.outline if isinstance(o, list)]
    assert any(getattr(o, "title", "") in ("生物医药", "Biomedicine") for group in nested for o in group)
    contents = reader.pages[1]
    links = [a.get_object() for a in contents.get("/Annots", [])]
    assert len([a for a in links if a["/Subtype"] == "/Link"]) == 3  # one per heading


def test_contents_page_numbers_match_where_chapters_start(built):
    lang, _, _, reader = built
    toc = re.sub(r"[ .]+", " ", reader.pages[1].extract_text())
    target = "产业集群" if lang == "zh" else "Industries"
    number = int(re.search(re.escape(target) + r"\s*(\d+)", toc).group(1))
    assert target in reader.pages[number - 1].extract_text()


def test_metadata(built):
    lang, path, _, reader = built
    info = reader.metadata
    assert info.title == ("测试手册" if lang == "zh" else "Test briefing")
    assert info.author == "Briefing tests" and info.subject == "A test"
    assert reader.trailer["/Root"]["/Lang"] == ("zh-CN" if lang == "zh" else "en-GB")


def test_same_input_gives_the_same_bytes(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render(tree("zh"), default_brand(), a)
    render(tree("zh"), default_brand(), b)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("press", [False, True])
def test_notes_pages_counted_in_one_pass_give_the_file_the_passes_give(sample_region, tmp_path, monkeypatch, press):
    """The notes pages before the back cover are counted as the document is laid out (one pass); a pass that
    does not come out a multiple (here: no notes pages given) is laid out again as before, to the same file."""
    from briefing.layout import layout
    from briefing.render.pdf import furniture, press as press_pdf

    write = press_pdf.render if press else render
    doc, brand = layout(sample_region, "en"), default_brand()
    one, passes = tmp_path / "one.pdf", tmp_path / "passes.pdf"
    pages = write(doc, brand, one)
    assert pages % (4 if press else 2) == 0
    monkeypatch.setattr(furniture.NotesFill, "pages", lambda self, page: [])
    assert write(doc, brand, passes) == pages
    assert one.read_bytes() == passes.read_bytes()


def test_an_image_file_kept_from_an_earlier_document_gives_the_same_bytes(tmp_path, monkeypatch):
    """The logo's XObject is made once a process (render/pdf/images.py): a document drawn with the kept copy is
    the document ReportLab writes when it makes the image itself."""
    from briefing.render.pdf import images

    brand = default_brand()
    assert brand.logo
    own, kept = tmp_path / "own.pdf", tmp_path / "kept.pdf"
    render(tree("en"), brand, kept)  # makes and keeps the logo
    assert images._MADE
    render(tree("en"), brand, kept)  # drawn from the kept copy
    monkeypatch.setattr(images, "register", lambda canvas, path, mask: None)
    render(tree("en"), brand, own)  # ReportLab's drawImage makes it
    assert own.read_bytes() == kept.read_bytes()

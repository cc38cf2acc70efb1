"""Tests for the Word renderer: structure, styles, fonts and fields read back from the .docx."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.shared import Length
from docx.text.paragraph import Paragraph as DocxParagraph
import pytest
from lxml import etree

from briefing.brand import default_brand
from briefing.render.docx import bookmark_names, estimate_pages, render
from briefing.render.docx.embed import family_of
from briefing.render.docx.tables import JOINER
from briefing.tree import (
    BulletList, Cover, Document, FigureCard, FigureGrid, Heading, Meta, PageBreak, Paragraph, Span, Table,
    TableOfContents,
)
from conftest import outline_pages

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
THEME_ATTRS = ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme")


def zh_doc() -> Document:
    """Return a Chinese briefing tree with every kind of block."""
    s = Span
    return Document(
        lang="zh",
        meta=Meta("苏州工业园区投资简报", "苏州工业园区管理委员会", "投资促进", ["苏州", "工业园区", "投资"], "zh-CN"),
        running_title="苏州工业园区 · 投资简报",
        page_label="第 {page} 页，共 {pages} 页",
        blocks=[
            Cover("国家级经济技术开发区", "苏州工业园区投资简报", "中新合作的开放创新高地",
                  ["资料截至 2023-05", "苏州工业园区管理委员会"]),
            TableOfContents("目录"),
            Heading(1, "园区概况", "overview"),
            Paragraph((s("苏州工业园区于1994年经国务院批准设立，行政区划面积278平方公里，"
                         "是中国和新加坡两国政府间的重要合作项目。"),), "Lead"),
            FigureGrid([
                FigureCard("3515.6亿元", "地区生产总值", "同比增长2.3%", 1, "2022年", featured=True),
                FigureCard("46.3亿元", "实际使用外资", "同比增长71.5%", 1, "2022年"),
                FigureCard("1.2万家", "高新技术企业", "同比下降0.8%", -1, "2022年"),
                FigureCard("118家", "世界500强投资项目", None, 0, "累计"),
            ], columns=3),
            Paragraph((s("园区综合发展指数连续七年位居国家级经开区"), s("第一", bold=True),
                       s("，在科技部国家高新区评价中位列第四。外资企业如 Bosch、Samsung 均设有区域总部。"))),
            Heading(2, "区位与交通", "location"),
            Paragraph((s("园区位于长三角核心地带，距上海虹桥国际机场约80公里，沪宁城际铁路与京沪高铁在区内设站。"),)),
            BulletList([(s("距上海"), s("80公里", bold=True)), (s("区内拥有苏州工业园区站、苏州东站"),)]),
            Heading(1, "重点产业", "industries"),
            Paragraph((s("新一代信息技术、生物医药、纳米技术应用和人工智能是园区的四大主导产业。"),)),
            Table(["产业", "企业数", "产值（亿元）", "说明"], [
                [(s("生物医药"),), (s("2,100"),), (s("1,380"),), (s("集聚度全国领先", bold=True),)],
                [(s("纳米技术应用"),), (s("1,000"),), (s("1,200"),), (s("国家纳米技术国际创新园"),)],
                [(s("人工智能"),), (s("1,500"),), (s("1,050"),), (s("国家新一代人工智能创新发展试验区"),)],
            ], [2, 1, 1, 3], caption="表 1  主导产业规模（2022年）"),
            Paragraph((s("资料来源：苏州工业园区管理委员会。"),), "Note"),
            PageBreak(),
            Heading(2, "投资政策", "policies"),
            Paragraph((s("园区对符合条件的重大项目给予用地、人才和研发方面的支持。"),), "Caption"),
        ],
    )


def en_doc() -> Document:
    """Return an English briefing tree that names places in Chinese too."""
    s = Span
    return Document(
        lang="en",
        meta=Meta("Suzhou Industrial Park Investment Briefing", "SIP Administrative Committee", "Investment promotion",
                  ["Suzhou", "industrial park", "investment"], "en-US"),
        running_title="Suzhou Industrial Park · Investment Briefing",
        page_label="Page {page} of {pages}",
        blocks=[
            Cover("National economic and technological development zone", "Suzhou Industrial Park (苏州工业园区)",
                  "Where China and Singapore build an open innovation hub", ["Content as of 2023-05"]),
            TableOfContents("Contents"),
            Heading(1, "The park at a glance", "overview"),
            Paragraph((s("Suzhou Industrial Park (苏州工业园区) was approved by the State Council in 1994 "
                         "and covers 278 km²."),), "Lead"),
            FigureGrid([
                FigureCard("RMB 351.6 bn", "Gross regional product", "up 2.3% year on year", 1, "2022", featured=True),
                FigureCard("USD 4.63 bn", "Foreign investment used", "up 71.5% year on year", 1, "2022"),
                FigureCard("12,000", "High-tech enterprises", "down 0.8% year on year", -1, "2022"),
            ], columns=3),
            Paragraph((s("The park has ranked "), s("first", bold=True),
                       s(" among national development zones for seven years running."))),
            Heading(2, "Location", "location"),
            BulletList([(s("80 km from Shanghai Hongqiao (上海虹桥) airport"),),
                        (s("Two high-speed rail stations", bold=True),)]),
            Heading(1, "Key industries", "industries"),
            Table(["Industry", "Firms", "Output (RMB bn)"], [
                [(s("Biomedicine (生物医药)"),), (s("2,100"),), (s("138.0"),)],
                [(s("Nanotechnology"),), (s("1,000"),), (s("120.0"),)],
            ], [3, 1, 1], caption="Table 1  Leading industries, 2022"),
        ],
    )


@pytest.fixture(scope="module", params=["zh", "en"])
def rendered(request, tmp_path_factory):
    """Render one of the sample documents; return (tree, path)."""
    doc = zh_doc() if request.param == "zh" else en_doc()
    path = tmp_path_factory.mktemp("docx") / f"briefing-{request.param}.docx"
    render(doc, default_brand(), path)
    return doc, path


def xml(path: Path, name: str) -> etree._Element:
    """Return the parsed XML of part `name` in the package at `path`."""
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def parts(path: Path, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        return [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith(prefix) and n.endswith(".xml")]


def all_paragraphs(word) -> list[DocxParagraph]:
    """Return every paragraph of the body, those in table cells included, in order."""
    body = word.element.body
    return [DocxParagraph(p, word.part) for p in body.iter(f"{{{W}}}p")]


def style_of(paragraph) -> str | None:
    """Return the style id of a raw w:p element."""
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return None if style is None else attr(style, "val")


def squeeze(text: str) -> str:
    """Return `text` without whitespace (pdftotext spaces CJK and splits lines freely)."""
    return re.sub(r"\s+", "", text)


def attr(element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


def resolved(styles, style_id: str | None, run, tag: str, name: str) -> str | None:
    """Return a run property as Word resolves it: the run's own, its paragraph style's (and theirs), the defaults."""
    own = run.find(f"w:rPr/w:{tag}", NS)
    if own is not None and attr(own, name):
        return attr(own, name)
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        if style is None:
            break
        found = style.find(f"w:rPr/w:{tag}", NS)
        if found is not None and attr(found, name):
            return attr(found, name)
        based = style.find("w:basedOn", NS)
        style_id = attr(based, "val") if based is not None else None
    found = styles.find(f"w:docDefaults/w:rPrDefault/w:rPr/w:{tag}", NS)
    return attr(found, name) if found is not None else None


def test_paragraph_styles_are_the_named_ones(rendered):
    doc, path = rendered
    word = docx.Document(str(path))
    used = {p.style.name for p in all_paragraphs(word)}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Body Text", "List Bullet", "Lead", "TOC Heading"} <= used
    cover = next(b for b in doc.blocks if isinstance(b, Cover))
    assert [p.text for p in all_paragraphs(word) if p.style.name == "Title"] == [cover.title]
    notes = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    tables = [b.caption for b in doc.blocks if isinstance(b, Table)]
    assert tables == [n for n in notes if n.startswith(("表", "Table"))]
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert word.styles["Lead"].base_style.name == "Body Text"
    assert word.styles["Note"].base_style.name == "Body Text"


def test_tables_use_the_table_styles(rendered):
    doc, path = rendered
    word = docx.Document(str(path))
    styles = [t.style.name for t in word.tables]
    assert styles == ["Normal Table", "Figure Cards", "Briefing Table"]  # the cover's band, then the blocks
    data = word.tables[2]
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert [c.text for c in data.rows[0].cells] == table.header
    tbl = data._tbl
    assert tbl.find("w:tblPr/w:tblW", NS).get(f"{{{W}}}type") == "pct"
    assert tbl.find("w:tblPr/w:tblLayout", NS).get(f"{{{W}}}type") == "fixed"
    assert tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None
    grid = [int(attr(g, "w")) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
    weights = table.widths
    assert grid[0] / grid[-1] == pytest.approx(weights[0] / weights[-1], rel=0.01)
    section = word.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert sum(grid) == pytest.approx(Length(text_width).twips, abs=len(grid))


def test_figure_cards_show_values_labels_and_arrows(rendered):
    doc, path = rendered
    word = docx.Document(str(path))
    cards = word.tables[1]
    grid = next(b for b in doc.blocks if isinstance(b, FigureGrid))
    assert len(cards.columns) == grid.columns
    cells = list({id(c._tc): c for row in cards.rows for c in row.cells}.values())  # a spanned cell once
    text = "\n".join(c.text for c in cells).replace(JOINER, "")  # the joiner keeps LibreOffice's gap away
    for card in grid.cards:
        assert card.value in text and card.label in text
    assert "\u25b2" in text and "\u25bc" in text
    values = [p for c in cells for p in c.paragraphs if p.style.name == "Figure Value"]
    assert [p.text.replace(JOINER, "") for p in values] == [c.value for c in grid.cards]


def test_bold_spans_become_bold_runs(rendered):
    doc, path = rendered
    body = xml(path, "word/document.xml")
    bold = {"".join(r.itertext()) for r in body.iter(f"{{{W}}}r") if r.find("w:rPr/w:b", NS) is not None
            and r.find("w:rPr/w:bCs", NS) is not None}
    wanted = {s.text for b in doc.blocks if isinstance(b, Paragraph) for s in b.text if s.bold}
    assert wanted and wanted <= bold


def test_no_theme_fonts_anywhere(rendered):
    _, path = rendered
    for name in ("word/styles.xml", "word/document.xml", "word/numbering.xml"):
        for rfonts in xml(path, name).iter(f"{{{W}}}rFonts"):
            assert not [a for a in THEME_ATTRS if attr(rfonts, a)], name
    with zipfile.ZipFile(path) as z:
        assert "word/stylesWithEffects.xml" not in z.namelist()


def test_east_asian_fonts_and_languages_are_set(rendered):
    doc, path = rendered
    styles = xml(path, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    serif_cjk, sans_cjk = "Noto Serif CJK SC", "Noto Sans CJK SC"
    assert family_of(attr(defaults.find("w:rFonts", NS), "eastAsia")) == serif_cjk
    lang = defaults.find("w:lang", NS)
    expected = "zh-CN" if doc.lang == "zh" else "en-US"
    assert (attr(lang, "val"), attr(lang, "eastAsia")) == (expected, "zh-CN")
    latin = serif_cjk if doc.lang == "zh" else "Noto Serif"
    assert family_of(attr(defaults.find("w:rFonts", NS), "ascii")) == latin
    for sid, east in [("Normal", serif_cjk), ("BodyText", serif_cjk), ("Title", sans_cjk), ("Heading1", sans_cjk)]:
        style = styles.find(f"w:style[@w:styleId='{sid}']", NS)
        assert family_of(attr(style.find("w:rPr/w:rFonts", NS), "eastAsia")) == east, sid
    # runs leave their faces and language to their paragraph's style and the defaults (so a restyle in Word
    # reaches the text), naming faces only where theirs differ: here the arrows of the figure cards
    body = xml(path, "word/document.xml")
    runs = 0
    for paragraph in body.iter(f"{{{W}}}p"):
        for run in paragraph.iter(f"{{{W}}}r"):
            if run.find("w:t", NS) is None:
                continue
            runs += 1
            text = "".join(t.text or "" for t in run.iter(f"{{{W}}}t"))
            own = run.find("w:rPr/w:rFonts", NS)
            if own is not None and set(own.attrib) - {f"{{{W}}}hint"}:
                assert text.strip() in ("\u25b2", "\u25bc"), text
            style = style_of(paragraph) or "Normal"
            assert family_of(resolved(styles, style, run, "rFonts", "eastAsia")) in (serif_cjk, sans_cjk), text
            assert resolved(styles, style, run, "lang", "val") == expected, text
    assert runs


def test_chinese_body_is_justified_and_keeps_line_breaking_rules(rendered):
    doc, path = rendered
    styles = xml(path, "word/styles.xml")
    jc = styles.find("w:style[@w:styleId='BodyText']/w:pPr/w:jc", NS)
    assert attr(jc, "val") == ("both" if doc.lang == "zh" else "left")
    # line-breaking rules stay on everywhere; automatic Han-Latin spacing is off only where
    # figures stand (tables, figure cards), which keep 46.3亿元 in one piece as the PDF does
    tight = {"TableText", "FigureValue", "FigureLabel", "FigureChange", "FigurePeriod"}
    for name in ("word/styles.xml", "word/document.xml"):
        for tag in ("kinsoku", "autoSpaceDE", "autoSpaceDN"):
            for off in xml(path, name).iter(f"{{{W}}}{tag}"):
                owner = off.getparent().getparent()
                style_id = attr(owner, "styleId") if owner.tag == f"{{{W}}}style" else None
                if tag == "kinsoku" or style_id not in tight:
                    assert attr(off, "val") not in ("0", "false", "off"), (tag, style_id)
    body = styles.find("w:style[@w:styleId='BodyText']/w:pPr/w:autoSpaceDN", NS)
    assert body is None or attr(body, "val") not in ("0", "false", "off")


def test_headings_are_bookmarked_and_level_one_starts_a_page(rendered):
    doc, path = rendered
    body = xml(path, "word/document.xml")
    names = bookmark_names(doc)
    marks = {attr(b, "name") for b in body.iter(f"{{{W}}}bookmarkStart")}
    assert set(names.values()) <= marks
    for name in names.values():
        assert re.fullmatch(r"_?[A-Za-z][A-Za-z0-9_]{0,39}", name) and len(name) <= 40
    styles = xml(path, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='Heading1']/w:pPr/w:pageBreakBefore", NS) is not None


def test_contents_is_a_prefilled_toc_field_with_working_links(rendered):
    doc, path = rendered
    body = xml(path, "word/document.xml")
    instr = " ".join(t.text for t in body.iter(f"{{{W}}}instrText"))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr
    entries = [p for p in body.iter(f"{{{W}}}p") if style_of(p) in ("TOC1", "TOC2")]
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert len(entries) == len(headings)
    marks = {attr(b, "name") for b in body.iter(f"{{{W}}}bookmarkStart")}
    for entry, heading in zip(entries, headings):
        link = entry.find("w:hyperlink", NS)
        assert link is not None and attr(link, "anchor") in marks
        assert heading.text in "".join(link.itertext())
        assert f"PAGEREF {attr(link, 'anchor')}" in " ".join(t.text for t in link.iter(f"{{{W}}}instrText"))
    kinds = [attr(f, "fldCharType") for f in body.iter(f"{{{W}}}fldChar")]
    assert kinds.count("begin") == kinds.count("end") == kinds.count("separate")
    settings = xml(path, "word/settings.xml")
    assert settings.find("w:updateFields", NS) is None


def test_header_and_footer(rendered):
    doc, path = rendered
    headers = ["".join(h.itertext()) for h in parts(path, "word/header")]
    assert any(doc.running_title in h for h in headers)
    footers = parts(path, "word/footer")
    instr = [" ".join(t.text for t in f.iter(f"{{{W}}}instrText")) for f in footers]
    assert any("PAGE" in i and "NUMPAGES" in i for i in instr)
    text = max(("".join(f.itertext()) for f in footers), key=len)
    assert "{page}" not in text and "{pages}" not in text
    word = docx.Document(str(path))
    cover, body = word.sections  # the cover is a section without header and footer
    assert cover.header.is_linked_to_previous and cover.footer.is_linked_to_previous
    assert not body.header.is_linked_to_previous and doc.running_title in body.header.paragraphs[0].text
    assert cover.left_margin == 0 and body.left_margin.pt == pytest.approx(default_brand().margins["left"], abs=0.1)


def test_page_size_and_core_properties(rendered):
    doc, path = rendered
    word = docx.Document(str(path))
    section = word.sections[-1]
    brand = default_brand()
    assert section.page_width.pt == pytest.approx(brand.page[0], abs=0.1)
    assert section.left_margin.pt == pytest.approx(brand.margins["left"], abs=0.1)
    props = word.core_properties
    assert props.title == doc.meta.title and props.author == doc.meta.author
    assert props.subject == doc.meta.subject and props.language == doc.meta.lang
    assert all(k in props.keywords for k in doc.meta.keywords)


def test_bullets_use_a_real_bullet_character(rendered):
    _, path = rendered
    numbering = xml(path, "word/numbering.xml")
    styles = xml(path, "word/styles.xml")
    num_id = attr(styles.find("w:style[@w:styleId='ListBullet']/w:pPr/w:numPr/w:numId", NS), "val")
    abstract = attr(numbering.find(f"w:num[@w:numId='{num_id}']/w:abstractNumId", NS), "val")
    lvl = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl", NS)
    assert attr(lvl.find("w:numFmt", NS), "val") == "bullet"
    text = attr(lvl.find("w:lvlText", NS), "val")
    assert text and not 0xE000 <= ord(text[0]) <= 0xF8FF  # not a Symbol-font private-use glyph
    assert attr(lvl.find("w:rPr/w:rFonts", NS), "ascii") != "Symbol"


def test_bookmark_names_are_word_valid_and_unique():
    long = "a-" + "x" * 60
    doc = Document("en", en_doc().meta, "t", "{page}", [Heading(1, "A", long), Heading(2, "B", long + "-y"),
                                                        Heading(2, "C", "a-b"), Heading(2, "D", "a_b")])
    names = bookmark_names(doc)
    assert len(set(names.values())) == 4
    for name in names.values():
        assert len(name) <= 40 and re.fullmatch(r"_Toc_[A-Za-z0-9_]+", name)


def test_estimated_pages_follow_the_layout():
    pages, count = estimate_pages(zh_doc(), default_brand())
    # cover 1, contents 2; chapters follow on the page while room is left (issue 9, chapter_break auto);
    # the page break before "policies" starts one
    assert pages == {"overview": 3, "location": 3, "industries": 3, "policies": 4} and count == 4


def test_a_document_without_cover_or_contents(tmp_path):
    doc = en_doc()
    doc.blocks = [b for b in doc.blocks if not isinstance(b, (Cover, TableOfContents))]
    path = tmp_path / "plain.docx"
    render(doc, default_brand(), path)
    word = docx.Document(str(path))
    assert len(word.sections) == 1 and doc.running_title in word.sections[0].header.paragraphs[0].text
    assert word.paragraphs[0].style.name == "Heading 1"
    assert estimate_pages(doc, default_brand())[0]["overview"] == 1


def test_unknown_paragraph_style_is_refused(tmp_path):
    doc = en_doc()
    doc.blocks.append(Paragraph((Span("x"),), "Fancy"))
    with pytest.raises(ValueError, match="unknown style 'Fancy'"):
        render(doc, default_brand(), tmp_path / "x.docx")


def convert_with_libreoffice(path: Path, outdir: Path) -> Path:
    """Convert `path` to PDF with LibreOffice in a throwaway profile; return the PDF."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    profile = outdir / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    return outdir / (path.stem + ".pdf")


def test_opens_in_libreoffice(rendered, tmp_path):
    doc, path = rendered
    pdf = convert_with_libreoffice(path, tmp_path)
    assert pdf.exists()
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [squeeze(page) for page in text.split("\f")[:-1]]
    assert len(pages) >= 3  # cover, contents, the chapters (issue 9: a chapter follows on the page when room is left)
    flat = "".join(pages)
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    for heading in headings:
        assert squeeze(heading.text) in flat
    grid = next(b for b in doc.blocks if isinstance(b, FigureGrid))
    assert squeeze(grid.cards[0].value) in flat
    if doc.lang == "en":
        assert "苏州工业园区" in flat

    def label(page: str, pages: str) -> str:
        parts = re.split(r"(\{page\}|\{pages\})", squeeze(doc.page_label))
        return "".join({"{page}": page, "{pages}": pages}.get(p, re.escape(p)) for p in parts)

    assert re.search(label("2", str(len(pages))), pages[1])  # the footer's fields, computed by LibreOffice
    assert not re.search(label(r"\d+", r"\d+"), pages[0])  # no footer on the cover
    # LibreOffice shows the contents as cached, so the estimated page numbers show; here they are right
    for heading in headings:
        page = next(n for n, text in enumerate(pages, start=1) if n > 2 and squeeze(heading.text) in text)
        assert re.search(re.escape(squeeze(heading.text)) + rf"\.*{page}(?!\d)", pages[1]), heading.text


def field_results(element) -> list[tuple[str, str]]:
    """Return the complex fields under `element` in order: their instruction and the result they show."""
    found, stack = [], []
    for run in element.iter(f"{{{W}}}r"):
        char = run.find("w:fldChar", NS)
        kind = attr(char, "fldCharType") if char is not None else None
        if kind == "begin":
            stack.append(["", "", False])
        elif kind == "separate" and stack:
            stack[-1][2] = True
        elif kind == "end" and stack:
            code, shown, _ = stack.pop()
            found.append((code.strip(), shown))
        elif stack:
            top = stack[-1]
            if top[2]:
                top[1] += "".join(t.text or "" for t in run.iter(f"{{{W}}}t"))
            else:
                top[0] += "".join(t.text or "" for t in run.iter(f"{{{W}}}instrText"))
    return found


def shown_page(link) -> str:
    """Return the page number a contents entry (its w:hyperlink) shows: its PAGEREF field's cached result."""
    return next(shown for code, shown in field_results(link) if code.startswith("PAGEREF"))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("brand_name", ["qiantang", "ink"])
def test_contents_pages_are_where_libreoffice_sets_the_headings(sample_region, brand_name, tmp_path):
    """The sample in zh, en and zh+en: each contents entry shows the page LibreOffice puts its heading on."""
    from briefing.brand import resolve_brand
    from briefing.layout import layout

    for tool, package in (("soffice", "LibreOffice"), ("pdftotext", "poppler-utils")):
        if shutil.which(tool) is None:
            pytest.skip(f"{package} ({tool}) is not installed; CI installs it")
    if shutil.which("fc-list"):
        families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        if "Noto Serif CJK SC" not in families or "Noto Sans" not in families:
            pytest.skip("the Noto faces the styles name are not installed (LibreOffice would set others); "
                        "CI installs fonts-noto-cjk and fonts-noto-core")
    brand = resolve_brand(brand_name)
    docs = {lang: layout(sample_region, lang) for lang in ("zh", "en", "zh+en")}
    paths = []
    for lang, doc in docs.items():
        paths.append(tmp_path / f"sample-{lang}.docx")
        render(doc, brand, paths[-1])
    subprocess.run(  # one LibreOffice for the three files
        [shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, paths)],
        check=True, capture_output=True, timeout=240,
    )
    wrong = []
    for (lang, doc), path in zip(docs.items(), paths):
        pdf = path.with_suffix(".pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = [squeeze(page) for page in text.split("\f")[:-1]]
        headings = [b for b in doc.blocks if isinstance(b, Heading)]
        marks = outline_pages(pdf)
        assert len(marks) == len(headings), lang
        body = xml(path, "word/document.xml")
        entries = [p.find("w:hyperlink", NS) for p in body.iter(f"{{{W}}}p") if style_of(p) in ("TOC1", "TOC2")]
        assert len(entries) == len(headings), lang
        for heading, entry, (title, page) in zip(headings, entries, marks):
            assert squeeze(heading.text) in squeeze(title), (lang, heading.text, title)
            assert squeeze(heading.text) in pages[page - 1], (lang, heading.text, page)  # the bookmark is right
            if shown_page(entry) != str(page):
                wrong.append(f"{lang}: {heading.text}: the contents says {shown_page(entry)}, LibreOffice sets it "
                             f"on {page}")
        counts = {shown for f in parts(path, "word/footer") for code, shown in field_results(f) if code == "NUMPAGES"}
        if counts != {str(len(pages))}:
            wrong.append(f"{lang}: the footer says {counts} pages, LibreOffice sets {len(pages)}")
    assert not wrong, "\n".join(wrong)

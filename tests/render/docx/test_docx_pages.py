"""Tests for the Word page layout that numbers the contents (briefing.render.docx.pages), without LibreOffice.

tests/render/docx/test_render_docx.py checks the numbers against LibreOffice itself.
"""
from __future__ import annotations

import pytest
from lxml import etree

from briefing.brand import default_brand
from briefing.render.docx.pages import number_pages
from briefing.render.docx.pages.blocks import Layout
from briefing.render.docx.pages.faces import face
from briefing.render.docx.pages.flow import Unit, flow
from briefing.render.docx.pages.properties import Styles
from briefing.render.docx.reference import open_sheet
from briefing.render.docx.parts import numbering_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def zh_layout():
    """Return a Layout of the sample brand's Chinese style sheet and its text width."""
    sheet = open_sheet(default_brand(), "zh")
    styles = Styles(sheet.word.styles.element, numbering_part(sheet.word).element)
    return Layout(styles), sheet.text_width


def paragraph(style: str, *runs: str, ppr: str = ""):
    """Return a w:p in `style` holding `runs` (each a run's inner XML, or plain text)."""
    inner = "".join(r if r.startswith("<") else f'<w:t xml:space="preserve">{r}</w:t>' for r in runs)
    return etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>'
                            f"<w:r>{inner}</w:r></w:p>")


def test_faces_have_their_line_metrics():
    serif, sans = face("serif-sc"), face("sans-sc")
    assert (serif.ascent, serif.descent) == (1.151, 0.286)  # Noto Serif CJK's hhea
    assert (sans.ascent, sans.descent) == (1.16, 0.288)
    ascent, descent = serif.extent(10.5)
    assert ascent + descent == pytest.approx(15.1)  # LibreOffice's line of 10.5 pt: 302 twips


def test_faces_are_rounded_as_on_libreoffices_reference_device():
    # ascent and descent rounded at six units a twip, then the line to twips (LibreOffice 7.4's lines:
    # tests/render/docx/test_docx_pages_libreoffice.py); rounding each in twips gives 13.6 and 8.15
    assert sum(face("sans").extent(10)) == pytest.approx(13.65)
    assert sum(face("sans").extent(6)) == pytest.approx(8.2)
    assert sum(face("sans").extent(16.5)) == pytest.approx(22.5)


def test_proportional_spacing_is_in_whole_percent_and_taken_from_the_line_below(zh_layout):
    layout, width = zh_layout
    run = '<w:rPr><w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans"/><w:sz w:val="24"/></w:rPr>'
    p = paragraph("Normal", f'{run}<w:t>Hxg</w:t><w:br/><w:t>Hxg</w:t>',
                  ppr='<w:spacing w:before="0" w:after="0" w:line="257" w:lineRule="auto"/>')
    para = layout.paragraph(p, width)
    assert para.lines == pytest.approx([17.45, 17.45])  # 16.35 and 7 % of it (257/240 is 107 %, not 107.08)
    big_run = run.replace('w:val="24"', 'w:val="48"')
    p = paragraph("Normal", f'{run}<w:t>Hxg</w:t><w:br/></w:r><w:r>{big_run}<w:t>Hxg</w:t>',
                  ppr='<w:spacing w:before="0" w:after="0" w:line="360" w:lineRule="auto"/>')
    para = layout.paragraph(p, width)
    big = sum(face("sans").extent(24))
    assert para.lines[0] == pytest.approx(16.35 + big / 2, abs=0.05)  # half the line below's height


def test_a_cell_ends_on_a_share_of_its_style_size_not_of_its_last_line(zh_layout):
    layout, width = zh_layout
    cell = (f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="FigureCards"/></w:tblPr><w:tblGrid>'
            '<w:gridCol w:w="3000"/></w:tblGrid><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="Normal"/>'
            '<w:spacing w:before="0" w:after="0" w:line="720" w:lineRule="auto"/></w:pPr><w:r><w:rPr>'
            '<w:rFonts w:ascii="Noto Sans" w:hAnsi="Noto Sans"/><w:sz w:val="42"/></w:rPr><w:t>Hxg</w:t></w:r>'
            '</w:p></w:tc></w:tr></w:tbl>')
    (height, *_), = layout.table(etree.fromstring(cell), width)
    # 6 pt margins above and below, the 21 pt line, and twice (300 %) 1.15 × the style's 10.5 pt
    assert height == pytest.approx(12 + sum(face("sans").extent(21)) + 2 * 12.1, abs=0.06)


def test_chinese_lines_keep_punctuation_off_their_starts(zh_layout):
    layout, width = zh_layout
    text = "钱塘新区生物医药、航空航天、半导体、智能汽车与智能装备、新材料五大主导产业初具规模，形成了1个千亿级" * 4
    para = layout.paragraph(paragraph("BodyText", text), width)
    assert len(para.texts) > 3
    for line in para.texts[1:]:
        assert line[0] not in "，、。）》”", line
    # a line holds as many square characters of 10.5 points as fit, and a comma or stop may hang past them
    assert int(width // 10.5) <= len(para.texts[0]) <= int(width // 10.5) + 1


def test_latin_words_stay_whole(zh_layout):
    layout, width = zh_layout
    words = "Qiantang New Area carries the mission to build a second Hangzhou worth of industry " * 5
    para = layout.paragraph(paragraph("BodyText", words), width)
    assert len(para.texts) > 2
    for line in para.texts:
        assert all(word in words.split() for word in line.split()), line


def test_a_line_break_starts_a_line_and_proportional_spacing_counts_the_text(zh_layout):
    layout, width = zh_layout
    para = layout.paragraph(paragraph("Heading2", "生物医药", "<w:br/>", "<w:t>生物医药</w:t>"), width)
    assert para.texts == ["生物医药", "生物医药"]
    assert para.lines[0] == para.lines[1] == pytest.approx(19.1, abs=0.06)  # exactly the PDF's 1.4 × 13.65 pt
    assert para.keep_next and para.keep_lines
    body = layout.paragraph(paragraph("BodyText", "生物医药", "<w:br/>", "<w:t>生物医药</w:t>"), width)
    assert body.texts == ["生物医药", "生物医药"]
    assert body.lines[0] == body.lines[1] == pytest.approx(1.2 * 15.1, abs=0.06)  # 1.2 × Noto Serif CJK at 10.5


def units(*heights: float, area: float = 100.0, **kwargs) -> list[Unit]:
    return [Unit(h, area=area, **kwargs) for h in heights]


def test_pages_fill_in_order():
    pages, count = flow(units(40, 40, 40, 40, 40))
    assert pages == [1, 1, 2, 2, 3] and count == 3


def test_a_page_ends_only_where_allowed():
    items = units(40, 40, 15, 30)
    items[3].breakable = False  # kept with the line before it: a heading and its paragraph
    pages, _ = flow(items)
    assert pages == [1, 1, 2, 2]


def test_space_before_is_dropped_at_the_top_of_a_page():
    pages, _ = flow(units(70, 30, 50, gap=20.0))
    assert pages == [1, 2, 2]  # the second starts the page without its 20 points: 30 + 20 + 50 fit


def test_a_page_a_break_starts_keeps_the_space_before_its_first_line():
    items = units(70, 30, 50, gap=20.0)
    items[1].new_page, items[1].top = True, 20.0  # a page break before it, and 20 points above it
    pages, _ = flow(items)
    assert pages == [1, 2, 3]  # 20 + 30 + 20 + 50 do not fit in 100


def test_proportional_spacing_may_hang_below_the_last_line():
    pages, _ = flow(units(80, 22, area=100.0, overhang=3.0))
    assert pages == [1, 1]
    pages, _ = flow(units(80, 24, area=100.0, overhang=3.0))
    assert pages == [1, 2]


def test_a_table_repeats_its_header_rows_on_the_next_page():
    rows = units(20, 30, 30, 30, 30)
    for row in rows[1:]:
        row.header = 20.0
    rows[1].breakable = False  # a header row does not end a page alone
    pages, _ = flow(rows)
    assert pages == [1, 1, 1, 2, 2]  # the next page holds the repeated header (20) and two rows


def test_a_new_section_or_page_break_starts_a_page():
    items = units(10, 10, 10)
    items[1].new_page = True
    assert flow(items)[0] == [1, 2, 2]


def test_the_contents_numbers_are_filled_in_and_hold(tmp_path):
    from briefing.render.docx.document import _Writer, bookmark_names
    from test_render_docx import zh_doc

    writer = _Writer(zh_doc(), default_brand())
    writer.build()
    names = bookmark_names(zh_doc())
    body = writer.word.element.body
    shown = {}
    for run in body.iter(f"{{{W}}}instrText"):
        words = (run.text or "").split()
        if words and words[0] == "PAGEREF":
            result = run.getparent().getnext().getnext()  # after the field's separator
            shown[words[1]] = "".join(t.text or "" for t in result.iter(f"{{{W}}}t"))
    assert shown == {name: str(writer.pages[name]) for name in names.values()}
    # laying the written file out again gives the same pages: the numbers' own widths moved nothing
    assert number_pages(writer.word) == (writer.pages, writer.page_count)

"""Issue 9 in the document tree: balanced card rows, the letter, the back cover's parts, badges, the brand setting."""
from __future__ import annotations

import pytest

from briefing.brand.file import load_brand
from briefing.content.loader import load_edition, load_region
from briefing.errors import ContentError
from briefing.layout import layout
from briefing.layout.furniture import grid_rows
from briefing.tree import BackCover, FigureGrid, Heading, Letter, TableOfContents
from conftest import FIXTURES, ROOT, SAMPLE

SIGNED = FIXTURES / "editions" / "signed.yaml"
JAPAN = ROOT / "data" / "editions" / "japan-2023-06.yaml"


@pytest.mark.parametrize("n", range(1, 13))
def test_the_key_figure_rows_are_balanced(n):
    rows = grid_rows(n)
    assert sum(rows) == n
    assert max(rows) - min(rows) <= 1  # never 3+3+3+1
    assert rows == sorted(rows, reverse=True)  # the fuller rows first
    assert max(rows) <= (3 if n <= 9 else 4)


def test_ten_cards_are_four_three_three():
    assert grid_rows(10) == [4, 3, 3] and grid_rows(4) == [2, 2] and grid_rows(7) == [3, 2, 2]


def test_the_grid_carries_its_rows(sample_region):
    grid = next(b for b in layout(sample_region, "en").blocks if isinstance(b, FigureGrid))
    assert grid.row_sizes() == grid_rows(len(grid.cards)) and sum(grid.row_sizes()) == len(grid.cards)


def test_every_briefing_ends_on_a_back_cover(sample_region):
    for lang in ("zh", "en", "zh+en"):
        blocks = layout(sample_region, lang).blocks
        assert isinstance(blocks[-1], BackCover) and not any(isinstance(b, BackCover) for b in blocks[:-1])


def test_the_back_cover_has_its_parts_exactly_when_the_data_gives_them(sample_region):
    back = layout(sample_region, "en").blocks[-1]
    assert back.portal is None and back.contacts == [] and back.contacts_label is None  # the article gives none
    assert back.as_of == "Content as of 2023" and "{page}" in back.sources and back.sources_anchor == "sources"
    full = load_region(FIXTURES / "portal.yaml")
    back = layout(full, "en").blocks[-1]
    assert back.portal is not None and back.portal.data["url"] == full.portal
    assert len(back.contacts) == len(full.contacts) and "+86 571 0000 0000" in back.contacts[0]
    zh = layout(full, "zh").blocks[-1]
    assert zh.as_of.startswith("资料截至") and zh.portal_label == "投资门户"
    full.portal, full.contacts = None, []
    back = layout(full, "en").blocks[-1]
    assert back.portal is None and back.contacts == []


def test_a_contacts_page_when_contacts_are_given():
    full = load_region(FIXTURES / "portal.yaml")
    anchors = [b.anchor for b in layout(full, "en").blocks if isinstance(b, Heading)]
    assert "contacts" in anchors
    full.contacts = []
    assert "contacts" not in [b.anchor for b in layout(full, "en").blocks if isinstance(b, Heading)]


def test_the_letter_without_a_signatory_is_from_the_issuer():
    edition = load_edition(JAPAN)
    letter = next(b for b in layout(edition.region, "en", edition).blocks if isinstance(b, Letter))
    assert letter.greeting == "Dear members of the Japanese business delegation,"
    assert letter.name == "" and letter.title is None  # the renderer signs with the brand's name
    assert letter.body and letter.closing


def test_the_letter_with_a_signatory():
    edition = load_edition(SIGNED)
    blocks = layout(edition.region, "zh+en", edition).blocks
    letter = next(b for b in blocks if isinstance(b, Letter))
    assert (letter.name, letter.title) == ("王示例", "示例新区管委会主任")
    assert letter.translation.name == "Wang Shili"  # each language's letter complete
    assert letter.translation.greeting == "Dear guests," and letter.translation.body


def test_a_featured_item_carries_a_badge_not_text_in_its_title():
    edition = load_edition(JAPAN)
    for lang, mark in (("en", "Featured"), ("zh", "重点推介")):
        headings = [b for b in layout(edition.region, lang, edition).blocks if isinstance(b, Heading)]
        badged = [h for h in headings if h.badge]
        assert len(badged) == len(edition.focus) and all(h.badge == mark for h in badged)
        assert not any(mark in h.text for h in headings)


def test_the_bilingual_edition_prints_a_value_alike_in_both_languages_once(sample_region):
    from briefing.tree import Table, plain

    for table in (b for b in layout(sample_region, "zh+en").blocks if isinstance(b, Table)):
        for row in table.rows:
            for cell in row:
                first, _, second = plain(cell).partition("\n")
                assert first.strip() != second.strip(), plain(cell)


def test_the_bilingual_header_and_footer_have_both_languages(sample_region):
    doc = layout(sample_region, "zh+en")
    assert doc.translation_running_title and "Investment Briefing" in doc.translation_running_title
    assert "第 {page} 页" in doc.page_label and "Page {page} of {pages}" in doc.page_label
    assert isinstance(doc.blocks[1], TableOfContents)


def test_the_brand_sets_the_chapter_break(tmp_path):
    assert load_brand("qiantang").chapter_break == "auto"
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "_brand.yml").write_text("page:\n  chapter_break: always\ndisclaimer: {zh: 仅供参考。, en: For information.}\n")
    brand = load_brand(folder)
    assert brand.chapter_break == "always" and brand.disclaimer_text("en") == "For information."
    (folder / "_brand.yml").write_text("page:\n  chapter_break: sometimes\n")
    with pytest.raises(ContentError) as err:
        load_brand(folder)
    assert "auto, always" in str(err.value.problems[0]) and err.value.problems[0].line == 2


def test_the_default_disclaimer_is_in_both_languages():
    brand = load_brand("qiantang")
    assert "仅供参考" in brand.disclaimer_text("zh") and "information" in brand.disclaimer_text("en")


def test_the_sample_names_no_contacts():
    assert load_region(SAMPLE).contacts == []  # never invented: the article gives none

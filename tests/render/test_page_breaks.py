"""What belongs together stands on one page, read back from every sample PDF (issue 9; review items 5 and 8).

Over every sample output (both brands; the region and both editions; zh, en and zh+en):

* no heading is the last thing on its page: the outline says where each heading
  stands, poppler's text lines (`pdftotext -bbox-layout`) what follows it;
* no key-figure card starts a page: the text it belongs to (its paragraph, or
  the heading over it) stands above it on the same page. Cards are found as
  what they are drawn as, boxes filled in the brand's light colour and narrower
  than the text (a table's banded rows run the full width);
* in the bilingual edition, every paragraph and bullet and its English begin on
  one page, the Chinese whole on it: a chapter's opening pair moves with its
  heading rather than leave its English to the next page.
"""
from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from pypdf import PdfReader

from briefing.brand.file import load_brand
from briefing.content.loader import load_edition, load_region
from briefing.layout.document import layout
from briefing.tree import BulletList, Heading, Paragraph, plain
from conftest import BRANDS, SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

XHTML = "{http://www.w3.org/1999/xhtml}"
BADGES = ("重点推介", "Featured")
LANGS = ["zh", "en", "zh+en"]


@dataclass
class Line:
    top: float  # points from the page's top
    bottom: float
    text: str


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_lines(pdf) -> list[list[Line]]:
    """Return each page's text lines as poppler reads them, top to bottom."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out))
    pages = []
    for page in root.iter(XHTML + "page"):
        found = [Line(float(line.get("yMin")), float(line.get("yMax")),
                      " ".join(w.text or "" for w in line.iter(XHTML + "word")))
                 for line in page.iter(XHTML + "line")]
        pages.append(sorted(found, key=lambda line: line.top))
    return pages


def outline(reader: PdfReader) -> list[tuple[int, float, str]]:
    """Return (page index, top in points from the page's top, title) of every bookmark, in order."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            page = reader.get_destination_page_number(item)
            height = float(reader.pages[page].mediabox.height)
            found.append((page, height - float(item.top), item.title))

    walk(reader.outline)
    return found


def body(brand, reader: PdfReader, page: int) -> tuple[float, float]:
    """Return the body frame's top and bottom on a page, in points from its top (running header and footer outside)."""
    height = float(reader.pages[page].mediabox.height)
    return brand.margins["top"] - 1, height - brand.margins["bottom"] + 1


def pdfs(samples, brand):
    found = sorted(samples[brand].glob("*.pdf"))
    assert len(found) == len(SAMPLES) * len(LANGS)
    return found


@pytest.mark.parametrize("brand", BRANDS)
def test_no_heading_is_the_last_thing_on_its_page(samples, brand):
    look = load_brand(brand)
    alone = []
    for pdf in pdfs(samples, brand):
        reader, lines = PdfReader(str(pdf)), page_lines(pdf)
        for page, top, title in outline(reader):
            own = squash(title)
            _, bottom = body(look, reader, page)
            below = [line for line in lines[page] if line.top >= top - 2 and line.bottom <= bottom]
            after = [line for line in below if squash(re.sub("|".join(BADGES), "", line.text)) not in own]
            if not after:
                alone.append(f"{pdf.name} p{page + 1}: {title}")
    assert not alone, alone


def card_tops(pdf, light: str, text_width: float) -> list[list[float]]:
    """Return, per page, the tops of the key-figure cards (points from the page's top)."""
    want = tuple(int(light[k:k + 2], 16) for k in (1, 3, 5))
    document = pdfium.PdfDocument(str(pdf))
    out = []
    for number in range(len(document)):
        page = document[number]
        height = page.get_height()
        tops = []
        for obj in page.get_objects(max_depth=4):
            if obj.type != raw.FPDF_PAGEOBJ_PATH:
                continue
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
            left, low, right, high = obj.get_bounds()
            if (r.value, g.value, b.value) == want and 30 < right - left < 0.8 * text_width and high - low > 20:
                tops.append(height - high)
        out.append(tops)
    document.close()
    return out


@pytest.mark.parametrize("brand", BRANDS)
def test_no_card_starts_a_page_away_from_its_text(samples, brand):
    look = load_brand(brand)
    text_width = look.page[0] - look.margins["left"] - look.margins["right"]
    checked, stranded = 0, []
    for pdf in pdfs(samples, brand):
        reader, lines = PdfReader(str(pdf)), page_lines(pdf)
        for page, tops in enumerate(card_tops(pdf, look.color("light"), text_width)):
            if not tops or page in (0, len(lines) - 1):  # the covers' drawings are not cards
                continue
            checked += 1
            top, _ = body(look, reader, page)
            above = [line for line in lines[page] if line.top >= top and line.bottom <= min(tops) + 1]
            if not above:
                stranded.append(f"{pdf.name} p{page + 1}")
    assert checked > 20 and not stranded, stranded


def pairs(sample, lang: str):
    """Yield (kind, Chinese, English) of every paragraph and bullet of a bilingual layout."""
    if sample.parent.name == "editions":
        edition = load_edition(sample)
        doc = layout(edition.region, lang, edition)
    else:
        doc = layout(load_region(sample), lang)
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and block.translation:
            opening = isinstance(doc.blocks[i - 1], Heading) and doc.blocks[i - 1].level == 1
            yield ("opening" if opening else "paragraph"), plain(block.text), plain(block.translation)
        elif isinstance(block, BulletList) and block.translations:
            for zh, en in zip(block.items, block.translations):
                yield "bullet", plain(zh), plain(en)


class Reader:
    """The document's text, whitespace removed, searched front to back: where each paragraph stands."""

    def __init__(self, pages: list[str]):
        self.text = "".join(pages)
        self.starts = [sum(map(len, pages[:k])) for k in range(len(pages))]
        self.at = 0

    def page(self, text: str, advance: bool = True) -> int:
        """Return the page where `text` next occurs (from the last paragraph found on)."""
        at = self.text.find(text, self.at)
        assert at >= 0, text
        if advance:
            self.at = at
        return max(k for k, start in enumerate(self.starts) if start <= at)


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_each_bilingual_pair_begins_on_one_page(samples, brand, sample):
    name = "qiantang" if sample.parent.name != "editions" else f"qiantang-{sample.stem}"
    pdf = samples[brand] / f"{name}-zh+en.pdf"
    document = pdfium.PdfDocument(str(pdf))
    text = Reader([squash(document[k].get_textpage().get_text_range()) for k in range(len(document))])
    document.close()
    text.page("Contents")  # past the contents, which hold the headings
    split, openings = [], 0
    for kind, zh, en in pairs(sample, "zh+en"):
        zh, en = squash(zh), squash(en)
        if len(zh) < 12 or len(en) < 24:
            continue
        openings += kind == "opening"
        first = text.page(zh[:10])
        last, english = text.page(zh[-10:], advance=False), text.page(en[:20], advance=False)
        if not first == last == english:
            split.append(f"{kind} p{first + 1}-{last + 1}, English p{english + 1}: {zh[:12]}")
    assert openings >= 3 and not split, split


def synthetic(filler: int, bilingual: bool):
    """Return a document whose item (heading, paragraph, card, points) falls lower on its page as `filler` grows."""
    from briefing.tree import Cover, Document, FigureCard, FigureGrid, Meta, Span

    def text(k, n):
        zh = (Span("钱塘新区" * n + f"第{k}段。"),)
        return zh, ((Span(f"Paragraph {k}: " + "Qiantang New Area " * n),) if bilingual else None)

    blocks = [Cover("投资推介手册", "测试", None), Heading(1, "章节", "ch", translation="Chapter" if bilingual else None)]
    for k in range(filler):
        zh, en = text(k, 9)
        blocks.append(Paragraph(zh, translation=en))
    zh, en = text(99, 14)
    card = FigureCard("46.3亿元", "制造业投资", number=(0, 4),
                      translation=FigureCard("RMB 4.63 billion", "Manufacturing investment") if bilingual else None)
    blocks += [Heading(2, "小节标题", "item", translation="Section" if bilingual else None),
               Paragraph(zh, translation=en), FigureGrid([card], columns=3),
               BulletList([(Span("要点一" * 6),), (Span("要点二" * 6),)],
                          translations=[(Span("Point one " * 5),), (Span("Point two " * 5),)] if bilingual else None)]
    meta = Meta("Test", "Test", "Test", [], "zh-CN")
    return Document("zh", meta, "Test", "{page}/{pages}", blocks, translation_lang="en" if bilingual else None)


@pytest.mark.parametrize("bilingual", [False, True], ids=["zh", "zh+en"])
def test_wherever_an_item_falls_its_heading_and_card_keep_with_their_text(tmp_path, bilingual):
    """The item lands at every height of its page in turn (more filler before it): never a stranded heading or card."""
    from briefing.render.pdf import render

    brand = load_brand("qiantang")
    text_width = brand.page[0] - brand.margins["left"] - brand.margins["right"]
    for filler in range(40):
        pdf = tmp_path / f"f{filler}.pdf"
        render(synthetic(filler, bilingual), brand, pdf)
        reader, lines = PdfReader(str(pdf)), page_lines(pdf)
        assert len(outline(reader)) == 2
        for page, top, title in outline(reader):
            _, bottom = body(brand, reader, page)
            after = [line for line in lines[page] if line.top >= top - 2 and line.bottom <= bottom
                     and squash(line.text) not in squash(title)]
            assert after, f"filler {filler}: {title} ends page {page + 1}"
        for page, tops in enumerate(card_tops(pdf, brand.color("light"), text_width)):
            if tops and page:  # (the cover is no card)
                above = [line for line in lines[page] if line.top >= brand.margins["top"] - 1
                         and line.bottom <= min(tops) + 1]
                assert above, f"filler {filler}: the card starts page {page + 1}"

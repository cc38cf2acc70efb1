"""Issue 9 read back from real programs: page fill, even page counts, back cover, letter, badges, one Han-Latin gap.

Every sample output (the region and both editions; zh, en and zh+en; both
brands) is built once per session, PDF and Word; each brand's Word files are
converted by one LibreOffice run in a temporary profile. Page fill is measured
from what is drawn: each page rendered (pdfium), the lowest non-white row
between the header and footer bands over the height of that band.
"""
from __future__ import annotations

import shutil
import subprocess

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from pypdf import PdfReader

from briefing.brand.file import load_brand
from briefing.cli import main
from conftest import BRANDS, FIXTURES, ROOT, outline_pages
from page_fill import NOTES, low_pages, page_texts

SAMPLES = [ROOT / "data" / "qiantang.yaml", *sorted((ROOT / "data" / "editions").glob("*.yaml"))]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENTS = ("目录", "Contents")

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def build(out, *args) -> None:
    assert main(["build", *map(str, args), "--out", str(out)]) == 0


@pytest.fixture(scope="session")
def converted(samples, tmp_path_factory):
    """Each brand's Word files as LibreOffice lays them out (one conversion per brand): {brand: [pdf]}."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = {}
    for brand, folder in samples.items():
        target = tmp_path_factory.mktemp(f"lo-{brand}")
        profile = tmp_path_factory.mktemp(f"profile-{brand}")
        subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(target), *map(str, sorted(folder.glob("*.docx")))],
                       check=True, capture_output=True, timeout=600)
        out[brand] = sorted(target.glob("*.pdf"))
        assert len(out[brand]) == len(list(folder.glob("*.docx")))
    return out


@pytest.mark.parametrize("brand", BRANDS)
def test_no_pdf_page_is_less_than_forty_percent_used(samples, brand):
    pdfs = sorted(samples[brand].glob("*.pdf"))
    assert len(pdfs) == 9
    low = [line for pdf in pdfs for line in low_pages(pdf)]
    assert not low, low


@needs_soffice
@pytest.mark.parametrize("brand", BRANDS)
def test_no_word_page_is_less_than_forty_percent_used(converted, brand):
    low = [line for pdf in converted[brand] for line in low_pages(pdf)]
    assert not low, low


@pytest.mark.parametrize("brand", BRANDS)
def test_every_page_count_is_even(samples, brand):
    for pdf in sorted(samples[brand].glob("*.pdf")):
        assert len(PdfReader(str(pdf)).pages) % 2 == 0, pdf.name
    for path in sorted(samples[brand].glob("*.docx")):  # as the pagination model lays the Word file out
        doc = docx.Document(str(path))
        assert int(doc.core_properties.revision) >= 1
        pages = _numpages(path)
        assert pages % 2 == 0, path.name


@needs_soffice
@pytest.mark.parametrize("brand", BRANDS)
def test_libreoffice_page_counts_are_even(converted, brand):
    odd = {pdf.name: len(PdfReader(str(pdf)).pages) for pdf in converted[brand] if len(PdfReader(str(pdf)).pages) % 2}
    assert not odd, odd


@needs_soffice
@pytest.mark.parametrize("brand", BRANDS)
def test_every_sample_word_file_shows_the_pages_libreoffice_sets(samples, converted, brand):
    """Each sample's pre-filled contents and page count (the pagination model's) are LibreOffice's pages."""
    wrong = []
    for pdf in converted[brand]:
        path = samples[brand] / f"{pdf.stem}.docx"
        reader = PdfReader(str(pdf))
        if _numpages(path) != len(reader.pages):
            wrong.append(f"{path.name}: NUMPAGES {_numpages(path)}, LibreOffice sets {len(reader.pages)}")
        shown = _contents_pages(path)
        marks = outline_pages(pdf)
        assert len(shown) == len(marks) > 10, path.name
        for (entry, page), (title, lo_page) in zip(shown, marks):
            assert entry.split()[0] in title, (path.name, entry, title)
            if page != lo_page:
                wrong.append(f"{path.name}: {entry}: the contents says {page}, LibreOffice sets it on {lo_page}")
    assert not wrong, "\n".join(wrong)


def _contents_pages(path) -> list[tuple[str, int]]:
    """Return each contents entry of a Word file: its text and the page its PAGEREF field shows."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = etree.fromstring(docx.Document(str(path)).element.body.xml.encode())
    out = []
    for link in body.iter(w + "hyperlink"):
        texts = [(t.text or "") for t in link.iter(w + "t")]
        if texts and texts[-1].strip().isdigit():
            out.append(("".join(texts[:-1]).strip(), int(texts[-1])))
    return out


def _numpages(path) -> int:
    """Return the page count the writer put in the footer's NUMPAGES field (the pagination model's)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    for xml in footers:
        found = re.search(r"NUMPAGES.*?<w:t[^>]*>(\d+)</w:t>", xml, re.S)
        if found:
            return int(found.group(1))
    raise AssertionError("no NUMPAGES field")


def test_print_makes_a_multiple_of_four_without_blank_pages(tmp_path):
    build(tmp_path, ROOT / "data" / "qiantang.yaml", "--lang", "zh,en", "--format", "pdf", "--print")
    for lang in ("zh", "en"):
        press = tmp_path / f"qiantang-{lang}-print.pdf"
        texts = page_texts(press)
        assert len(texts) % 4 == 0
        for i, text in enumerate(texts[1:-1], 2):  # no blank page in the middle: notes pages have their title
            assert text.strip(), f"{press.name} p{i} is blank"
        notes = [i for i, t in enumerate(texts) if any(n in t for n in NOTES)]
        assert all(i >= len(texts) - 4 for i in notes)  # padding stands just before the back cover


def sources_page(pdf) -> int:
    reader = PdfReader(str(pdf))
    for item in reader.outline:
        if not isinstance(item, list) and item.title.startswith(("资料来源", "Sources")):
            return reader.get_destination_page_number(item) + 1
    raise AssertionError("no Sources bookmark")


@pytest.mark.parametrize("lang", ["zh", "en", "zh+en"])
def test_the_sample_ends_on_a_back_cover_without_invented_parts(samples, lang):
    pdf = samples["qiantang"] / f"qiantang-{lang}.pdf"
    back = " ".join(page_texts(pdf)[-1].split())
    brand = load_brand("qiantang")
    for one in lang.split("+"):
        assert brand.name[one] in back
        assert " ".join(brand.disclaimer_text(one).split())[:20] in back
    page = sources_page(pdf)
    if "zh" in lang:
        flat = back.replace(" ", "")  # pdfium sees the Han-Latin gaps as spaces
        assert "资料截至2023年" in flat and f"见第{page}页" in flat
    if "en" in lang:
        assert "Content as of 2023" in back and f"Sources: page {page}" in back
    for absent in ("投资门户", "Investment portal", "联系方式", "Contacts", "http"):
        assert absent not in back  # the article gives no portal and no contacts


@pytest.fixture(scope="module")
def portal_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("portal")
    build(out, FIXTURES / "portal.yaml", "--lang", "en,zh+en", "--format", "pdf,docx")
    return out


def test_the_back_cover_shows_the_portal_and_contacts_when_given(portal_built):
    back = " ".join(page_texts(portal_built / "portal-en.pdf")[-1].split())
    assert "Investment portal" in back and "https://invest.example.org/new-area" in back
    assert "Contacts" in back and "+86 571 0000 0000" in back and "Investment Service Centre" in back
    texts = page_texts(portal_built / "portal-en.pdf")
    assert any(t.strip().splitlines()[2:3] == ["Contacts"] or "\nContacts\r" in t for t in texts[1:-1])
    both = " ".join(page_texts(portal_built / "portal-zh+en.pdf")[-1].split())
    assert "投资门户" in both and "Investment portal" in both and "招商服务中心" in both


@needs_soffice
def test_the_word_back_cover_shows_the_portal_and_contacts(portal_built, tmp_path):
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(portal_built / "portal-en.docx")],
                   check=True, capture_output=True, timeout=240)
    texts = page_texts(tmp_path / "portal-en.pdf")
    back = " ".join(texts[-1].split())
    assert "https://invest.example.org/new-area" in back and "+86 571 0000 0000" in back
    assert f"page {sources_page(tmp_path / 'portal-en.pdf')}" in back  # the PAGEREF the model filled
    assert len(texts) % 2 == 0


def first_white_from_the_left(pdf, top: float, left: float) -> float | None:
    """Return how far right of the margin the first white pixel stands on the last page's row through the
    back cover's emblem (`top` points down), at one pixel a point; None if the row has none near it."""
    doc = pdfium.PdfDocument(str(pdf))
    image = doc[len(doc) - 1].render(scale=1).to_pil().convert("L")
    px = image.load()
    y = round(top + 25)  # the emblem's middle: its disc is 52 points across from the top margin
    for x in range(max(0, round(left) - 12), round(left) + 30):
        if px[x, y] > 245:
            return x - left
    return None


@needs_soffice
@pytest.mark.parametrize("brand", BRANDS)
def test_the_back_cover_emblem_stands_on_a_white_disc_in_both_formats(samples, converted, brand):
    """The PDF draws the logo on a white disc; Word places the same drawing, beside the issuer's name."""
    from briefing.charts.emblem import DISC, png as emblem_png

    b = load_brand(brand)
    left, top = b.margins["left"], b.margins["top"]
    pdf = samples[brand] / "qiantang-zh.pdf"
    word = next(p for p in converted[brand] if p.name == "qiantang-zh.pdf")
    for shown in (pdf, word):
        # from the band, the disc's white ring (6 points wide) comes before the logo's own colours
        at = first_white_from_the_left(shown, top, left)
        assert at is not None and -3 <= at <= 2, (shown, at)
    path = samples[brand] / "qiantang-zh.docx"
    document = docx.Document(str(path))
    back = document.element.body.findall(f"{{{W}}}tbl")[-1]  # the back cover's band, the body's last table
    inline = back.find(f".//{{{WP}}}inline")
    assert inline is not None
    blob = document.part.related_parts[inline.find(f".//{{{A}}}blip").get(f"{{{R}}}embed")].blob
    assert blob == emblem_png(b)  # the PDF's drawing, rasterised
    assert int(inline.find(f"{{{WP}}}extent").get("cx")) == round(DISC * 12700)
    row = next(up for up in inline.iterancestors() if up.tag == f"{{{W}}}tr")  # the emblem's own row
    cells = row.findall(f"{{{W}}}tc")  # the emblem's cell, and beside it the issuer's name
    assert len(cells) == 2 and "".join(t.text for t in cells[1].iter(f"{{{W}}}t")) == b.name["zh"]


def letter_page(pdf, greeting: str) -> str:
    pages = [" ".join(t.split()) for t in page_texts(pdf)]
    found = [p for p in pages if greeting in p]
    assert len(found) == 1
    return found[0]


def test_the_letter_without_a_signatory_is_signed_by_the_issuer(samples):
    folder = samples["qiantang"]
    page = letter_page(folder / "qiantang-japan-2023-06-en.pdf", "Dear members of the Japanese business delegation,")
    after = page.split("Dear members", 1)[1]
    assert "With kind regards," in after
    assert "Hangzhou Qiantang New Area" in after.split("With kind regards,", 1)[1]  # the signature block
    zh = letter_page(folder / "qiantang-japan-2023-06-zh.pdf", "尊敬的日本企业代表团各位成员：")
    assert "杭州钱塘新区" in zh.split("此致", 1)[1]


def test_the_letter_with_a_signatory_in_each_language(tmp_path):
    build(tmp_path, FIXTURES / "editions" / "signed.yaml", "--lang", "zh+en", "--format", "pdf")
    pdf = tmp_path / "portal-signed-zh+en.pdf"
    page = letter_page(pdf, "尊敬的各位来宾：")
    assert page == letter_page(pdf, "Dear guests,")  # two one-line letters share a page (render/pdf/letter.py)
    zh, en = page.split("尊敬的各位来宾：", 1)[1].split("Dear guests,", 1)  # each language's letter complete
    assert "王示例" in zh.split("此致", 1)[1] and "示例新区管委会主任" in zh
    assert "Wang Shili" in en.split("With kind regards,", 1)[1] and "Director, Example New Area" in en


@needs_poppler
def test_badges_stand_beside_headings_not_in_the_contents_or_bookmarks(samples):
    pdf = samples["qiantang"] / "qiantang-japan-2023-06-en.pdf"
    texts = page_texts(pdf)
    contents = next(t for t in texts if "Contents" in t)
    assert "Featured" not in contents
    reader = PdfReader(str(pdf))
    titles = [o.title for group in reader.outline if isinstance(group, list) for o in group]
    assert not any("Featured" in t for t in titles)
    body = [t for t in texts[2:-1] if "Featured" in t]
    assert sum(t.count("Featured") for t in body) == 3  # drawn beside the three featured headings
    word = subprocess.run(["unzip", "-p", str(samples["qiantang"] / "qiantang-japan-2023-06-en.docx"),
                           "word/document.xml"], capture_output=True, text=True).stdout
    toc = word.split('w:val="TOCHeading"', 1)[1].split('w:val="Heading1"', 1)[0]
    assert "Featured" not in toc


def han_latin_gaps(pdf, page: int) -> list[tuple[str, float, float, float]]:
    """Return (pair, font size, gap in ems, top) for each Han next to a Latin letter or digit of one size on one line.

    The gap is measured between the glyphs' ink (pdfium's tight boxes): the quarter em plus the two glyphs'
    side bearings. Advances cannot tell it: the gap is carried by a wider twin of the glyph before it.
    `top` is the first glyph's top, in points from the page's foot.
    """
    def han(c):
        return 0x4E00 <= ord(c) <= 0x9FFF

    def latin(c):
        return c.isascii() and c.isalnum()

    tp = pdfium.PdfDocument(str(pdf))[page].get_textpage()
    chars = [(i, chr(raw.FPDFText_GetUnicode(tp.raw, i))) for i in range(tp.count_chars())
             if not raw.FPDFText_IsGenerated(tp.raw, i)]
    out = []
    for (i, a), (j, b) in zip(chars, chars[1:]):
        if (latin(a) and han(b)) or (han(a) and latin(b)):
            left_a, bottom_a, right_a, top_a = tp.get_charbox(i)
            left_b, bottom_b, _, _ = tp.get_charbox(j)
            size = raw.FPDFText_GetFontSize(tp.raw, i)
            if size == raw.FPDFText_GetFontSize(tp.raw, j) and abs(bottom_a - bottom_b) < size * 0.4:
                gap = (left_b - right_a) / size
                if -0.5 < gap < 1:  # neighbours on one line
                    out.append((a + b, size, gap, top_a))
    return out


def chapter_page(pdf, title: str) -> int:
    reader = PdfReader(str(pdf))
    return next(reader.get_destination_page_number(o) for o in reader.outline
                if not isinstance(o, list) and o.title == title)


def test_the_same_han_latin_gap_in_body_text_in_cards_and_in_charts(samples):
    """One rule, measured from the glyphs: the chapter's text, the key-figure cards and the diagram's labels."""
    pdf = samples["qiantang"] / "qiantang-zh.pdf"
    base = load_brand("qiantang").base_size
    overview = han_latin_gaps(pdf, chapter_page(pdf, "概览"))
    body = [g for _, size, g, _ in overview if base <= size < base * 1.5]  # the chapter's lead text
    cards = [g for _, size, g, _ in overview if size < base]  # the cards' labels, changes and periods
    transport = chapter_page(pdf, "交通区位")
    tp = pdfium.PdfDocument(str(pdf))[transport].get_textpage()
    text = tp.get_text_range()
    caption = tp.get_charbox(text.index("资料来源"))[3]  # the diagram's caption, right under it
    on_page = han_latin_gaps(pdf, transport)
    # above the caption stand the heading, a lead without figures, and the diagram: its labels' pairs alone
    chart = [g for _, size, g, top in on_page if top > caption + 1]
    body += [g for _, size, g, top in on_page if top < caption and base <= size < base * 1.5]
    assert body and cards and chart, (overview, on_page)
    for g in body + cards + chart:  # a quarter em and the bearings; without the gap the ink nearly touches
        assert 0.25 <= g <= 0.5, (body, cards, chart)
    mean = sum(body) / len(body)
    for group in (cards, chart):
        assert abs(sum(group) / len(group) - mean) < 0.08, (body, cards, chart)


def stext_chars(pdf, page: int) -> list[list[tuple[str, float, float, float]]]:
    """Return each line of a page as MuPDF reads its glyphs (not ActualText): (char, size, x, advance)."""
    import html
    import re

    out = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", str(pdf), str(page + 1)], capture_output=True,
                         text=True, check=True).stdout
    lines, size = [], 0.0
    for row in out.splitlines():
        if row.startswith("<line"):
            lines.append([])
        found = re.search(r'<font name="[^"]*" size="([\d.]+)"', row)
        if found:
            size = float(found.group(1))
        found = re.search(r'<char quad="([-\d. ]+)" x="([-\d.]+)".* c="([^"]*)"', row)
        if found and lines:
            quad = [float(v) for v in found.group(1).split()]
            lines[-1].append((html.unescape(found.group(3)), size, float(found.group(2)), quad[2] - quad[0]))
    return lines


def card_number_gaps(pdf, page: int, base: float) -> list[tuple[str, float]]:
    """Return (digit + Han, gap in the number's ems) where a card's large number meets its smaller unit."""
    gaps = []
    for line in stext_chars(pdf, page):
        digits = [advance for c, size, _, advance in line if c.isdigit() and size > base * 1.5]
        for (a, size_a, x_a, _), (b, size_b, x_b, _) in zip(line, line[1:]):
            if a.isdigit() and size_a > base * 1.5 and 0x4E00 <= ord(b[:1] or " ") <= 0x9FFF and size_b < size_a:
                gaps.append((a + b, (x_b - x_a - min(digits)) / size_a))  # the digit's own advance is the narrowest
    return gaps


@pytest.mark.skipif(shutil.which("mutool") is None, reason="mupdf-tools (mutool) is not installed")
def test_a_cards_number_and_its_unit_take_the_gap_as_body_text_does(samples):
    """46.3 亿元 on a card: the number's last digit carries a quarter of its em, as a digit before Han text does."""
    pdf = samples["qiantang"] / "qiantang-zh.pdf"
    reader = PdfReader(str(pdf))
    page = next(reader.get_destination_page_number(o) for o in reader.outline
                if not isinstance(o, list) and o.title == "概览")
    gaps = card_number_gaps(pdf, page, load_brand("qiantang").base_size)
    assert len(gaps) >= 6, gaps  # 46.3亿元, 23个, 106亿元, 1600余家, 77个, 1004家
    for pair, gap in gaps:
        assert abs(gap - 0.25) < 0.01, (pair, gap)


@needs_soffice
@pytest.mark.skipif(shutil.which("mutool") is None, reason="mupdf-tools (mutool) is not installed")
def test_the_word_card_takes_the_gap_through_libreoffice(converted):
    """The Word card's number and unit: LibreOffice's own autospace leaves the gap (about a fifth of the number's em)."""
    pdf = next(p for p in converted["qiantang"] if p.name == "qiantang-zh.pdf")
    texts = page_texts(pdf)
    page = next(i for i, t in enumerate(texts) if "概览" in t and "制造业投资" in t)
    gaps = []
    for line in stext_chars(pdf, page):
        line = [c for c in line if c[0].strip()]  # LibreOffice writes the autospace as a space glyph
        for (a, size_a, x_a, adv), (b, size_b, x_b, _) in zip(line, line[1:]):
            if a.isdigit() and size_a > 15 and 0x4E00 <= ord(b[:1] or " ") <= 0x9FFF and size_b < size_a:
                gaps.append((a + b, (x_b - x_a - adv) / size_a))
    assert len(gaps) >= 6, gaps
    for pair, gap in gaps:
        assert 0.15 <= gap <= 0.3, (pair, gap)

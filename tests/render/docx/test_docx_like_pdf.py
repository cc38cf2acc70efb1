"""The Word file as close to the PDF as the format allows, read back from the .docx and from LibreOffice's rendering.

The sample's three Word files and PDFs are built once; the Word files are
converted by one LibreOffice run. What is compared: the cover (its top line in
both languages, white on the band; the issuer's emblem where the PDF draws it,
its name centred on it), the back cover's page number (white like its
sentence), a card's change in its accent colour in both languages, a card's
figure without a Han-Latin gap (as the PDF), and the notes page's title set as a
Heading 2, as in the PDF.
"""
from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from lxml import etree

from briefing.brand.file import load_brand

ROOT = Path(__file__).resolve().parents[3]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
LANGS = ("zh", "en", "zh+en")
WHITE = "FFFFFF"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("like-pdf")
    subprocess.run([sys.executable, "-m", "briefing", "build", "--lang", ",".join(LANGS), "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    return out


@pytest.fixture(scope="module")
def converted(built, tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    out = tmp_path_factory.mktemp("like-pdf-lo")
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *(str(built / f"qiantang-{x}.docx") for x in LANGS)],
                   check=True, capture_output=True, timeout=600)
    return out


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def style(styles, sid: str):
    return styles.find(f"w:style[@w:styleId='{sid}']", NS)


def resolved(styles, paragraph, run, tag: str) -> etree._Element | None:
    """Return run property `tag` as Word resolves it: the run's own, its character style's, its paragraph style's
    (and those they are based on), the document defaults."""
    own = run.find(f"w:rPr/w:{tag}", NS)
    if own is not None:
        return own
    chain = []
    rstyle = run.find("w:rPr/w:rStyle", NS)
    if rstyle is not None:
        chain.append(rstyle.get(w("val")))
    pstyle = paragraph.find("w:pPr/w:pStyle", NS)
    chain.append(pstyle.get(w("val")) if pstyle is not None else "Normal")
    for sid in chain:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            found = style(styles, sid)
            if found is None:
                break
            prop = found.find(f"w:rPr/w:{tag}", NS)
            if prop is not None:
                return prop
            based = found.find("w:basedOn", NS)
            sid = based.get(w("val")) if based is not None else None
    return styles.find(f"w:docDefaults/w:rPrDefault/w:rPr/w:{tag}", NS)


def colour(styles, paragraph, run) -> str | None:
    found = resolved(styles, paragraph, run, "color")
    return found.get(w("val")) if found is not None else None


def text(node) -> str:
    return "".join(t.text or "" for t in node.iter(w("t")))


def paragraphs(body, sid: str) -> list:
    return [p for p in body.iter(w("p")) if p.find(f"w:pPr/w:pStyle[@w:val='{sid}']", NS) is not None]


# -- pdfium: where characters are, in what colour ------------------------------------------------


def chars(pdf: Path, page: int, wanted: str, last: bool = False) -> list[tuple[str, tuple, tuple]]:
    """Return (char, loose box (left, top, right, bottom) from the page's top, fill colour) of the first `wanted`
    on `page` (from 1; -1 the last), or the last one."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        pg = document[page - 1 if page > 0 else len(document) + page]
        height = pg.get_height()
        textpage = pg.get_textpage()
        search = textpage.search(wanted)
        found = search.get_next()
        while last and found:
            after = search.get_next()
            if not after:
                break
            found = after
        assert found, f"{wanted!r} not on page {page} of {pdf.name}"
        start, count = found
        out = []
        for i in range(start, start + count):
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            rgba = [ctypes.c_uint() for _ in range(4)]
            raw.FPDFText_GetFillColor(textpage.raw, i, *(ctypes.byref(c) for c in rgba))
            out.append((chr(raw.FPDFText_GetUnicode(textpage.raw, i)), (left, height - top, right, height - bottom),
                        tuple(c.value for c in rgba[:3])))
        return out
    finally:
        document.close()


def images(pdf: Path, page: int, smaller_than: float = 100) -> list[tuple[float, float, float, float]]:
    """Return the boxes (left, top, right, bottom, from the page's top) of the small pictures on a page."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        pg = document[page - 1]
        height = pg.get_height()
        out = []
        for obj in pg.get_objects():
            if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                left, bottom, right, top = obj.get_bounds()
                if right - left < smaller_than:
                    out.append((left, height - top, right, height - bottom))
        return out
    finally:
        document.close()


def rgb(hex_value: str) -> tuple[int, int, int]:
    return tuple(int(hex_value.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


# -- the back cover ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_back_covers_page_number_is_white_like_its_sentence(built, converted, lang):
    """The Sources page number is a PAGEREF field: LibreOffice sets its result in the field's first run's
    properties, Word in the result's; every run of the field is white, as its sentence and the PDF."""
    path = built / f"qiantang-{lang}.docx"
    styles, body = part(path, "word/styles.xml"), part(path, "word/document.xml")
    fields = 0
    for paragraph in paragraphs(body, "CoverLine"):  # the back cover's lines (the contents has one too)
        runs = list(paragraph.iter(w("r")))
        codes = [i for i, r in enumerate(runs) if "PAGEREF _Toc_sources" in "".join(
            t.text or "" for t in r.iter(w("instrText")))]
        for at in codes:
            begin = max(i for i in range(at) if runs[i].find("w:fldChar", NS) is not None)
            end = next(i for i in range(at, len(runs))
                       if runs[i].find("w:fldChar[@w:fldCharType='end']", NS) is not None)
            field = runs[begin:end + 1]
            assert any(text(r).strip().isdigit() for r in field)  # the cached page number
            for r in field:
                assert colour(styles, paragraph, r) == WHITE, etree.tostring(r)
            sentence = [r for r in runs[:begin] if text(r).strip()]
            assert sentence and colour(styles, paragraph, sentence[-1]) == WHITE
            fields += 1
    assert fields == len(lang.split("+"))  # one sentence a language
    pdf = converted / f"qiantang-{lang}.pdf"
    document = pdfium.PdfDocument(str(pdf))
    back = " ".join(document[len(document) - 1].get_textpage().get_text_range().split())
    document.close()
    number = re.search(r"(?:page|第)\s*(\d+)", back).group(1)
    drawn = chars(pdf, -1, number)
    assert {fill for _, _, fill in drawn} == {rgb(WHITE)}, drawn


# -- the cover -----------------------------------------------------------------------------------


def test_the_bilingual_covers_top_line_names_the_document_in_both_languages(built):
    path = built / "qiantang-zh+en.docx"
    styles, body = part(path, "word/styles.xml"), part(path, "word/document.xml")
    kicker = paragraphs(body, "CoverKicker")
    assert len(kicker) == 1 and text(kicker[0]) == "投资推介手册  Investment Briefing"  # as the PDF's top line
    for run in kicker[0].iter(w("r")):
        assert colour(styles, kicker[0], run) == WHITE
        caps = resolved(styles, kicker[0], run, "caps")
        assert caps is None or caps.get(w("val")) in ("0", "false")  # as written, as in the PDF
    for sid in ("Title", "Subtitle"):  # every line on the band white, both languages
        for paragraph in paragraphs(body, sid):
            assert {colour(styles, paragraph, r) for r in paragraph.iter(w("r")) if text(r)} == {WHITE}, sid


@pytest.mark.parametrize("lang", LANGS)
def test_the_covers_emblem_and_name_stand_where_the_pdf_draws_them(built, converted, lang):
    brand = load_brand("qiantang")
    name = brand.name["zh" if lang.startswith("zh") else "en"]
    body = part(built / f"qiantang-{lang}.docx", "word/document.xml")
    inline = next(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"))
    assert {inline.get(side) for side in ("distT", "distB", "distL", "distR")} == {"0"}  # no 1/8 inch around it
    pdf, word = built / f"qiantang-{lang}.pdf", converted / f"qiantang-{lang}.pdf"
    (emblem,), (drawn,) = images(pdf, 1), images(word, 1)
    assert all(abs(a - b) < 1.0 for a, b in zip(emblem, drawn)), (emblem, drawn)
    for source in (pdf, word):
        boxes = [box for _, box, _ in chars(source, 1, name, last=True)]  # the issuer's, after the title
        picture = images(source, 1)[0]
        middle = (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2
        assert abs(middle - (picture[1] + picture[3]) / 2) < 2.0, source  # the name centred on the emblem
        assert 8.0 < boxes[0][0] - picture[2] < 13.0, source  # about 10 pt beside it


# -- key-figure cards ----------------------------------------------------------------------------


def test_a_cards_change_keeps_the_accent_colour_in_both_languages(built, converted):
    path = built / "qiantang-zh+en.docx"
    styles, body = part(path, "word/styles.xml"), part(path, "word/document.xml")
    accent = load_brand("qiantang").color("accent").lstrip("#").upper()
    changes = paragraphs(body, "FigureChange")
    assert changes
    for paragraph in changes:
        words = [r for r in paragraph.iter(w("r")) if text(r).strip()]
        assert any(re.search(r"[a-z]", text(r)) for r in words)  # the English change under the Chinese
        for run in words:
            assert colour(styles, paragraph, run) == accent, text(run)
    drawn = chars(converted / "qiantang-zh+en.pdf", 3, "up 71.5% year on year")
    assert {fill for _, _, fill in drawn} == {rgb(accent)}


# -- the notes page ------------------------------------------------------------------------------


def test_the_notes_title_is_set_as_a_heading_2_without_being_one(built, converted):
    noted = []  # the sample files that end on a notes page (an odd count of their own pages)
    for lang in LANGS:
        path = built / f"qiantang-{lang}.docx"
        body = part(path, "word/document.xml")
        found = [p for p in body.iter(w("p")) if text(p) in ("笔记 Notes", "笔记", "Notes")]
        if found:
            noted.append((lang, path, body, found))
    assert noted, "no sample Word file has a notes page"
    lang, path, body, titles = noted[0]
    styles = part(path, "word/styles.xml")
    assert len(titles) == 1
    title = titles[0]
    assert title.find("w:pPr/w:pStyle", NS).get(w("val")) not in ("Heading1", "Heading2")  # not in the outline
    heading = style(styles, "Heading2").find("w:rPr", NS)
    run = next(r for r in title.iter(w("r")) if text(r))
    for tag in ("rFonts", "b", "color", "sz"):
        assert dict(run.find(f"w:rPr/w:{tag}", NS).attrib) == dict(heading.find(f"w:{tag}", NS).attrib), tag
    pdf = converted / f"qiantang-{lang}.pdf"
    word = text(title).split()[-1]  # "Notes", or "笔记"
    document = pdfium.PdfDocument(str(pdf))
    page = next(i + 1 for i in range(len(document)) if word in document[i].get_textpage().get_text_range())
    fonts = set()
    textpage = document[page - 1].get_textpage()
    start, count = textpage.search(word).get_next()
    for i in range(start, start + count):
        name = ctypes.create_string_buffer(256)
        raw.FPDFText_GetFontInfo(textpage.raw, i, name, 256, None)
        fonts.add(name.value.decode("latin-1"))
    assert all("Sans" in f and "Bold" in f for f in fonts), fonts  # sans bold, as the PDF's Heading 2


# -- the flow: the PDF's measures, as long as the PDF ----------------------------------------------

# Word style -> the PDF style it sets as (render/pdf/styles.py); leading is compared where Word's is exact
SAME = {"Heading1": "Heading 1", "Heading2": "Heading 2", "BodyText": "Body Text", "Lead": "Lead",
        "ListBullet": "List Bullet", "Caption": "Caption", "Note": "Note", "FigureValue": "Figure Value",
        "FigureLabel": "Figure Label", "FigureChange": "Figure Change", "FigurePeriod": "Figure Period",
        "Title": "Title", "Subtitle": "Subtitle", "CoverKicker": "Cover Kicker", "Header": "Running",
        "Footer": "Running"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_word_styles_have_the_pdfs_sizes_spacing_and_leading(built, lang):
    """Read back from the .docx: each style's size, space after (and before, but a chapter's, set per
    heading) and, where Word's leading is exact, the leading, equal the PDF style's."""
    from briefing.render.pdf.styles import styles as pdf_styles

    styles = part(built / f"qiantang-{lang}.docx", "word/styles.xml")
    ours = pdf_styles(load_brand("qiantang"), "zh" if lang.startswith("zh") else "en")

    def value(sid, path, attr):
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            found = style(styles, sid)
            node = found.find(path, NS)
            if node is not None and node.get(w(attr)) is not None:
                return node.get(w(attr))
            based = found.find("w:basedOn", NS)
            sid = based.get(w("val")) if based is not None else None
        kind, rest = path.split("/", 1)  # the document's defaults
        node = styles.find(f"w:docDefaults/w:{kind[2:]}Default/{kind}/{rest}", NS)
        return node.get(w(attr)) if node is not None else None

    for sid, name in SAME.items():
        pdf = ours[name]
        assert int(value(sid, "w:rPr/w:sz", "val")) / 2 == pytest.approx(pdf.size, abs=0.26), sid
        if sid not in ("Header", "Footer", "Title", "Subtitle", "CoverKicker"):  # the cover stacks its own gaps
            assert int(value(sid, "w:pPr/w:spacing", "after") or 0) / 20 == pytest.approx(pdf.space_after, abs=0.1), sid
        if sid not in ("Heading1", "Header", "Footer", "Title", "Subtitle", "CoverKicker"):
            assert int(value(sid, "w:pPr/w:spacing", "before") or 0) / 20 == pytest.approx(pdf.space_before,
                                                                                          abs=0.1), sid
        if value(sid, "w:pPr/w:spacing", "lineRule") == "exact":
            assert int(value(sid, "w:pPr/w:spacing", "line")) / 20 == pytest.approx(pdf.leading, abs=0.1), sid


def _sources_page(pdf: Path) -> int:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return next(i + 1 for i in range(len(document) - 1, 0, -1)
                    if re.search(r"^\s*(资料来源|Sources)\s*$", document[i].get_textpage().get_text_range(), re.M))
    finally:
        document.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_word_file_runs_as_long_as_the_pdf(built, converted, lang):
    """LibreOffice sets the Word file in as many pages as the PDF has (the bilingual one within a sheet: its keep
    rules differ from the PDF's where a pair of languages meets a page's foot), the Sources within a page."""
    pdf, word = built / f"qiantang-{lang}.pdf", converted / f"qiantang-{lang}.pdf"
    pages = [len(pdfium.PdfDocument(str(f))) for f in (pdf, word)]
    assert abs(pages[0] - pages[1]) <= (2 if "+" in lang else 0), pages
    assert abs(_sources_page(pdf) - _sources_page(word)) <= (2 if "+" in lang else 1)

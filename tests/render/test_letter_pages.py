"""A welcome letter of one line, signed or not: no sparse page, in the PDF and in Word through LibreOffice.

Editions of the sample region whose message is one line (tests/fixtures/letter/, one with a
signatory) are built in zh, en and zh+en for both brands. The rule of the brochure holds on
every page (page_fill.py); the short letter shares its page with the first chapter, and the
bilingual edition's two letters stand, each complete, on one page; the sample editions' long
letters keep a page of their own. Each brand's Word files are converted by one LibreOffice run.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from briefing.cli import main
from conftest import FIXTURES, ROOT
from page_fill import low_pages, page_texts

BRANDS = ["qiantang", "ink"]
LANGS = ["zh", "en", "zh+en"]
EDITIONS = ["one-line", "one-line-signed"]
GREETING = {"zh": "尊敬的日本企业代表团各位成员：", "en": "Dear members of the Japanese business delegation,"}
FIRST_CHAPTER = {"zh": "概览", "en": "At a glance"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{brand: folder} with the two one-line editions in every language, PDF and Word."""
    data = tmp_path_factory.mktemp("letter-data")
    shutil.copy(ROOT / "data" / "qiantang.yaml", data / "qiantang.yaml")
    (data / "editions").mkdir()
    for name in EDITIONS:
        shutil.copy(FIXTURES / "letter" / f"{name}.yaml", data / "editions" / f"{name}.yaml")
    out = {}
    for brand in BRANDS:
        folder = tmp_path_factory.mktemp(f"letter-{brand}")
        assert main(["build", *(str(data / "editions" / f"{n}.yaml") for n in EDITIONS), "--lang", ",".join(LANGS),
                     "--format", "pdf,docx", "--brand", brand, "--out", str(folder)]) == 0
        out[brand] = folder
    return out


def pdfs(folder) -> list:
    found = sorted(folder.glob("qiantang-one-line*.pdf"))
    assert len(found) == len(EDITIONS) * len(LANGS)
    return found


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def letter_page(pdf) -> int:
    texts = page_texts(pdf)
    found = [i for i, t in enumerate(texts) if any(g in " ".join(t.split()) for g in GREETING.values())]
    assert found, pdf.name
    return found[0]


def check(pdf) -> None:
    """The rule of page fill, and where the short letter stands."""
    assert not low_pages(pdf), low_pages(pdf)
    texts = page_texts(pdf)
    at = letter_page(pdf)
    page = " ".join(texts[at].split())
    langs = pdf.stem.rsplit("-", 1)[1].split("+")
    for lang in langs:  # each language's letter complete on this page: greeting, closing, signature
        assert GREETING[lang] in page, (pdf.name, lang)
        assert ("此致" if lang == "zh" else "With kind regards,") in page
    if "signed" in pdf.stem:
        assert "王示例" in page or "Wang Shili" in page
    if len(langs) == 1:  # a note of one line: the first chapter follows on its page
        assert FIRST_CHAPTER[langs[0]] in lines(texts[at]), (pdf.name, lines(texts[at]))


@pytest.mark.parametrize("brand", BRANDS)
def test_a_one_line_letter_leaves_no_sparse_page_in_the_pdf(built, brand):
    for pdf in pdfs(built[brand]):
        check(pdf)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("brand", BRANDS)
def test_a_one_line_letter_leaves_no_sparse_page_in_word(built, brand, tmp_path):
    docs = sorted(built[brand].glob("qiantang-one-line*.docx"))
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, docs)],
                   check=True, capture_output=True, timeout=600)
    for docx in docs:
        check(tmp_path / f"{docx.stem}.pdf")


def test_a_long_letter_keeps_its_own_page(tmp_path):
    """The sample edition's letter (nine lines and more) is not squeezed above a chapter."""
    assert main(["build", str(ROOT / "data" / "editions" / "japan-2023-06.yaml"), "--lang", "zh,en",
                 "--format", "pdf", "--out", str(tmp_path)]) == 0
    for lang in ("zh", "en"):
        pdf = tmp_path / f"qiantang-japan-2023-06-{lang}.pdf"
        texts = page_texts(pdf)
        at = letter_page(pdf)
        assert FIRST_CHAPTER[lang] not in lines(texts[at]) and FIRST_CHAPTER[lang] in lines(texts[at + 1])

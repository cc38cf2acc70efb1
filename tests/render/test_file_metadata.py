"""Honest, reproducible metadata in both formats: dates, /ID, outline, drawing ids, app.xml, language tags.

The sample and an edition are built with the real command; the PDFs are read
back with pypdf and pdfinfo, the Word files' parts straight from the zip.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITION = ROOT / "data" / "editions" / "japan-2023-06.yaml"


def build(out: Path, *args: str, epoch: str | None = None) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    subprocess.run([sys.executable, "-m", "briefing", "build", *args, "--out", str(out)], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=600)
    return out


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("sample"), "--lang", "zh,en,zh+en", "--print")


@pytest.mark.parametrize("written, day", [("2023", (2023, 1, 1)), ("2023-Q2", (2023, 4, 1)), ("2023-05", (2023, 5, 1)),
                                          ("2023-05-15", (2023, 5, 15)), ("2023-13", (2000, 1, 1))])
def test_a_file_is_dated_by_the_first_day_of_every_date_the_format_writes(monkeypatch, written, day):
    from briefing.render.stamp import file_date
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert file_date(written).timetuple()[:3] == day  # not the fallback for a year or a quarter


def test_pdf_dates_come_from_the_content_or_source_date_epoch(sample, tmp_path):
    for name in ("qiantang-en.pdf", "qiantang-zh-print.pdf"):
        info = pypdf.PdfReader(str(sample / name)).metadata
        assert info["/CreationDate"] == info["/ModDate"] == "D:20230101000000+00'00'"  # as_of: 2023, its first day
    edition = build(tmp_path / "edition", str(EDITION), "--lang", "en", "--format", "pdf,docx")
    pdf = next(edition.glob("*.pdf"))
    assert pypdf.PdfReader(str(pdf)).metadata["/CreationDate"].startswith("D:20230615")  # the edition's date
    core = zipfile.ZipFile(next(edition.glob("*.docx"))).read("docProps/core.xml").decode()
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-06-15T00:00:00Z<" in core
    fixed = build(tmp_path / "epoch", "--lang", "en", epoch="1700000000")
    assert pypdf.PdfReader(str(fixed / "qiantang-en.pdf")).metadata["/CreationDate"] == "D:20231114221320+00'00'"
    word = zipfile.ZipFile(fixed / "qiantang-en.docx")
    assert "2023-11-14T22:13:20Z" in word.read("docProps/core.xml").decode()
    assert {info.date_time for info in word.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    if shutil.which("pdfinfo"):
        shown = subprocess.run(["pdfinfo", str(sample / "qiantang-en.pdf")], capture_output=True, text=True).stdout
        assert re.search(r"CreationDate:.*2023", shown) and "2000" not in shown


def test_pdf_id_is_a_hash_of_the_content_and_rebuilds_are_identical(sample, tmp_path):
    ids = {}
    for pdf in sorted(sample.glob("*.pdf")):
        first, second = (bytes(getattr(v, "original_bytes", b"")) for v in pypdf.PdfReader(str(pdf)).trailer["/ID"])
        assert first == second and len(first) == 16
        ids[pdf.name] = first
    assert len(set(ids.values())) == len(ids) == 6  # every file its own, screen and press differ
    again = build(tmp_path / "again", "--lang", "zh,en,zh+en", "--print")
    for path in sample.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    if shutil.which("qpdf"):
        for pdf in sample.glob("*.pdf"):
            subprocess.run(["qpdf", "--check", str(pdf)], check=True, capture_output=True)


def test_pdf_opens_on_a_two_level_outline(sample):
    reader = pypdf.PdfReader(str(sample / "qiantang-en.pdf"))
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    outline = reader.outline
    assert any(isinstance(item, list) and item for item in outline)  # chapters hold their sections
    assert all(not isinstance(sub, list) for item in outline if isinstance(item, list) for sub in item)


@pytest.mark.parametrize("lang", ["zh", "en", "zh+en"])
def test_word_package_papers(sample, lang):
    with zipfile.ZipFile(sample / f"qiantang-{lang}.docx") as z:
        parts = {n: z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels"))}
        times = {info.date_time for info in z.infolist()}
    assert times == {(2023, 1, 1, 0, 0, 0)}  # as_of: 2023
    app = parts["docProps/app.xml"]
    assert "<Application>Briefing</Application>" in app and "<Pages>" not in app and "Microsoft" not in app
    ids = [i for text in parts.values() for i in re.findall(r'<wp:docPr\b[^>]*?\bid="(\d+)"', text)]
    assert len(ids) >= 2 and len(ids) == len(set(ids))  # the header's logo and the charts: each its own id
    tags = {t for text in parts.values() for t in re.findall(r'w:(?:val|eastAsia)="([a-z]{2}-[A-Z]{2})"', text)}
    assert "en-US" not in tags and tags <= {"zh-CN", "en-GB", "ar-SA"}
    if lang != "zh":
        assert re.search(r'<w:lang w:val="en-GB"', parts["word/document.xml"] + parts["word/styles.xml"])
    assert 'w:themeFontLang w:val="en-GB"' in parts["word/settings.xml"]

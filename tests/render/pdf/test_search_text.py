"""Chinese, figures and phrases in the PDF are found as typed and copy out as written, in every viewer engine.

The Han-Latin quarter-em gap stays visible but is carried by the glyph before
it (render/pdf/gaps.py), and a key figure drawn in pieces of two sizes is one
/ActualText span. Each engine extracts the text as its viewer searches it:
poppler (Evince, Okular: pdftotext), MuPDF (mutool), PDFium (Chrome:
pypdfium2), pdf.js (Firefox: pdfjs-dist under node, installed by .ci/run).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PDFJS = ROOT / ".ci" / "node" / "node_modules" / "pdfjs-dist" / "legacy" / "build" / "pdf.mjs"
PHRASES = {
    "zh": ["2023年3月", "形成了1个千亿级", "2023年一季度"],
    "en": ["RMB 4.63 billion", "RMB 10.6 billion", "Zhejiang’s"],
    "zh+en": ["2023年3月", "形成了1个千亿级", "RMB 4.63 billion"],
}


@pytest.fixture
def sample(sample_pdfs) -> Path:
    return sample_pdfs


def poppler(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed; CI installs it")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def mupdf(pdf: Path) -> str:
    if shutil.which("mutool") is None:
        pytest.skip("mupdf-tools (mutool) is not installed; CI installs it")
    return subprocess.run(["mutool", "draw", "-F", "txt", "-o", "-", str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def pdfium(pdf: Path) -> str:
    pypdfium2 = pytest.importorskip("pypdfium2")
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\f".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def pdfjs(pdf: Path) -> str:
    if shutil.which("node") is None or not PDFJS.exists():
        pytest.skip("node or pdfjs-dist is not installed; .ci/run installs them (npm ci --prefix .ci/node)")
    script = Path(__file__).with_name("pdfjs_text.mjs")
    return subprocess.run(["node", str(script), str(PDFJS), str(pdf)], capture_output=True, text=True, check=True,
                          timeout=300).stdout


ENGINES = {"poppler": poppler, "mupdf": mupdf, "pdfium": pdfium, "pdfjs": pdfjs}


HAN = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"


def searchable(text: str) -> str:
    """Return text as a viewer's search sees it: a line end beside a Han character (or full-width
    punctuation) as nothing, other line ends and no-break spaces as spaces, runs of spaces as one."""
    text = re.sub(rf"(?<=[{HAN}])[\r\n]+|[\r\n]+(?=[{HAN}])", "", text)
    return re.sub(r"[ \u00a0\r\n]+", " ", text)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("lang", PHRASES)
def test_phrases_are_found_as_typed(sample, engine, lang):
    text = searchable(ENGINES[engine](sample / f"qiantang-{lang}.pdf"))
    for phrase in PHRASES[lang]:
        assert phrase in text, f"{engine} does not find {phrase!r}"
    if lang != "en":
        assert not re.search(r"\d [年月个]|[年月个] \d", text), re.findall(r".{6}\d [年月个].{3}", text)[:3]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_press_file_is_searched_alike(sample, engine):
    text = searchable(ENGINES[engine](sample / "qiantang-zh-print.pdf"))
    assert "2023年3月" in text and "形成了1个千亿级" in text


def test_the_gap_is_still_drawn(sample):
    """Between "3" and "年" the ink keeps the quarter em; between the digits of 2023 it does not (PDFium's boxes)."""
    pypdfium2 = pytest.importorskip("pypdfium2")
    document = pypdfium2.PdfDocument(str(sample / "qiantang-zh.pdf"))
    try:
        for number in range(len(document)):
            page = document[number].get_textpage()
            text = page.get_text_range()
            at = text.find("2023年3月")
            if at >= 0:
                break
        assert at >= 0
        box = [page.get_charbox(at + k) for k in range(7)]  # (left, bottom, right, top) of 2 0 2 3 年 3 月
        size = box[4][3] - box[4][1]  # the Han glyph's ink height, about an em
        digits = max(box[k + 1][0] - box[k][2] for k in range(3))
        assert box[4][0] - box[3][2] > digits + 0.15 * size  # 3 | 年: the gap
        assert box[5][0] - box[4][2] > digits + 0.15 * size  # 年 | 3
    finally:
        document.close()

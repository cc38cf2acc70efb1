"""Text survives re-distilling: after Ghostscript's pdfwrite, the PDF's text copies out as before.

Print shops and "optimise" tools pass PDFs through `gs -sDEVICE=pdfwrite`.
Ghostscript 10 drops a ToUnicode map whose beginbfchar blocks hold more than
the 100 mappings the CMap specification allows (ReportLab writes up to 256 in
one); briefing.fonts writes them in blocks of 100.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import fonts

ROOT = Path(__file__).resolve().parents[3]
LEADER = re.compile(r"(?:\.\s*){3,}")  # the contents' dot leaders: one run of dots or many dots, as gs merges them


def test_to_unicode_blocks_hold_at_most_100_mappings_in_utf16():
    subset = [0, 0x20] + [0x4E00 + i for i in range(200)] + [0x2C317]  # 𬌗, beyond the BMP
    cmap = fonts._to_unicode_cmap("Briefing-x", subset)
    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
    assert counts == [100, 100, 2] and cmap.count("endbfchar") == 3
    assert "<01> <0020>" in cmap and "<CA> <D870DF17>" in cmap and "<00> <0000>" not in cmap
    assert "<00> <FF>" in cmap


def _text(pdf: Path) -> list[str]:
    """Return each page's characters as pdftotext gives them, without spaces and leaders, sorted.

    Ghostscript redraws some pictures' labels in another order and merges the
    contents' dots, which moves text between pdftotext's lines and columns; what
    must not change is the characters each page copies out as (before the fix,
    most of them came out as other characters).
    """
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(sorted(re.sub(r"\s+", "", LEADER.sub("", page)))) for page in out.split("\f")]


def _flow(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.fixture
def sample(sample_pdfs) -> Path:
    return sample_pdfs


@pytest.mark.parametrize("name", ["qiantang-zh.pdf", "qiantang-en.pdf", "qiantang-zh+en.pdf", "qiantang-zh-print.pdf"])
def test_text_copies_out_the_same_after_ghostscript_pdfwrite(sample, name, tmp_path):
    if shutil.which("gs") is None or shutil.which("pdftotext") is None:
        pytest.skip("Ghostscript (gs) or poppler-utils is not installed; CI installs them")
    again = tmp_path / name
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", f"-sOutputFile={again}", str(sample / name)],
                   check=True, capture_output=True, timeout=300)
    for page in PdfReader(str(again)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            assert "/ToUnicode" in font.get_object(), font.get_object()["/BaseFont"]
    before, after = _text(sample / name), _text(again)
    assert len(before) == len(after) and sum(map(len, before)) > 100
    assert before == after
    for phrase in ("2023年3月", "形成了1个千亿级", "RMB4.63billion", "Zhejiang’s"):  # still found as typed
        assert (phrase in _flow(sample / name)) == (phrase in _flow(again)), phrase

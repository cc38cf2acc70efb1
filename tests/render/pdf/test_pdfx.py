"""The press PDF is PDF/X-4: output intent and identification read back, no transparency, no links, text on K.

Ghostscript's inkcov device measures what the text alone puts on each plate
(test_one_plate.py checks the ink of every text draw).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from briefing.render.pdf import pdfx

LANGS = ("zh", "en", "zh+en")


@pytest.fixture(scope="module")
def press(sample_pdfs) -> Path:
    return sample_pdfs


@pytest.mark.parametrize("lang", LANGS)
def test_pdfx_identification_and_output_intent_read_back(press, lang):
    path = press / f"qiantang-{lang}-print.pdf"
    assert path.read_bytes().startswith(b"%PDF-1.6")
    reader = PdfReader(str(path))
    info = reader.metadata
    assert info["/GTS_PDFXVersion"] == "PDF/X-4" and info["/Trapped"] == "/False" and info["/Title"]
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object()
    assert xmp["/Type"] == "/Metadata" and xmp["/Subtype"] == "/XML" and "/Filter" not in xmp
    packet = xmp.get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in packet
    ElementTree.fromstring(packet.split("?>", 1)[1].rsplit("<?xpacket", 1)[0])  # well-formed
    assert f">{info['/Title']}</rdf:li>".replace("&", "&amp;") in packet
    date = info["/CreationDate"]  # D:YYYYMMDDHHmmSS+00'00' <-> YYYY-MM-DDTHH:mm:SSZ
    assert f"<xmp:CreateDate>{date[2:6]}-{date[6:8]}-{date[8:10]}T{date[10:12]}:{date[12:14]}:{date[14:16]}Z<" in packet
    [intent] = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    profile = intent["/DestOutputProfile"].get_object()
    icc = profile.get_data()
    assert profile["/N"] == 4 and icc[36:40] == b"acsp" and icc[16:20] == b"CMYK" and icc[12:16] == b"prtr"
    assert icc == pdfx.PROFILE.read_bytes()
    assert (pdfx.PROFILE.parent / "LICENSE.txt").read_text().count("zlib") >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_its_boxes_no_annotations_and_no_transparency(press, lang):
    reader = PdfReader(str(press / f"qiantang-{lang}-print.pdf"))
    for page in reader.pages:
        trim, bleed, media = ([float(v) for v in page[k]] for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
        assert media[0] <= bleed[0] < trim[0] and trim[2] < bleed[2] <= media[2]
        assert "/Annots" not in page and "/Group" not in page
        for state in page["/Resources"].get("/ExtGState", {}).values():
            state = state.get_object()
            assert float(state.get("/CA", 1)) == 1 and float(state.get("/ca", 1)) == 1, dict(state)
            assert state.get("/SMask", "/None") == "/None" and state.get("/BM", "/Normal") in ("/Normal", "/Compatible")
        for image in (page["/Resources"].get("/XObject") or {}).values():
            assert "/SMask" not in image.get_object() and "/Group" not in image.get_object()


def _inkcov(path: Path) -> list[tuple[float, float, float, float]]:
    result = subprocess.run(["gs", "-q", "-o", "-", "-sDEVICE=inkcov", "-dFILTERIMAGE", "-dFILTERVECTOR", str(path)],
                            capture_output=True, text=True, check=True, timeout=300).stdout
    return [tuple(float(v) for v in m) for m in re.findall(r"([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+CMYK", result)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ghostscript_finds_the_text_on_the_black_plate(press, lang):
    """inkcov with images and vector art filtered out: the share of each plate the text alone covers."""
    if shutil.which("gs") is None:
        pytest.skip("Ghostscript (gs) is not installed; CI installs it")
    pages = _inkcov(press / f"qiantang-{lang}-print.pdf")
    assert len(pages) == len(PdfReader(str(press / f"qiantang-{lang}-print.pdf")).pages)
    texts = [page.extract_text() or "" for page in PdfReader(str(press / f"qiantang-{lang}-print.pdf")).pages]
    # after the cover (white type on the band) and the contents; not the back cover (white type on the brand's
    # colour) nor a notes page (a title and rules only: issue 9)
    body = [p for i, p in enumerate(pages) if 2 <= i < len(pages) - 1
            and not any(t in texts[i].strip()[:40] for t in ("笔记", "Notes"))]
    for c, m, y, k in body:
        assert max(c, m, y) < 0.6 * k, (c, m, y, k)  # the text is on K; colour only in headings and labels
    total = [sum(p[i] for p in body) for i in range(4)]
    assert max(total[:3]) < 0.4 * total[3]  # before PDF/X: C, M and K alike, all text on three plates
    if shutil.which("qpdf"):
        subprocess.run(["qpdf", "--check", str(press / f"qiantang-{lang}-print.pdf")], check=True, capture_output=True)


@pytest.mark.parametrize("lang", LANGS)
def test_mupdf_reads_the_press_file_without_errors(press, lang):
    """MuPDF is strict about resources: every graphics state a form uses must be in the form's own."""
    if shutil.which("mutool") is None:
        pytest.skip("mupdf-tools (mutool) is not installed; CI installs it")
    run = subprocess.run(["mutool", "draw", "-F", "txt", "-o", "/dev/null", str(press / f"qiantang-{lang}-print.pdf")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "error" not in run.stderr, run.stderr[:300]

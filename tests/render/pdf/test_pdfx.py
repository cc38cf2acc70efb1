"""The press PDF is PDF/X-4: output intent and identification read back, no transparency, no links, one-plate text.

Every text draw is found by walking the content streams (and the forms they
draw) with pypdf, its fill colour and size tracked through q/Q, k, Tf and Tm;
Ghostscript's inkcov device measures what the text alone puts on each plate.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from briefing.render.pdf import pdfx

ROOT = Path(__file__).resolve().parents[3]
LANGS = ("zh", "en", "zh+en")


@pytest.fixture(scope="module")
def press(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("press")
    subprocess.run([sys.executable, "-m", "briefing", "build", "--lang", ",".join(LANGS), "--format", "pdf", "--print",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=600)
    return out


def text_draws(path: Path) -> list[tuple[int, tuple, float, bool]]:
    """Return (page, fill colour, size in points, overprint on) for every text-showing operator of the PDF."""
    reader = PdfReader(str(path))
    found: list[tuple[int, tuple, float, bool]] = []
    for number, page in enumerate(reader.pages, 1):
        def run(content, resources, fill, overprint):
            stack, size, scale = [], 0.0, 1.0
            states = (resources or {}).get("/ExtGState", {})
            forms = (resources or {}).get("/XObject", {})
            for operands, op in content.operations:
                if op == b"q":
                    stack.append((fill, overprint))
                elif op == b"Q" and stack:
                    fill, overprint = stack.pop()
                elif op == b"k":
                    fill = tuple(float(v) for v in operands)
                elif op in (b"g", b"rg", b"sc", b"scn"):
                    fill = (op.decode(),) + tuple(float(v) for v in operands)
                elif op == b"gs":
                    state = states[operands[0]].get_object()  # in this stream's own resources (forms too)
                    overprint = bool(state.get("/op", overprint))
                elif op == b"Tf":
                    size = float(operands[1])
                elif op == b"Tm":
                    scale = abs(float(operands[3]))
                elif op in (b"Tj", b"TJ", b"'", b'"'):
                    found.append((number, fill, size * scale, overprint))
                elif op == b"Do":
                    form = forms[operands[0]].get_object()
                    if form.get("/Subtype") == "/Form":
                        run(ContentStream(form, reader), form.get("/Resources", resources), fill, overprint)

        run(ContentStream(page.get_contents(), reader), page["/Resources"], None, False)
    return found


def inks(colour) -> int:
    return sum(1 for v in colour if v > 0) if colour and len(colour) == 4 else -1


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


@pytest.mark.parametrize("lang", LANGS)
def test_text_prints_on_one_plate(press, lang):
    draws = text_draws(press / f"qiantang-{lang}-print.pdf")
    small = [d for d in draws if d[2] < pdfx.SMALL]
    assert len(small) > 500
    for page, colour, size, overprint in draws:
        assert colour is not None and len(colour) == 4, (page, colour)  # DeviceCMYK, set in the text's place
        if colour == (0.0, 0.0, 0.0, 1.0):
            assert overprint, (page, size)  # 100 % K text overprints what lies below
        c, m, y, k = colour
        if max(c, m, y) <= k and k > 0:
            assert c == m == y == 0, (page, colour)  # black and greys: on the black plate alone
    several = [d for d in small if inks(d[1]) >= 2]
    # what stays on several plates is a chromatic colour exactly as the brand gives it (blue card words,
    # the orange trend mark): never black or grey text, never a colour converted by formula
    assert len(several) <= 0.08 * len(small), several[:5]
    assert {d[1] for d in several} <= {tuple(v / 100 for v in cmyk) for cmyk in _brand_cmyk()}
    assert all(max(d[1][:3]) > d[1][3] for d in several)
    black = [d for d in draws if d[1] == (0.0, 0.0, 0.0, 1.0)]
    assert len(black) > 200


def _brand_cmyk() -> list[list[float]]:
    from briefing.brand.file import load_brand

    return list(load_brand(ROOT / "templates" / "qiantang" / "_brand.yml").cmyk.values())


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

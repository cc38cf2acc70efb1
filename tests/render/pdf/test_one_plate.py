"""Text under 12 pt in the press PDF prints on one plate, for both brands and a brand that chooses no inks.

Every text draw is found by walking the content streams, and the forms they
draw, with pypdf: its fill colour, overprint, size and place tracked through
q/Q, cm, k, gs, Tf, Tm, Td, TD, T* and TL, its size measured on the page (the
font size times the text and transformation matrices' scale). A draw with no
ink at all is white type reversed out of a printed ground (the back cover's
band, a table's header row, the transport diagram's centre): it must stand on
ink, which is checked on the page as PDFium renders it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from briefing.render.pdf import pdfx

ROOT = Path(__file__).resolve().parents[3]
LANGS = ("zh", "en", "zh+en")
BLACK = (0.0, 0.0, 0.0, 1.0)
PAPER = (0.0, 0.0, 0.0, 0.0)
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Draw(NamedTuple):
    page: int
    fill: tuple | None
    size: float  # points on the page
    overprint: bool
    x: float  # where the line of text starts, on the page
    y: float


def _mul(m, n):
    """Return the matrix product m x n of two PDF matrices (a, b, c, d, e, f)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2)


def text_draws(path: Path) -> list[Draw]:
    """Return every text-showing operator of the PDF at `path`, with its fill colour, overprint, size and place."""
    reader = PdfReader(str(path))
    found: list[Draw] = []
    for number, page in enumerate(reader.pages, 1):
        def run(content, resources, fill, overprint, ctm):
            stack, size, leading = [], 0.0, 0.0
            tm = line = IDENTITY
            states = (resources or {}).get("/ExtGState", {})
            forms = (resources or {}).get("/XObject", {})
            for operands, op in content.operations:
                if op == b"q":
                    stack.append((fill, overprint, ctm))
                elif op == b"Q" and stack:
                    fill, overprint, ctm = stack.pop()
                elif op == b"cm":
                    ctm = _mul(tuple(float(v) for v in operands), ctm)
                elif op == b"k":
                    fill = tuple(float(v) for v in operands)
                elif op in (b"g", b"rg", b"sc", b"scn", b"cs"):
                    fill = (op.decode(),) + tuple(operands)
                elif op == b"gs":
                    state = states[operands[0]].get_object()  # in this stream's own resources (forms too)
                    overprint = bool(state.get("/op", overprint))
                elif op == b"Tf":
                    size = float(operands[1])
                elif op == b"TL":
                    leading = float(operands[0])
                elif op == b"BT":
                    tm = line = IDENTITY
                elif op == b"Tm":
                    tm = line = tuple(float(v) for v in operands)
                elif op in (b"Td", b"TD", b"T*", b"'", b'"'):
                    tx, ty = (float(operands[0]), float(operands[1])) if op in (b"Td", b"TD") else (0.0, -leading)
                    if op == b"TD":
                        leading = -ty
                    tm = line = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), line)
                if op in (b"Tj", b"TJ", b"'", b'"'):
                    a, b, c, d, e, f = _mul(tm, ctm)
                    found.append(Draw(number, fill, size * abs(a * d - b * c) ** 0.5, overprint, e, f))
                elif op == b"Do":
                    form = forms[operands[0]].get_object()
                    if form.get("/Subtype") == "/Form":
                        matrix = tuple(float(v) for v in form.get("/Matrix", IDENTITY))
                        run(ContentStream(form, reader), form.get("/Resources", resources), fill, overprint,
                            _mul(matrix, ctm))

        run(ContentStream(page.get_contents(), reader), page["/Resources"], None, False, IDENTITY)
    return found


def inks(colour) -> int:
    """Return how many plates a DeviceCMYK fill prints on (-1 for any other colour space)."""
    return sum(1 for v in colour if v > 0) if colour and len(colour) == 4 and not isinstance(colour[0], str) else -1


def _build(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, "-m", "briefing", "build", "--lang", ",".join(LANGS), "--format", "pdf",
                    "--print", "--out", str(out), *args], cwd=ROOT, check=True, capture_output=True, timeout=600)
    return out


@pytest.fixture(scope="module")
def presses(sample_pdfs, tmp_path_factory) -> dict[str, Path]:
    """The sample's press PDFs in the shipped brands, and in qiantang with its `cmyk-small-text` taken out."""
    bare = tmp_path_factory.mktemp("bare-brand")
    for item in (ROOT / "templates" / "qiantang").iterdir():
        shutil.copy(item, bare / item.name)
    text = (bare / "_brand.yml").read_text(encoding="utf-8")
    stripped = re.sub(r"\n  cmyk-small-text:\n(?:    .*\n)+", "\n", text)
    assert stripped != text and "cmyk-small-text" not in stripped
    (bare / "_brand.yml").write_text(stripped, encoding="utf-8")
    return {"qiantang": sample_pdfs, "ink": _build(tmp_path_factory.mktemp("ink"), "--brand", "ink"),
            "bare": _build(tmp_path_factory.mktemp("bare"), "--brand", str(bare / "_brand.yml"))}


def _ground(path: Path, draws: list[Draw]) -> list[float]:
    """Return, for each draw, the grey (0 black - 255 white) of the darkest fifth of the pixels around its line's start.

    White type on white paper would leave them all white; on a printed ground the
    ground between and around the letters is dark.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    boxes = {n: [float(v) for v in page.cropbox] for n, page in enumerate(PdfReader(str(path)).pages, 1)}
    greys, pictures = [], {}
    for draw in draws:
        if draw.page not in pictures:
            pictures[draw.page] = pdf[draw.page - 1].render(scale=2).to_pil().convert("L")
        x0, _, _, y1 = boxes[draw.page]
        left, right = (draw.x - x0 - 1.5) * 2, (draw.x - x0 + 2 * draw.size) * 2
        top, bottom = (y1 - draw.y - 0.6 * draw.size) * 2, (y1 - draw.y - 0.1 * draw.size) * 2
        values = sorted(pictures[draw.page].crop((round(left), round(top), round(right), round(bottom))).tobytes())
        greys.append(values[len(values) // 5])
    pdf.close()
    return greys


@pytest.mark.parametrize("brand, lang", [(b, lang) for b in ("qiantang", "ink") for lang in LANGS]
                         + [("bare", "en")])
def test_every_text_under_12_pt_prints_on_one_plate(presses, brand, lang):
    path = presses[brand] / f"qiantang-{lang}-print.pdf"
    draws = text_draws(path)
    small = [d for d in draws if d.size < pdfx.SMALL]
    assert len(small) > 500 and len(draws) > len(small)
    several = [d for d in small if inks(d.fill) != 1 and d.fill != PAPER]
    assert not several, several[:5]  # before: 1,328 of 1,359 on two plates or more, and every chromatic colour
    for d in draws:
        assert inks(d.fill) >= 0, d  # DeviceCMYK, set in the text's own place
        assert d.overprint == (d.fill == BLACK), d  # 100 % K overprints; a tint or white knocks out
    reversed_type = [d for d in small if d.fill == PAPER]
    assert len(reversed_type) < 0.03 * len(small)
    greys = _ground(path, reversed_type)
    # white type stands on a printed ground (the navy or charcoal band, a table's header row), never on the paper
    assert all(g < 160 for g in greys), [(d.page, round(d.size, 1), g) for d, g in zip(reversed_type, greys) if g >= 160]


def _small_fills(path: Path) -> set[tuple]:
    return {d.fill for d in text_draws(path) if d.size < pdfx.SMALL}


def test_the_brand_decides_the_ink_of_its_small_text(presses):
    from briefing.brand.file import load_brand

    for name, chosen in (("qiantang", (1.0, 0.0, 0.0, 0.0)), ("ink", (0.0, 0.0, 0.0, 0.7))):
        path = presses[name] / "qiantang-en-print.pdf"
        fills = _small_fills(path)
        assert chosen in fills  # qiantang's teal bullets in cyan; ink's vermilion bullets in 70 % black
        brand_colours = {tuple(v / 100 for v in cmyk) for cmyk in load_brand(name).cmyk.values()}
        assert not fills & {c for c in brand_colours if inks(c) > 1}
    large = {d.fill for d in text_draws(presses["qiantang"] / "qiantang-en-print.pdf") if d.size >= pdfx.SMALL}
    assert (0.92, 0.52, 0.0, 0.4) in large  # a card's figure keeps the river blue; the unit beside it is in black
    # with no choices, small text in a colour of several inks prints in black alone (qiantang has no one-ink colour)
    bare = _small_fills(presses["bare"] / "qiantang-en-print.pdf") - {PAPER}
    assert bare and all(c[:3] == (0.0, 0.0, 0.0) for c in bare), bare
    assert len(bare) >= 3  # black, and tints as dark as the teal, the orange and the slate print


def test_the_default_is_a_black_tint_as_dark_as_the_colour_prints():
    assert pdfx.black_tint((0.0, 0.0, 0.0, 0.5)) == pytest.approx(0.5, abs=0.015)  # a black tint is itself
    teal, slate, mist = (0.85, 0.0, 0.42, 0.08), (0.26, 0.12, 0.0, 0.52), (0.06, 0.02, 0.0, 0.02)
    assert pdfx.black_tint(mist) < 0.15 < pdfx.black_tint(teal) < pdfx.black_tint(slate) < pdfx.SOLID
    assert pdfx.text_ink(teal, 9) == ((0.0, 0.0, 0.0, pdfx.black_tint(teal)), False)
    assert pdfx.text_ink((0.92, 0.52, 0.0, 0.4), 9) == (BLACK, True)  # as dark as 87 % K: solid black
    assert pdfx.text_ink((0.92, 0.52, 0.0, 0.4), 20) == ((0.92, 0.52, 0.0, 0.4), False)  # large: as the brand says
    assert pdfx.text_ink((0.7, 0.6, 0.55, 0.75), 20) == (BLACK, True)  # a rich black is black text at any size
    assert pdfx.text_ink((1.0, 0.0, 0.0, 0.0), 9) == ((1.0, 0.0, 0.0, 0.0), False)  # one ink already
    assert pdfx.text_ink(teal, 9, {teal: (0.0, 0.0, 0.0, 0.4)}) == ((0.0, 0.0, 0.0, 0.4), False)  # the brand's
    assert pdfx.text_ink(PAPER, 9) == (PAPER, False)


def test_text_drawn_before_any_colour_is_set_prints_black(tmp_path):
    """ReportLab starts a page with the fill (0, 0, 0), PDF's black; the press canvas once read it as no ink (white)."""
    from reportlab.pdfgen.canvas import Canvas

    from briefing.brand import Brand
    from briefing.render.pdf.press import PressColours, canvas_class

    brand = Brand()
    canvas = canvas_class(Canvas, brand, PressColours(brand))(str(tmp_path / "t.pdf"))
    for page in range(2):
        canvas.setFont("Helvetica", 9)
        canvas.drawString(100, 100, f"page {page + 1}")
        canvas.showPage()
    canvas.save()
    assert [(d.fill, d.overprint) for d in text_draws(tmp_path / "t.pdf")] == [(BLACK, True)] * 2

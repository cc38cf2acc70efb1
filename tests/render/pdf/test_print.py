"""Press output (build --print): sheets with bleed and crop marks, page boxes, CMYK only, the screen PDF untouched."""
from __future__ import annotations

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from briefing.brand import MM, PAGE_SIZES, Brand
from briefing.cli import main
from briefing.render.pdf.press import BLEED, OFFSET, PressColours, formula_cmyk
from conftest import SAMPLE, outline_items

A4 = (595.28, 841.89)
BLEED_PT = 8.5  # 3 mm


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The sample's PDFs built without and with --print."""
    screen, press = tmp_path_factory.mktemp("screen"), tmp_path_factory.mktemp("press")
    assert main(["build", str(SAMPLE), "--format", "pdf", "--out", str(screen)]) == 0
    assert main(["build", str(SAMPLE), "--format", "pdf", "--print", "--out", str(press)]) == 0
    return screen, press


def box(page, name: str) -> list[float]:
    return [float(v) for v in page[name]]


def test_print_adds_a_press_file_beside_each_pdf(builds):
    screen, press = builds
    assert sorted(p.name for p in screen.iterdir()) == ["qiantang-en.pdf", "qiantang-zh.pdf"]
    assert sorted(p.name for p in press.iterdir()) == ["qiantang-en-print.pdf", "qiantang-en.pdf",
                                                         "qiantang-zh-print.pdf", "qiantang-zh.pdf"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_screen_pdf_is_byte_identical_with_or_without_print(builds, lang):
    screen, press = builds
    assert (screen / f"qiantang-{lang}.pdf").read_bytes() == (press / f"qiantang-{lang}.pdf").read_bytes()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_has_trim_and_bleed_boxes_on_a_larger_sheet(builds, lang):
    reader = PdfReader(str(builds[1] / f"qiantang-{lang}-print.pdf"))
    screen = PdfReader(str(builds[0] / f"qiantang-{lang}.pdf"))
    # issue 9: the screen PDF's page count is even, the press PDF's a multiple of four (notes pages before the back)
    assert len(screen.pages) % 2 == 0 and len(reader.pages) % 4 == 0 and 0 <= len(reader.pages) - len(screen.pages) < 4
    for page in reader.pages:
        media, trim, bleed = box(page, "/MediaBox"), box(page, "/TrimBox"), box(page, "/BleedBox")
        assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(A4[1], abs=0.01)
        for i in range(4):  # the bleed is 3 mm outside the trim on every side
            assert abs(bleed[i] - trim[i]) == pytest.approx(BLEED_PT, abs=0.01)
        assert bleed[0] < trim[0] and bleed[1] < trim[1] and bleed[2] > trim[2] and bleed[3] > trim[3]
        assert media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]


def test_content_keeps_its_place_relative_to_the_trim(builds):
    """The bookmarks' targets sit where they sit on the screen page, shifted by the trim's offset on the sheet.

    (The press file has no link annotations, PDF/X: tests/render/pdf/test_pdfx.py.)
    """

    def targets(path):
        return [(float(item.left or 0), float(item.top or 0)) for item in outline_items(PdfReader(str(path)).outline)]

    screen, press = targets(builds[0] / "qiantang-en.pdf"), targets(builds[1] / "qiantang-en-print.pdf")
    assert len(screen) == len(press) > 3
    for (x0, y0), (x1, y1) in zip(screen, press):
        assert x1 - x0 == pytest.approx(OFFSET, abs=0.01) and y1 - y0 == pytest.approx(OFFSET, abs=0.01)


def operations(reader, obj):
    """Yield (operands, operator) of a content stream and of the forms it draws, recursively."""
    stream = obj.get_contents() if hasattr(obj, "get_contents") else obj
    for operands, op in ContentStream(stream, reader).operations:
        yield operands, op.decode("latin1") if isinstance(op, bytes) else op
    xobjects = (obj.get("/Resources") or {}).get("/XObject") or {}
    for x in xobjects.values():
        x = x.get_object()
        if x.get("/Subtype") == "/Form":
            yield from operations(reader, x)


def mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def registration_lines(reader, page):
    """Return the line segments stroked in the registration colour, in sheet coordinates."""
    ctm, stack, lines, start, reg = (1, 0, 0, 1, 0, 0), [], [], None, False
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        op = op.decode("latin1") if isinstance(op, bytes) else op
        if op == "q":
            stack.append((ctm, reg))
        elif op == "Q":
            ctm, reg = stack.pop()
        elif op == "cm":
            ctm = mul(tuple(float(v) for v in operands), ctm)
        elif op == "CS":
            reg = operands[0] == "/All"
        elif op in ("m", "l"):
            x, y = (float(v) for v in operands)
            point = (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
            if op == "l" and reg and start:
                lines.append((start, point))
            start = point
    return lines


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_crop_marks_at_the_four_corners_outside_the_bleed(builds, lang):
    reader = PdfReader(str(builds[1] / f"qiantang-{lang}-print.pdf"))
    for page in reader.pages:
        x0, y0, x1, y1 = box(page, "/TrimBox")
        bx0, by0, bx1, by1 = box(page, "/BleedBox")
        mx0, my0, mx1, my1 = box(page, "/MediaBox")
        lines = registration_lines(reader, page)
        assert len(lines) == 8  # two at each corner
        for (ax, ay), (bx, by) in lines:
            for x, y in ((ax, ay), (bx, by)):
                assert mx0 <= x <= mx1 and my0 <= y <= my1  # on the sheet
                assert not (bx0 + 0.01 < x < bx1 - 0.01 and by0 + 0.01 < y < by1 - 0.01)  # never inside the bleed
            # each mark continues a trim edge: level with it or in line with it
            assert (ay == pytest.approx(by) and any(ay == pytest.approx(v) for v in (y0, y1))) or \
                   (ax == pytest.approx(bx) and any(ax == pytest.approx(v) for v in (x0, x1)))
        corners = {(min(ax, bx) < x0 + 1, min(ay, by) < y0 + 1) for (ax, ay), (bx, by) in lines}
        assert corners == {(True, True), (True, False), (False, True), (False, False)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_rgb_colour_anywhere_only_cmyk(builds, lang):
    reader = PdfReader(str(builds[1] / f"qiantang-{lang}-print.pdf"))
    used = set()
    for page in reader.pages:
        for operands, op in operations(reader, page):
            assert op not in ("rg", "RG", "g", "G", "sc", "SC"), (op, operands)
            if op in ("cs", "CS"):
                assert operands[0] == "/All", operands  # the registration colour is the one colour space set
            if op in ("k", "K"):
                assert len(operands) == 4 and all(0 <= float(v) <= 1 for v in operands)
            used.add(op)
        for x in ((page.get("/Resources") or {}).get("/XObject") or {}).values():
            x = x.get_object()
            if x.get("/Subtype") == "/Image":
                assert x["/ColorSpace"] == "/DeviceCMYK"
                assert "/SMask" not in x  # flattened onto white
    assert {"k", "K"} <= used


def test_the_brand_cmyk_values_are_used(builds):
    reader = PdfReader(str(builds[1] / "qiantang-zh-print.pdf"))
    fills = {tuple(round(float(v), 4) for v in operands)
             for operands, op in operations(reader, reader.pages[0]) if op == "k"}
    assert (0.92, 0.52, 0.0, 0.4) in fills  # river-blue, the cover's band: [92, 52, 0, 40]
    assert (0.0, 0.45, 0.9, 0.05) in fills  # sunrise, the bar under it


def test_the_cover_band_runs_into_the_bleed(builds):
    reader = PdfReader(str(builds[1] / "qiantang-zh-print.pdf"))
    page = reader.pages[0]
    rects = [tuple(float(v) for v in operands) for operands, op in ContentStream(page.get_contents(), reader)
             .operations if op in (b"re", "re")]
    w, h = A4
    # drawn in the trim's coordinates: the band starts 3 mm left of the trim and ends 3 mm beyond its top and right
    band = [r for r in rects if r[0] == pytest.approx(-BLEED_PT, abs=0.01) and r[2] == pytest.approx(w + 2 * BLEED_PT,
                                                                                                     abs=0.01)]
    assert band and any(r[1] + r[3] == pytest.approx(h + BLEED_PT, abs=0.01) for r in band)


def test_colours_the_brand_does_not_give_are_converted_by_formula():
    assert formula_cmyk(0, 0, 0) == (0.0, 0.0, 0.0, 1.0)  # black is 100 % K
    assert formula_cmyk(255, 255, 255) == (0.0, 0.0, 0.0, 0.0)
    c, m, y, k = formula_cmyk(128, 128, 128)
    assert (c, m, y) == (0.0, 0.0, 0.0) and k == pytest.approx(0.498, abs=0.001)  # greys in black ink only
    c, m, y, k = formula_cmyk(255, 0, 0)
    assert (c, m, y, k) == (0.0, 1.0, 1.0, 0.0)


def test_brand_colours_and_their_tints_take_the_brand_cmyk():
    brand = Brand(colors={"primary": "#0B4F8A", "foreground": "#1E2A36"}, cmyk={"primary": (92, 52, 0, 40)})
    colours = PressColours(brand)
    assert colours.cmyk((0x0B, 0x4F, 0x8A)) == pytest.approx((0.92, 0.52, 0.0, 0.40))
    # the charts' tint(primary, 0.85): the same inks at 15 %
    from briefing.charts.palette import tint

    rgb = tuple(int(tint("#0B4F8A", 0.85)[i:i + 2], 16) for i in (1, 3, 5))
    assert colours.cmyk(rgb) == pytest.approx((0.92 * 0.15, 0.52 * 0.15, 0.0, 0.40 * 0.15), abs=0.005)
    assert not colours.by_formula
    colours.cmyk((0x1E, 0x2A, 0x36))  # no cmyk for the foreground: by formula, and recorded
    assert colours.by_formula == {"#1E2A36"}


def test_letter_brand_press_sheet(tmp_path):
    assert main(["build", str(SAMPLE), "--brand", "ink", "--lang", "en", "--format", "pdf", "--print",
                 "--out", str(tmp_path)]) == 0
    page = PdfReader(str(tmp_path / "qiantang-en-print.pdf")).pages[0]
    trim = box(page, "/TrimBox")
    assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(PAGE_SIZES["Letter"], abs=0.01)
    assert box(page, "/BleedBox")[0] == pytest.approx(trim[0] - 3 * MM, abs=0.01)
    assert BLEED == pytest.approx(3 * MM)


def test_print_is_refused_without_pdf(in_tmp, capsys):
    assert main(["build", str(SAMPLE), "--format", "docx", "--print"]) == 2
    err = capsys.readouterr().err
    assert "--print" in err and "Traceback" not in err


@pytest.mark.timeout(180)
def test_all_builds_press_files_too(in_tmp, capsys):
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "data", in_tmp / "data")
    assert main(["build", "--all", "--print", "--format", "pdf", "--lang", "en", "--jobs", "2"]) == 0
    names = sorted(p.name for p in (in_tmp / "output").iterdir())
    assert "qiantang-en-print.pdf" in names and "qiantang-japan-2023-06-en-print.pdf" in names
    reader = PdfReader(str(in_tmp / "output" / "qiantang-en-print.pdf"))
    assert "/TrimBox" in reader.pages[0] and "/BleedBox" in reader.pages[0]

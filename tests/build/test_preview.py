"""Contact sheets (briefing preview, build --preview): every page on one PNG; bad files refused without a traceback."""
from __future__ import annotations

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from briefing.cli import main
from briefing.build.contact_sheet import contact_sheet, default_output
from conftest import SAMPLE


def pdf_of(path, pages: int):
    canvas = Canvas(str(path), pagesize=(595.28, 841.89), invariant=True)
    for n in range(pages):
        canvas.setFont("Helvetica", 48)
        canvas.drawString(100, 700, f"Page {n + 1}")
        canvas.showPage()
    canvas.save()
    return path


def test_the_sheet_grows_with_the_page_count(tmp_path):
    sizes = {}
    for pages in (1, 3, 13):
        sheet, n = contact_sheet(pdf_of(tmp_path / f"p{pages}.pdf", pages))
        assert n == pages and sheet == tmp_path / f"p{pages}-preview.png"
        with Image.open(sheet) as image:
            assert image.format == "PNG"
            sizes[pages] = image.size
    assert sizes[1][0] < sizes[3][0]  # a row grows wider up to six pages ...
    assert sizes[3][1] == sizes[1][1] < sizes[13][1]  # ... and then the sheet grows taller
    assert sizes[1][0] * sizes[1][1] < sizes[3][0] * sizes[3][1] < sizes[13][0] * sizes[13][1]


def test_columns_and_out(tmp_path, capsys):
    pdf = pdf_of(tmp_path / "doc.pdf", 4)
    out = tmp_path / "sheets" / "doc.png"
    assert main(["preview", str(pdf), "--out", str(out), "--columns", "2"]) == 0
    assert f"wrote {out} (4 pages)" in capsys.readouterr().out
    wide, _ = contact_sheet(pdf, tmp_path / "wide.png", columns=4)
    with Image.open(out) as two, Image.open(wide) as four:
        assert two.width < four.width and two.height > four.height
    assert not default_output(pdf).exists()


def test_page_numbers_stand_under_the_pages(tmp_path):
    sheet, _ = contact_sheet(pdf_of(tmp_path / "one.pdf", 1))
    with Image.open(sheet) as image:
        grey = image.convert("L")
        w, h = grey.size
        label = grey.crop((0, h - 24 - 22, w, h - 24))  # the label strip under the page
        assert min(label.tobytes()) < 160  # dark ink: the number "1"


@pytest.mark.parametrize("make, code, message", [
    (lambda d: d / "missing.pdf", 2, "no file"),
    (lambda d: d, 2, "is a folder, not a PDF file"),
    (lambda d: (d / "text.pdf").write_text("not a pdf") and d / "text.pdf", 1, "cannot read"),
    (lambda d: (d / "empty.pdf").write_bytes(b"") or d / "empty.pdf", 1, "cannot read"),
])
def test_bad_files_give_a_message_and_an_exit_code_not_a_traceback(tmp_path, capsys, make, code, message):
    assert main(["preview", str(make(tmp_path))]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.png"))


def test_bad_columns_are_a_usage_error(tmp_path, capsys):
    assert main(["preview", str(pdf_of(tmp_path / "doc.pdf", 2)), "--columns", "0"]) == 2
    assert "columns" in capsys.readouterr().err


def test_build_preview_writes_one_sheet_per_pdf(tmp_path, capsys):
    assert main(["build", str(SAMPLE), "--lang", "en", "--preview", "--print", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["qiantang-en-preview.png",
                                                              "qiantang-en-print-preview.png"]
    assert "qiantang-en-preview.png" in capsys.readouterr().out


def test_build_all_preview_writes_sheets_once(in_tmp, capsys):
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "data", in_tmp / "data")
    assert main(["build", "--all", "--format", "pdf", "--lang", "en", "--preview"]) == 0
    pdfs = sorted((in_tmp / "output").glob("*.pdf"))
    assert pdfs and all(default_output(p).is_file() for p in pdfs)
    capsys.readouterr()
    assert main(["build", "--all", "--format", "pdf", "--lang", "en", "--preview"]) == 0
    assert "contact sheet" not in capsys.readouterr().out  # all up to date: nothing redrawn

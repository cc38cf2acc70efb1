"""Brand files: the look is data; both sample brands build and read back in both formats."""
from __future__ import annotations

import re
from pathlib import Path
import zipfile

import pytest
from pypdf import PdfReader

from briefing.brand.file import load_brand
from briefing.cli import main
from briefing.errors import ContentError
from conftest import SAMPLE


def test_sample_brands_load():
    qiantang, ink = load_brand("qiantang"), load_brand("ink")
    assert qiantang.page_size == "A4" and ink.page_size == "Letter"
    assert qiantang.color("primary") == "#0B4F8A" and ink.color("primary") == "#23262B"
    assert ink.fonts["serif-cjk"] == "sans-sc"  # Ink sets body text in Hei
    assert qiantang.cmyk["primary"] == (92, 52, 0, 40)
    assert qiantang.logo.name == "logo.png" and qiantang.logo.is_file()


def test_unknown_keys_and_bad_values_are_refused_with_locations(tmp_path):
    bad = tmp_path / "_brand.yml"
    bad.write_text('color:\n  pallete: {a: "#000000"}\ntypography:\n  base: {size: big}\npage: {size: A5}\n',
                   encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_brand(str(bad))
    found = {(p.line, p.column, p.path): p.message for p in info.value.problems}
    assert found[(2, 3, "color.pallete")] == "unknown key 'pallete'; did you mean 'palette'?"
    assert "length" in found[(4, 16, "typography.base.size")]
    assert "A4, Letter" in found[(5, 14, "page.size")]


def test_roles_must_name_palette_colours(tmp_path):
    bad = tmp_path / "_brand.yml"
    bad.write_text('color:\n  palette: {navy: "#000080"}\n  primary: nave\n', encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_brand(str(bad))
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.path) == (3, 12, "color.primary")
    assert "navy" in problem.message


def test_unknown_brand_name_lists_the_brands(capsys):
    assert main(["build", "--brand", "nonesuch", str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "no brand 'nonesuch'" in err and "ink" in err and "qiantang" in err


@pytest.fixture(scope="module")
def ink_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("ink")
    assert main(["build", str(SAMPLE), "--brand", "ink", "--out", str(out)]) == 0
    return out


def fill_colours(pdf_path, page=1) -> set[str]:
    content = PdfReader(str(pdf_path)).pages[page].get_contents().get_data().decode("latin-1")
    return {tuple(round(float(v), 3) for v in m) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)}


def rgb(hex_value: str):
    return tuple(round(int(hex_value[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ink_pdf_has_its_colours_fonts_and_paper(ink_build, lang):
    path = ink_build / f"qiantang-{lang}.pdf"
    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    assert rgb("#23262B") in fill_colours(path, 0)  # the charcoal cover band
    fonts = {f["/BaseFont"] for p in reader.pages for f in
             (r.get_object() for r in p["/Resources"].get_object().get("/Font", {}).values())}
    body_face = "NotoSansCJKsc-Regular" if lang == "zh" else "NotoSans-Regular"
    assert any(body_face in name for name in fonts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ink_docx_has_its_colours_fonts_and_paper(ink_build, lang):
    with zipfile.ZipFile(ink_build / f"qiantang-{lang}.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert 'w:w="12240"' in document and 'w:h="15840"' in document  # Letter in twips
    assert "23262B" in document  # the charcoal cover band
    assert "B8322A" in styles or "B8322A" in document  # vermilion
    assert re.search(r'w:eastAsia="Noto Sans CJK SC [0-9A-F]{6}"', styles)  # Hei body text (its subset's name)
    assert media, "the logo is embedded"


def test_default_brand_is_the_sample_regions(tmp_path):
    assert main(["build", str(SAMPLE), "--format", "pdf", "--lang", "en", "--out", str(tmp_path)]) == 0
    assert rgb("#0B4F8A") in fill_colours(tmp_path / "qiantang-en.pdf", 0)


def test_a_logo_that_is_not_an_image_is_refused_with_its_location(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"this is not a picture")
    bad = tmp_path / "_brand.yml"
    bad.write_text("logo:\n  images:\n    mark: {path: logo.png}\n    gone: {path: missing.png}\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_brand(str(bad))
    found = {(p.line, p.column, p.path): p.message for p in info.value.problems}
    assert "not a PNG, JPEG or SVG" in found[(3, 18, "logo.images.mark.path")]
    assert "no image file" in found[(4, 18, "logo.images.gone.path")]


def test_small_text_inks_are_read_per_role(tmp_path):
    qiantang, ink = load_brand("qiantang"), load_brand("ink")
    assert qiantang.cmyk_small_text["secondary"] == (100, 0, 0, 0)  # tide-teal's bullets and captions in cyan
    assert qiantang.cmyk_small_text["light"] == (0, 0, 0, 0)  # mist, on the back cover's band: the paper
    assert ink.cmyk_small_text["foreground"] == (0, 0, 0, 100)
    for brand in (qiantang, ink):
        assert all(sum(1 for v in value if v) <= 1 for value in brand.cmyk_small_text.values())


def test_small_text_inks_on_several_plates_or_none_are_refused_with_locations(tmp_path, capsys):
    bad = tmp_path / "_brand.yml"
    bad.write_text('color:\n  palette: {navy: "#0B4F8A", sky: "#3A9AD9"}\n  cmyk-small-text:\n'
                   '    navy: [92, 52, 0, 40]\n    sky: [0, 0, 0, 120]\n  cmyk_small_text: {}\n', encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_brand(str(bad))
    found = {(p.line, p.column, p.path): p.message for p in info.value.problems}
    assert found[(4, 11, "color.cmyk-small-text.navy")] == (
        "text under 12 pt prints on one plate, so that it stays sharp when the plates are slightly out of register: "
        "give one ink, such as [0, 0, 0, 85] or [100, 0, 0, 0]; [92, 52, 0, 40] prints on three plates (C, M, K)")
    assert found[(5, 10, "color.cmyk-small-text.sky")] == "expected percentages from 0 to 100, found '120'"
    assert found[(6, 3, "color.cmyk_small_text")] == "unknown key 'cmyk_small_text'; did you mean 'cmyk-small-text'?"
    assert len(found) == 3

    bad.write_text('color:\n  palette: {navy: "#0B4F8A", slate: "#5B6B7A", mist: "#EAF2F8"}\n  cmyk-small-text:\n'
                   '    slate: [0, 0, 0, 0]\n    mist: [0, 0, 0, 0]\n    teal: [100, 0, 0, 0]\n'
                   '    navy: [100, 0, 0]\n  primary: navy\n', encoding="utf-8")
    assert main(["build", str(SAMPLE), "--brand", str(bad), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:7:11: color.cmyk-small-text.navy: expected four percentages [c, m, y, k], found a list" in err
    bad.write_text(bad.read_text(encoding="utf-8").replace("[100, 0, 0]", "[100, 0, 0, 0]"), encoding="utf-8")
    assert main(["build", str(SAMPLE), "--brand", str(bad), "--out", str(tmp_path / "out")]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert f"{bad}:4:12: color.cmyk-small-text.slate: [0, 0, 0, 0] prints no ink: text in 'slate' (#5B6B7A) would " \
           "vanish on white paper; only a colour close to white may print as the paper (light text on a dark ground); " \
           "give one ink, such as [0, 0, 0, 60]" in lines
    assert f"{bad}:6:11: color.cmyk-small-text.teal: 'teal' is not in the palette; it has: navy, slate, mist" in lines
    assert not any("mist" in line.split(": ")[0] for line in lines)  # a colour close to white may print as the paper
    assert not (tmp_path / "out").exists()


def test_a_reference_docx_is_checked_once_for_its_contents_and_again_when_they_change(tmp_path, monkeypatch):
    """A long-lived process (serve) loads the brand at every build: an unchanged reference.docx is not reopened."""
    import shutil

    import docx

    from briefing.brand import file as brand_file

    ref = tmp_path / "reference.docx"
    shutil.copy(Path(__file__).resolve().parents[2] / "templates" / "qiantang" / "reference.docx", ref)
    opened = []
    real = docx.Document
    monkeypatch.setattr(docx, "Document", lambda *a: opened.append(a) or real(*a))
    assert brand_file.check_reference(ref) is None and brand_file.check_reference(ref) is None
    assert len(opened) == 1
    ref.write_bytes(ref.read_bytes()[:-200])  # the same file, damaged: checked again, and refused
    assert "not a Word document" in brand_file.check_reference(ref)

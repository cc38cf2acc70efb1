"""Word files carry their faces: subset, obfuscated font parts (ECMA-376 17.8.1) that LibreOffice sets the text in.

The LibreOffice test converts every sample .docx twice, each time under a
fontconfig of our own that lists no installed font at all: once with the
package's bundled faces visible, once with only a placeholder face (built here
with fontTools), so every Noto face LibreOffice uses must come from the file.
Neither run depends on what the machine has installed.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from briefing import fonts as fontfiles
from briefing.render.docx import embed

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ("zh", "en", "zh+en")


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, Path]:
    """Build the sample's three Word files with the real command."""
    out = tmp_path_factory.mktemp("docx")
    subprocess.run([sys.executable, "-m", "briefing", "build", "--lang", ",".join(SAMPLES), "--format", "docx",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=600)
    return {lang: out / f"qiantang-{lang}.docx" for lang in SAMPLES}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _embedded(parts: dict[str, bytes]) -> list[tuple[str, str, TTFont]]:
    """Return (family, embed kind, font) for each font the font table embeds, de-obfuscated with its key."""
    table = parts["word/fontTable.xml"].decode()
    rels = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', parts["word/_rels/fontTable.xml.rels"].decode()))
    found = []
    for family, body in re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table):
        for kind, rid, key in re.findall(r'<w:(embed\w+) r:id="([^"]+)" w:fontKey="([^"]+)"/>', body):
            data = embed.obfuscate(parts["word/" + rels[rid]], key)
            found.append((family, kind, TTFont(io.BytesIO(data))))
    return found


def test_obfuscation_follows_the_standard():
    """17.8.1: the GUID's bytes, last first, XORed over the first 32 bytes; the rest unchanged."""
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    data = bytes(40)
    hidden = embed.obfuscate(data, key)
    assert hidden[:16] == bytes.fromhex("FFEEDDCCBBAA99887766554433221100") == hidden[16:32]
    assert hidden[32:] == data[32:] and embed.obfuscate(hidden, key) == data
    with pytest.raises(ValueError):
        embed.obfuscate(data, "{not-a-guid}")


@pytest.mark.parametrize("lang", SAMPLES)
def test_every_named_face_is_embedded_with_the_characters_used(samples, lang):
    parts = _parts(samples[lang])
    text = embed.used_text(parts)
    named = set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="(Noto[^"]+)"', parts["word/styles.xml"].decode()
                           + parts["word/document.xml"].decode()))
    fonts = _embedded(parts)
    assert {family for family, _, _ in fonts} == named
    for family, kind, font in fonts:
        assert kind in ("embedRegular", "embedBold")
        assert font["name"].getDebugName(1) == family and "glyf" in font and "OS/2" in font
        assert font["OS/2"].usWeightClass == (700 if kind == "embedBold" else 400)
        cmap = font.getBestCmap()
        key = next(k for k, (_, fam, bold) in fontfiles.FACES.items() if fam == family and bold == (kind == "embedBold"))
        covered = {c for c in text if ord(c) in fontfiles.coverage(key)}
        assert covered and all(ord(c) in cmap for c in covered)
        assert len(cmap) < len(fontfiles.coverage(key)) / 4  # a subset, not the whole face
    settings = parts["word/settings.xml"].decode()
    assert re.search(r"<w:zoom [^>]*/><w:embedTrueTypeFonts/><w:saveSubsetFonts/><w:proofState", settings)
    assert 'Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"' \
        in parts["[Content_Types].xml"].decode()
    assert samples[lang].stat().st_size < 1.5e6


def test_text_set_in_capitals_finds_its_capitals_in_the_embedded_faces(tmp_path):
    """The cover's kicker is a "caps" style: "Investment Briefing" shows a V and a G no other text may hold."""
    from briefing.cli import main

    region = ROOT / "tests" / "fixtures" / "minimal.yaml"
    assert "V" not in region.read_text(encoding="utf-8").replace("Investment", "")
    assert main(["build", str(region), "--lang", "en", "--format", "docx", "--out", str(tmp_path)]) == 0
    parts = _parts(tmp_path / "minimal-en.docx")
    assert "Investment Briefing" in parts["word/document.xml"].decode() and "<w:caps/>" in parts["word/styles.xml"].decode()
    for family, kind, font in _embedded(parts):
        if family.startswith("Noto Sans") and kind == "embedBold":
            assert {ord("V"), ord("G")} <= set(font.getBestCmap()), family
    assert "V" in embed.used_text({"word/document.xml": b"<w:t>v</w:t>"})


def test_subsets_are_cached_in_memory_and_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(embed, "_MEMORY", {})
    made = []
    real = embed._make_subset
    monkeypatch.setattr(embed, "_make_subset", lambda path, chars: made.append(chars) or real(path, chars))
    first = embed.subset("serif", "Briefing")
    assert embed.subset("serif", "Briefing") == first and len(made) == 1
    monkeypatch.setattr(embed, "_MEMORY", {})  # a new run: read back from the disk
    assert embed.subset("serif", "Briefing") == first and len(made) == 1
    assert list((tmp_path / "briefing" / "fonts").glob("*.ttf"))
    assert embed.subset("serif", "Briefingx") != first and len(made) == 2


def test_a_subset_planted_in_a_cache_others_may_write_is_not_embedded(tmp_path, monkeypatch):
    """What the cache holds goes into every Word file: only a folder and file of ours that nobody else may write."""
    import os

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(embed, "_MEMORY", {})
    first = embed.subset("serif", "Planted")
    [entry] = (tmp_path / "briefing" / "fonts").glob("*.ttf")
    assert os.stat(entry).st_mode & 0o077 == 0 and os.stat(entry.parent).st_mode & 0o077 == 0
    entry.write_bytes(b"someone else's file")
    os.chmod(entry.parent, 0o777)  # a shared folder: anyone may have put it there
    monkeypatch.setattr(embed, "_MEMORY", {})
    assert embed.subset("serif", "Planted") == first
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # ignored, as the XDG specification asks
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(embed, "_MEMORY", {})
    embed.subset("serif", "Planted")
    assert not (tmp_path / "relative").exists()


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(embed, "_MEMORY", {})
    assert TTFont(io.BytesIO(embed.subset("sans", "abc"))).getBestCmap().keys() >= {ord("a"), ord("b"), 0x20}


def test_a_document_without_known_faces_is_left_alone():
    parts = {"word/document.xml": b'<w:r><w:rFonts w:ascii="Arial"/><w:t>x</w:t></w:r>',
             "word/fontTable.xml": b"<w:fonts></w:fonts>"}
    assert embed.embed_fonts(parts) is parts


# -- LibreOffice with the Noto faces hidden ----------------------------------------------------


def _placeholder(folder: Path) -> None:
    """Write a one-glyph face, so that LibreOffice (which refuses to start with no font) has one that is not Noto."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box():
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0)), pen.lineTo((100, 700)), pen.lineTo((500, 700)), pen.lineTo((500, 0)), pen.closePath()
        return pen.glyph()

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space"])
    builder.setupCharacterMap({0x20: "space"})
    builder.setupGlyf({".notdef": box(), "space": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (600, 100), "space": (600, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Placeholder", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    folder.mkdir(parents=True, exist_ok=True)
    builder.save(str(folder / "Placeholder.ttf"))


def _convert(docx: Path, out: Path, font_dirs: list[Path]) -> Path:
    """Convert `docx` to PDF in LibreOffice seeing only the fonts in `font_dirs` (a fontconfig of its own)."""
    out.mkdir(parents=True, exist_ok=True)
    conf = out / "fonts.conf"
    dirs = "".join(f"<dir>{d}</dir>" for d in font_dirs)
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig>{dirs}<cachedir>{out / 'fc-cache'}</cachedir></fontconfig>")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(out), "FONTCONFIG_FILE": str(conf)}
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=300, env=env)
    pdf = out / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {docx.name}"
    return pdf


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]


def _fonts(pdf: Path) -> set[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}


@pytest.mark.parametrize("lang", SAMPLES)
def test_libreoffice_sets_the_embedded_faces_without_any_noto_installed(samples, lang, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils is not installed; CI installs them")
    placeholder = tmp_path / "placeholder"
    _placeholder(placeholder)
    seen = _convert(samples[lang], tmp_path / "visible", [placeholder, fontfiles.FONT_DIR])
    hidden = _convert(samples[lang], tmp_path / "hidden", [placeholder])
    ours = {TTFont(fontfiles.font_path(k))["name"].getDebugName(6) for k in fontfiles.FACES}
    used = _fonts(hidden)
    assert used and used <= ours, used - ours  # every face on the pages is one the file carries
    with_faces, without = _pages(seen), _pages(hidden)
    assert len(without) == len(with_faces)
    contents = list(re.finditer(r"\.{3,}(\d+)", without[1]))
    assert len(contents) >= 10
    assert [m.group(1) for m in contents] == re.findall(r"\.{3,}(\d+)", with_faces[1])
    assert int(contents[-1].group(1)) <= len(without)  # no contents entry past the end
    assert without == with_faces  # the same text on every page

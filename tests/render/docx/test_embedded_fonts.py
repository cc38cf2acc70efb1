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
        key = next(k for k, (_, fam, bold) in fontfiles.FACES.items()
                   if fam == embed.family_of(family) and bold == (kind == "embedBold"))
        base = embed.family_of(family)
        assert re.fullmatch(re.escape(base) + r" [0-9A-F]{6}", family)  # a name of its own (see the test below)
        assert font["name"].getDebugName(4).startswith(family)
        assert font["name"].getDebugName(6) == fontfiles_ps(key).replace("-", family[-6:] + "-", 1)
        covered = {c for c in text if ord(c) in fontfiles.coverage(key)}
        assert covered and all(ord(c) in cmap for c in covered)
        assert len(cmap) < len(fontfiles.coverage(key)) / 4  # a subset, not the whole face
    settings = parts["word/settings.xml"].decode()
    assert re.search(r"<w:zoom [^>]*/><w:embedTrueTypeFonts/><w:saveSubsetFonts/><w:proofState", settings)
    assert 'Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"' \
        in parts["[Content_Types].xml"].decode()
    assert samples[lang].stat().st_size < 1.5e6


def test_text_set_in_capitals_finds_its_capitals_in_the_embedded_faces(tmp_path):
    """A style a designer sets in capitals (w:caps, in a reference.docx) shows letters the text holds only in lower
    case: "Investment" shows a V no other text may hold, so every letter's capital is embedded with it."""
    from briefing.cli import main

    region = ROOT / "tests" / "fixtures" / "minimal.yaml"
    assert "V" not in region.read_text(encoding="utf-8")
    assert main(["build", str(region), "--lang", "en", "--format", "docx", "--out", str(tmp_path)]) == 0
    parts = _parts(tmp_path / "minimal-en.docx")
    assert "Investment" in parts["word/document.xml"].decode()
    sans = [(family, font) for family, kind, font in _embedded(parts)
            if family.startswith("Noto Sans") and "CJK" not in family and kind == "embedRegular"]
    assert sans
    for family, font in sans:
        assert ord("V") in set(font.getBestCmap()), family
    assert "V" in embed.used_text({"word/document.xml": b"<w:t>v</w:t>"})


def fontfiles_ps(key: str) -> str:
    return TTFont(fontfiles.font_path(key))["name"].getDebugName(6)


def test_each_subset_has_a_name_of_its_own_everywhere_in_the_package():
    """Two documents with different characters never share a family name; the same characters give the same one."""
    def package(text: str, face: str = "Noto Sans") -> dict[str, bytes]:
        run = f'<w:r><w:rPr><w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:eastAsia="Noto Sans CJK SC"/></w:rPr>'
        return {"word/document.xml": f"<w:body>{run}<w:t>{text}</w:t></w:r></w:body>".encode(),
                "word/numbering.xml": '<w:lvl><w:lvlText w:val="•"/><w:rFonts w:ascii="Noto Sans"/></w:lvl>'.encode(),
                "word/fontTable.xml": b'<w:fonts xmlns:w="w"><w:font w:name="Noto Sans"><w:altName w:val="Arial"/>'
                                      b'</w:font><w:bookmarkStart w:name="Noto Sans"/></w:fonts>',
                "word/settings.xml": b"<w:settings><w:zoom/></w:settings>", "[Content_Types].xml": b"<Types><Default/></Types>"}

    first, second, again = (embed.embed_fonts(package(t)) for t in ("Quay 钱塘", "Quay 钱塘 Japan", "Quay 钱塘"))
    assert first == again
    sans, cjk = embed.subset_family("Noto Sans", embed.used_text(first)), \
        embed.subset_family("Noto Sans CJK SC", embed.used_text(first))
    document = first["word/document.xml"].decode()
    assert f'w:ascii="{sans}" w:hAnsi="{sans}" w:eastAsia="{cjk}"' in document
    assert f'w:ascii="{sans}"' in first["word/numbering.xml"].decode()
    table = first["word/fontTable.xml"].decode()
    assert f'<w:font w:name="{sans}"><w:altName w:val="Arial"/><w:embedRegular' in table
    assert f'<w:font w:name="{cjk}"><w:embedRegular' in table
    assert '<w:bookmarkStart w:name="Noto Sans"/>' in table  # only font names are renamed
    assert sans != embed.subset_family("Noto Sans", embed.used_text(second))
    assert embed.embed_fonts(first)["word/document.xml"] == document.encode()  # a built file embeds as it was
    assert embed.family_of(sans) == "Noto Sans" and embed.family_of("Noto Sans") == "Noto Sans"
    assert embed.family_of("DejaVu Sans 00AB12") == "DejaVu Sans 00AB12"  # not one of ours: a name like any


def test_subsets_are_cached_in_memory_and_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(embed, "_MEMORY", {})
    made = []
    real = embed._make_subset
    monkeypatch.setattr(embed, "_make_subset", lambda path, chars, family: made.append(chars) or real(path, chars, family))
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


def _convert(docx: Path | list[Path], out: Path, font_dirs: list[Path]) -> Path | list[Path]:
    """Convert `docx` to PDF in LibreOffice seeing only the fonts in `font_dirs` (a fontconfig of its own).

    A list of files is converted in that order by one LibreOffice, as a reader
    opening them one after the other in one session.
    """
    files = docx if isinstance(docx, list) else [docx]
    out.mkdir(parents=True, exist_ok=True)
    conf = out / "fonts.conf"
    dirs = "".join(f"<dir>{d}</dir>" for d in font_dirs)
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig>{dirs}<cachedir>{out / 'fc-cache'}</cachedir></fontconfig>")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(out), "FONTCONFIG_FILE": str(conf)}
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=300 * len(files), env=env)
    pdfs = [out / (f.stem + ".pdf") for f in files]
    for pdf, f in zip(pdfs, files):
        assert pdf.exists(), f"LibreOffice wrote no PDF for {f.name}"
    return pdfs if isinstance(docx, list) else pdfs[0]


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]


def _fonts(pdf: Path) -> set[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # a face renamed for its subset ("NotoSansCJKsc5A1B33-Bold") is the face it was made from
    return {re.sub(r"[0-9A-F]{6}(?=-|$)", "", line.split()[0].split("+")[-1])
            for line in listing.splitlines()[2:] if line.strip()}


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


def _bullet(parts: dict[str, bytes]) -> str:
    """Return the character of the list bullet style's level (numbering.xml), the one the lists show."""
    numbering = parts["word/numbering.xml"].decode()
    level = re.search(r'<w:lvl w:ilvl="0">(?:(?!</w:lvl>).)*?<w:pStyle w:val="ListBullet"/>(?:(?!</w:lvl>).)*?</w:lvl>',
                      numbering, re.S)
    assert level, "no bullet level for the List Bullet style"
    return embed._unescape(re.search(r'<w:lvlText w:val="([^"]*)"', level.group(0)).group(1))


def _glyphs(pdf: Path, char: str) -> list[tuple[int, str, int]]:
    """Return (page, face, curves in its outline) for each `char` set on the PDF's pages, read with pdfium.

    A character whose face lacks it is drawn with the face's .notdef, the empty
    box: straight lines only. The bullets (• or ●) are round.
    """
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    found = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for number, page in enumerate(document, 1):
            text = page.get_textpage()
            for index in range(raw.FPDFText_CountChars(text.raw)):
                if raw.FPDFText_GetUnicode(text.raw, index) != ord(char):
                    continue
                font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(text.raw, index))
                name = ctypes.create_string_buffer(256)
                raw.FPDFFont_GetBaseFontName(font, name, 256)
                path = raw.FPDFFont_GetGlyphPath(font, ord(char), ctypes.c_float(12.0))
                segments = [raw.FPDFGlyphPath_GetGlyphPathSegment(path, i)
                            for i in range(raw.FPDFGlyphPath_CountGlyphSegments(path) if path else 0)]
                curves = sum(raw.FPDFPathSegment_GetType(s) == raw.FPDF_SEGMENT_BEZIERTO for s in segments)
                found.append((number, name.value.decode("latin-1").split("+")[-1], curves))
    finally:
        document.close()
    return found


def test_libreoffice_sets_each_documents_bullets_from_its_own_faces_in_one_session(samples, tmp_path):
    """The English bullet (•) was an empty box: LibreOffice keeps the faces of every document it opened under their
    names, and the bilingual file's Noto Sans subset (no •) then set the English file. Converted one after the
    other in one LibreOffice, with no font installed, each file's bullets are round glyphs of its own faces."""
    if shutil.which("soffice") is None or shutil.which("pdffonts") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils is not installed; CI installs them")
    placeholder = tmp_path / "placeholder"
    _placeholder(placeholder)
    order = ["zh+en", "en", "zh"]  # the bilingual file first: its subsets hold the most, but not •
    pdfs = _convert([samples[lang] for lang in order], tmp_path / "session", [placeholder])
    ours = {TTFont(fontfiles.font_path(k))["name"].getDebugName(6) for k in fontfiles.FACES}
    for lang, pdf in zip(order, pdfs):
        parts = _parts(samples[lang])
        bullet = _bullet(parts)
        items = len(re.findall(r'<w:pStyle w:val="ListBullet"/>', parts["word/document.xml"].decode()))
        glyphs = _glyphs(pdf, bullet)
        assert items >= 5 and len(glyphs) == items, (lang, bullet, items, len(glyphs))
        tags = {name[-6:] for name in embed_names(parts)}
        for page, face, curves in glyphs:
            assert re.sub(r"[0-9A-F]{6}(?=-|$)", "", face) in ours, (lang, page, face)
            assert any(tag in face for tag in tags), (lang, page, face)  # this file's own subset
            assert curves > 0, f"{lang} p.{page}: {bullet!r} drawn as an empty box in {face}"
        assert _fonts(pdf) <= ours


def embed_names(parts: dict[str, bytes]) -> set[str]:
    """Return the names of the families the font table embeds."""
    return {family for family, _, _ in _embedded(parts)}

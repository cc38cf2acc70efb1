"""The fourth round of attacks (issue 14, after its list): an operator's environment, dates the format
accepts but a zip cannot hold, and characters that print differently in the two formats."""
from __future__ import annotations

import re
import zipfile

import pytest

from briefing.cli import main
from conftest import edit_minimal
from hostile_run import MINIMAL, clean, cli, snapshot

pytestmark = pytest.mark.timeout(300)


@pytest.mark.parametrize("value", ["abc", "-1", "1e30", "99999999999999", "\u00b2", "12 34", "253402300800"])
def test_a_malformed_source_date_epoch_is_refused_with_usage_before_anything_is_written(tmp_path, value):
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("build", str(region), "--out", str(out), "--format", "pdf", "--lang", "en").returncode == 0
    before = snapshot(out)
    run = cli("build", str(region), "--out", str(out), env_extra={"SOURCE_DATE_EPOCH": value})
    assert run.returncode == 2 and clean(run.stderr), run.stderr
    assert "error: SOURCE_DATE_EPOCH is " in run.stderr and "hint: unset it" in run.stderr, run.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize("value", ["0", " 1700000000 ", "4354819200", "253402300799"])
def test_a_source_date_epoch_the_zip_format_cannot_hold_still_builds(tmp_path, value):
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    run = cli("build", str(region), "--out", str(tmp_path / "out"), "--lang", "en", env_extra={"SOURCE_DATE_EPOCH": value})
    assert run.returncode == 0 and clean(run.stderr), run.stderr


@pytest.mark.parametrize("as_of, year", [("2150-01", "2150"), ("2200-12", "2200"), ("1905-01", "1905")])
def test_content_dated_beyond_the_zip_format_s_years_builds_and_keeps_its_date(tmp_path, capsys, as_of, year):
    text = MINIMAL.replace("as_of: 2023-05", f"as_of: {as_of}").replace("    date: 2023-05", f"    date: {as_of}")
    region = tmp_path / "region.yaml"
    region.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(region), "--out", str(out), "--lang", "en", "--format", "docx"]) == 0, \
        capsys.readouterr().err
    with zipfile.ZipFile(out / "minimal-en.docx") as z:
        core = z.read("docProps/core.xml").decode()
        years = {info.date_time[0] for info in z.infolist()}
    assert f">{year}-" in core and years <= set(range(1980, 2108)), (core, years)


@pytest.mark.parametrize("en, words", [
    ('"Manu\\u00adfacturing"', "U+00AD SOFT HYPHEN"),  # the PDF printed "Manu-facturing", Word "Manufacturing"
    ('"Manu\\u2060facturing"', "U+2060 WORD JOINER"),  # a gap in the PDF
    ('"Manu\\u200dfacturing"', "U+200D ZERO WIDTH JOINER"),
    ('"Manu\\u200bfacturing"', "U+200B ZERO WIDTH SPACE"),
    ('"Manufacturing\\u2028investment"', "U+2028 LINE SEPARATOR"),  # no space in Word, a gap in the PDF
    ('"Manufacturing\\u2029investment"', "U+2029 PARAGRAPH SEPARATOR"),
    ('"Manufacturing e' + "\\u0301" * 300 + '"', "more than 4 accents"),  # a tower over the page in Word
])
def test_characters_the_formats_print_differently_are_refused_with_their_place(tmp_path, capsys, en, words):
    text = edit_minimal("label: {zh: 制造业投资, en: Manufacturing investment}", "label: {zh: 制造业投资, en: %s}" % en)
    region = tmp_path / "region.yaml"
    region.write_text(text, encoding="utf-8")
    status = main(["build", str(region), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(r"region\.yaml:14:\d+: key_figures\[0\]\.label\.en: ", err) and words in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("en", ['"Cafe\\u0301"', '"Vie\\u0302\\u0323t"', '"naïve café"'])
def test_accents_as_languages_write_them_are_accepted(tmp_path, capsys, en):
    text = edit_minimal("label: {zh: 制造业投资, en: Manufacturing investment}", "label: {zh: 制造业投资, en: %s}" % en)
    region = tmp_path / "region.yaml"
    region.write_text(text, encoding="utf-8")
    assert main(["check", str(region)]) == 0, capsys.readouterr().err


def _patched_font(path, table: bytes, at: int, fmt: str, value: int | None = None, loca_junk: bool = False) -> None:
    import struct

    from briefing import fonts

    data = bytearray(fonts.font_path("sans").read_bytes())
    tables = {}
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = offset
    if loca_junk:
        long = struct.unpack_from(">h", data, tables[b"head"] + 50)[0]
        for k in range(10, 60):
            struct.pack_into(">I" if long else ">H", data, tables[b"loca"] + (4 if long else 2) * k,
                             0x7FFFFFFF if long else 0xFFFF)
    else:
        struct.pack_into(fmt, data, tables[table] + at, value)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("patch, words", [
    ({"table": b"head", "at": 0, "fmt": ">I", "loca_junk": True}, "glyph locations point beyond its outlines"),
    ({"table": b"head", "at": 18, "fmt": ">H", "value": 1}, "1 units per em"),  # every glyph a thousand ems wide
    ({"table": b"head", "at": 18, "fmt": ">H", "value": 0}, "0 units per em"),  # was a division by zero
    ({"table": b"maxp", "at": 4, "fmt": ">H", "value": 65535}, "65535 glyphs"),
    ({"table": b"hhea", "at": 34, "fmt": ">H", "value": 65535}, "metrics table is shorter"),
])
def test_a_brand_font_whose_glyph_tables_are_damaged_is_named_before_the_build(tmp_path, capsys, patch, words):
    """ReportLab read these tables only while subsetting, in the middle of a build: "internal error: TTFError"."""
    import shutil

    from hostile_run import ROOT

    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    _patched_font(brand / "mine.ttf", **patch)
    yml = brand / "_brand.yml"
    text = yml.read_text(encoding="utf-8").replace(
        "typography:\n", "typography:\n  fonts:\n    - {key: mine, path: mine.ttf, family: Mine}\n", 1)
    yml.write_text(text.replace("    latin: serif\n", "    latin: mine\n"), encoding="utf-8")
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    status = main(["build", str(region), "--brand", str(brand), "--out", str(tmp_path / "out"), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(r"_brand\.yml:\d+:\d+: typography\.fonts\[0\]\.path: .*mine\.ttf is damaged: ", err) and words in err, err
    assert not (tmp_path / "out").exists()


def _png_with(extra: list[tuple[bytes, bytes]]) -> bytes:
    import io
    import struct
    import zlib

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (11, 79, 138)).save(buffer, "PNG")
    data = buffer.getvalue()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return data[:33] + b"".join(chunk(k, b) for k, b in extra) + data[33:]


def _brand_with_logo(tmp_path, data: bytes):
    import shutil

    from hostile_run import ROOT

    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    (brand / "logo.png").write_bytes(data)
    return brand


def test_a_logo_s_metadata_does_not_travel_in_the_word_files(tmp_path, capsys):
    """The Word file embedded the logo byte for byte: its text, EXIF (where it was taken) and XMP with it."""
    import io

    from PIL import Image

    secret = [(b"tEXt", b"Author\0Jane Doe, /home/jane/secret/plans"), (b"eXIf", b"MM\0*GPS 30.28N 120.15E"),
              (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>history</x:xmpmeta>"), (b"tIME", b"\x07\xe7\x05\x01\0\0\0")]
    logo = _png_with(secret)
    brand = _brand_with_logo(tmp_path, logo)
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(region), "--brand", str(brand), "--out", str(out), "--lang", "en"]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(out / "minimal-en.docx") as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    whole = b"".join(media)
    assert b"Jane" not in whole and b"GPS" not in whole and b"xmpmeta" not in whole and b"tIME" not in whole
    embedded = [m for m in media if Image.open(io.BytesIO(m)).size == (120, 80)]
    assert embedded and all(Image.open(io.BytesIO(m)).tobytes() == Image.open(io.BytesIO(logo)).tobytes()
                            for m in embedded)


@pytest.mark.parametrize("count", [300, 20000])
def test_a_logo_of_thousands_of_chunks_is_refused_quickly(tmp_path, capsys, count):
    brand = _brand_with_logo(tmp_path, _png_with([(b"tEXt", b"k\0v")] * count))
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    status = main(["build", str(region), "--brand", str(brand), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(rf"_brand\.yml:\d+:\d+: logo\.images\.tide\.path: .* holds {count:,} chunks besides its picture",
                     err), err


def _reference_with(tmp_path, change):
    import shutil

    from hostile_run import ROOT

    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    source = brand / "reference.docx"
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/styles.xml"] = change(parts["word/styles.xml"])
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return brand


@pytest.mark.parametrize("change, words", [
    (lambda s: re.sub(rb'<w:sz w:val="\d+"/>', b'<w:sz w:val="big"/>', s), "a font size (half points) of 'big'"),
    (lambda s: re.sub(rb'<w:sz w:val="\d+"/>', b'<w:sz w:val="-5"/>', s), "of '-5'"),  # was an internal error / built
    (lambda s: re.sub(rb'<w:sz w:val="\d+"/>', b'<w:sz w:val="99999999"/>', s), "of '99999999'"),
    (lambda s: re.sub(rb'w:line="\d+"', b'w:line="999999999"', s), "the line spacing of '999999999'"),
    (lambda s: s.replace(b"</w:styles>", b"".join(b'<w:style w:type="paragraph" w:styleId="S%d"/>' % i
                                                  for i in range(6000)) + b"</w:styles>"), "styles; at most 5,000"),
])
def test_a_reference_docx_with_values_word_would_not_take_is_refused_up_front(tmp_path, capsys, change, words):
    brand = _reference_with(tmp_path, change)
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(region), "--brand", str(brand), "--out", str(out), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert "reference.docx: not a usable reference document: " in err and words in err, err
    assert not out.exists()


def test_a_logo_that_is_a_link_loop_is_one_message(tmp_path, capsys):
    """It was also reported as "this brand has no PNG": two messages for one problem."""
    brand = _brand_with_logo(tmp_path, b"")
    (brand / "logo.png").unlink()
    (brand / "logo.png").symlink_to("logo.png")
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    status = main(["build", str(region), "--brand", str(brand), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert "link loop" in err and "has none" not in err and "1 problem found" in err, err


@pytest.mark.parametrize("key, value, at", [
    ("sections", "[industries, transport, industries]", "sections[2]"),  # the chapter twice, its Word bookmark twice
    ("focus", "[biomedicine, biomedicine]", "focus[1]"),
    ("languages", "[en, en]", "languages[1]"),
])
def test_an_edition_naming_a_thing_twice_is_refused_at_the_second(tmp_path, capsys, key, value, at):
    (tmp_path / "region.yaml").write_text(MINIMAL, encoding="utf-8")
    fields = {"sections": "[industries]", "focus": "[]", "languages": "[zh, en]", key: value}
    edition = tmp_path / "visit.yaml"
    edition.write_text("format: 1\nedition:\n  id: visit\n  region: region.yaml\n  audience: {zh: 甲, en: guests}\n"
                       "  date: 2023-06\n" + "".join(f"  {k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
    status = main(["build", str(edition), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(rf"visit\.yaml:\d+:\d+: edition\.{re.escape(at)}: '\w+' is named twice", err), err

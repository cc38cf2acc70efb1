"""Tests for the brand's reference.docx: written from the brand, restyled in Word, used by the Word renderer."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from briefing.brand.file import TEMPLATES, load_brand
from briefing.cli import main
from briefing.render.docx import render
from briefing.render.docx.embed import family_of
from briefing.build.reference_doc import write_reference
from briefing.tree import Document, Heading, Meta, Paragraph, Span

from conftest import SAMPLE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
# every named style the Word renderer uses, as Word stores the names
NAMED = {
    "paragraph": ["Normal", "Title", "Subtitle", "heading 1", "heading 2", "Body Text", "Lead", "Note", "caption",
                  "List Bullet", "TOC Heading", "toc 1", "toc 2", "header", "footer", "Translation", "Table Text",
                  "Figure Value", "Figure Label", "Figure Change", "Figure Period", "Figure", "Cover Kicker",
                  "Cover Line"],
    "character": ["Second Language"],
    "table": ["Briefing Table", "Figure Cards"],
}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def read(path: Path, part: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def by_name(styles, name: str):
    """Return the w:style named `name` (case as Word ignores it), or None."""
    for style in styles.findall("w:style", NS):
        if style.find("w:name", NS).get(w("val")).lower() == name.lower():
            return style
    return None


def rewrite(path: Path, part: str, change) -> None:
    """Change one XML part of a .docx in place, as Word would on saving: `change(root)`."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in items:
            if info.filename == part:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, data)


@pytest.fixture
def brand_copy(tmp_path):
    """Return a copy of the qiantang brand folder (with its reference.docx) to restyle."""
    folder = tmp_path / "qiantang"  # the specimen names its folder
    shutil.copytree(TEMPLATES / "qiantang", folder)
    return folder


def build(brand: Path | str, out: Path, langs: str = "zh,en") -> dict[str, Path]:
    assert main(["build", str(SAMPLE), "--brand", str(brand), "--format", "docx", "--lang", langs,
                 "--out", str(out)]) == 0
    return {lang: out / f"qiantang-{lang}.docx" for lang in langs.split(",")}


def canon(node) -> tuple:
    return node.tag, tuple(sorted(node.attrib.items())), tuple(sorted(canon(c) for c in node))


# -- writing the reference -----------------------------------------------------------------


def test_reference_doc_writes_every_named_style_and_a_sample_of_each(tmp_path, capsys):
    out = tmp_path / "reference.docx"
    assert main(["reference-doc", "--brand", "ink", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    styles = read(out, "word/styles.xml")
    for kind, names in NAMED.items():
        for name in names:
            style = by_name(styles, name)
            assert style is not None and style.get(w("type")) == kind, name
    used = {p.get(w("val")) for p in read(out, "word/document.xml").iter(w("pStyle"))}
    used |= {p.get(w("val")) for p in read(out, "word/document.xml").iter(w("rStyle"))}
    used |= {p.get(w("val")) for p in read(out, "word/document.xml").iter(w("tblStyle"))}
    with zipfile.ZipFile(out) as z:
        furniture = [etree.fromstring(z.read(n)) for n in z.namelist() if n.startswith(("word/header", "word/footer"))
                     and n.endswith(".xml")]
    used |= {p.get(w("val")) for part in furniture for p in part.iter(w("pStyle"))}
    for kind, names in NAMED.items():
        for name in names:
            if name != "Normal":
                assert by_name(styles, name).get(w("styleId")) in used, f"no sample of {name}"
    brand = load_brand("ink")
    section = docx.Document(str(out)).sections[-1]
    assert section.page_width.pt == pytest.approx(brand.page[0], abs=0.1)  # US Letter
    assert section.left_margin.pt == pytest.approx(brand.margins["left"], abs=0.1)
    bullet = by_name(styles, "List Bullet").find("w:pPr/w:numPr/w:numId", NS).get(w("val"))
    numbering = read(out, "word/numbering.xml")
    abstract = numbering.find(f"w:num[@w:numId='{bullet}']/w:abstractNumId", NS).get(w("val"))
    lvl = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl", NS)
    assert lvl.find("w:numFmt", NS).get(w("val")) == "bullet"


@pytest.mark.parametrize("name", ["qiantang", "ink"])
def test_the_sample_brands_references_are_current(tmp_path, name):
    fresh = tmp_path / "reference.docx"
    write_reference(load_brand(name), fresh)
    committed = TEMPLATES / name / "reference.docx"
    assert committed.read_bytes() == fresh.read_bytes(), \
        f"templates/{name}/reference.docx is out of date: run briefing reference-doc --brand {name} --force"


def test_a_reference_edited_in_word_is_replaced_only_with_force(brand_copy, capsys):
    ref = brand_copy / "reference.docx"
    assert main(["reference-doc", "--brand", str(brand_copy)]) == 0
    assert "up to date" in capsys.readouterr().out
    black = lambda root: by_name(root, "Title").find("w:rPr/w:color", NS).set(w("val"), "000000")  # noqa: E731
    rewrite(ref, "word/styles.xml", black)  # restyled in Word
    edited = ref.read_bytes()
    assert main(["reference-doc", "--brand", str(brand_copy)]) == 2
    err = capsys.readouterr().err
    assert "exists and differs" in err and "--force" in err
    assert ref.read_bytes() == edited
    assert main(["reference-doc", "--brand", str(brand_copy), "--force"]) == 0
    assert ref.read_bytes() == (TEMPLATES / "qiantang" / "reference.docx").read_bytes()


# -- the renderer takes its styles from the reference -------------------------------------------


def test_a_restyle_in_the_reference_shows_in_the_output(brand_copy, tmp_path):
    def restyle(root):  # Heading 1 in red at 26 pt, as a designer would set it in Word
        rpr = by_name(root, "heading 1").find("w:rPr", NS)
        rpr.find("w:color", NS).set(w("val"), "C8372D")
        for tag in ("sz", "szCs"):
            rpr.find(f"w:{tag}", NS).set(w("val"), "52")

    rewrite(brand_copy / "reference.docx", "word/styles.xml", restyle)
    for lang, path in build(brand_copy, tmp_path / "out").items():
        styles = read(path, "word/styles.xml")
        heading = by_name(styles, "heading 1")
        assert heading.find("w:rPr/w:color", NS).get(w("val")) == "C8372D", lang
        assert heading.find("w:rPr/w:sz", NS).get(w("val")) == "52", lang
        word = docx.Document(str(path))
        headings = [p for p in word.paragraphs if p.style.name == "Heading 1"]
        assert len(headings) >= 5
        for paragraph in headings:  # the runs leave colour and size to the style
            for run in paragraph._p.iter(w("r")):
                assert run.find("w:rPr/w:color", NS) is None and run.find("w:rPr/w:sz", NS) is None


def test_styles_are_found_by_name_whatever_their_ids(brand_copy, tmp_path):
    def chinese_word(root):  # a Word in Chinese saves "heading 1" under the id "1"
        for node in root.iter(w("style"), w("basedOn"), w("next"), w("link")):
            for key in (w("styleId"), w("val")):
                if node.get(key) == "Heading1":
                    node.set(key, "1")

    rewrite(brand_copy / "reference.docx", "word/styles.xml", chinese_word)
    path = build(brand_copy, tmp_path / "out", "zh")["zh"]
    ids = [p.get(w("val")) for p in read(path, "word/document.xml").iter(w("pStyle"))]
    assert "1" in ids and "Heading1" not in ids
    styles = read(path, "word/styles.xml")
    assert by_name(styles, "heading 1").get(w("styleId")) == "1"
    assert len([s for s in styles.findall("w:style", NS) if s.find("w:name", NS).get(w("val")) == "heading 1"]) == 1


def test_an_untouched_reference_gives_the_brands_own_styles(tmp_path):
    plain = tmp_path / "plain"  # the same brand without its reference.docx
    plain.mkdir()
    for name in ("_brand.yml", "logo.png", "logo.svg"):
        shutil.copy(TEMPLATES / "qiantang" / name, plain / name)
    with_ref = build("qiantang", tmp_path / "ref", "zh,en,zh+en")
    without = build(plain, tmp_path / "plain-out", "zh,en,zh+en")
    for lang in with_ref:
        a, b = read(with_ref[lang], "word/styles.xml"), read(without[lang], "word/styles.xml")
        for kind, names in NAMED.items():
            for name in names:
                assert canon(by_name(a, name)) == canon(by_name(b, name)), (lang, name)
        assert canon(a.find("w:docDefaults", NS)) == canon(b.find("w:docDefaults", NS)), lang
        assert canon(read(with_ref[lang], "word/numbering.xml")) == canon(read(without[lang], "word/numbering.xml"))
        def texts(path):  # pictures aside, whose ids depend on the parts a package already has
            return [canon(r) for r in read(path, "word/document.xml").iter(w("r")) if r.find("w:drawing", NS) is None]

        assert texts(with_ref[lang]) == texts(without[lang]), lang


def test_without_a_reference_the_styles_come_from_the_brand(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("_brand.yml", "logo.png", "logo.svg"):
        shutil.copy(TEMPLATES / "ink" / name, plain / name)
    brand = load_brand(plain / "_brand.yml")
    assert brand.reference is None
    paths = build(plain, tmp_path / "out")
    for lang, path in paths.items():
        styles = read(path, "word/styles.xml")
        heading = by_name(styles, "heading 1")
        assert heading.find("w:rPr/w:color", NS).get(w("val")) == "23262B"  # ink's charcoal
        fonts = heading.find("w:rPr/w:rFonts", NS)
        assert family_of(fonts.get(w("eastAsia"))) == "Noto Serif CJK SC"  # ink's headings are Song
        assert family_of(fonts.get(w("ascii"))) == ("Noto Serif CJK SC" if lang == "zh" else "Noto Serif")
        body = by_name(styles, "Body Text").find("w:pPr/w:jc", NS).get(w("val"))
        assert body == ("both" if lang == "zh" else "left")


def test_chinese_conventions_yield_to_a_designers_choice(brand_copy, tmp_path):
    def restyle(root):
        fonts = by_name(root, "heading 1").find("w:rPr/w:rFonts", NS)
        fonts.set(w("ascii"), "DejaVu Sans")  # a Latin face of the designer's own
        fonts.set(w("hAnsi"), "DejaVu Sans")
        fonts = by_name(root, "heading 2").find("w:rPr/w:rFonts", NS)
        fonts.set(w("eastAsia"), "Noto Serif CJK SC")  # a Chinese face of the designer's own
        by_name(root, "Body Text").find("w:pPr/w:jc", NS).set(w("val"), "center")

    rewrite(brand_copy / "reference.docx", "word/styles.xml", restyle)
    paths = build(brand_copy, tmp_path / "out")
    for lang, path in paths.items():
        styles = read(path, "word/styles.xml")
        h1 = by_name(styles, "heading 1").find("w:rPr/w:rFonts", NS)
        assert (h1.get(w("ascii")), family_of(h1.get(w("eastAsia")))) == ("DejaVu Sans", "Noto Sans CJK SC"), lang
        h2 = by_name(styles, "heading 2").find("w:rPr/w:rFonts", NS)
        # Chinese sets Latin letters in the style's Chinese face, the designer's; English in the Latin face
        assert family_of(h2.get(w("ascii"))) == ("Noto Serif CJK SC" if lang == "zh" else "Noto Sans"), lang
        assert by_name(styles, "Body Text").find("w:pPr/w:jc", NS).get(w("val")) == "center", lang
        normal = by_name(styles, "Normal").find("w:rPr/w:rFonts", NS)  # untouched: the language's convention
        assert family_of(normal.get(w("ascii"))) == ("Noto Serif CJK SC" if lang == "zh" else "Noto Serif"), lang


def test_the_page_comes_from_the_reference(brand_copy, tmp_path):
    def margins(root):
        sect = root.find("w:body/w:sectPr", NS)
        sect.find("w:pgMar", NS).set(w("left"), "2268")  # 40 mm
        sect.find("w:pgMar", NS).set(w("right"), "2268")

    rewrite(brand_copy / "reference.docx", "word/document.xml", margins)
    path = build(brand_copy, tmp_path / "out", "en")["en"]
    word = docx.Document(str(path))
    body = word.sections[-2]  # issue 9: the last section is the back cover
    assert body.left_margin.twips == 2268 and body.right_margin.twips == 2268
    text_width = body.page_width.twips - 2 * 2268
    grid = [int(g.get(w("w"))) for g in word.tables[-2]._tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) == pytest.approx(text_width, abs=len(grid))
    assert word.sections[0].left_margin == 0 and word.sections[-1].left_margin == 0  # the covers still bleed


def test_a_reference_without_our_styles_gets_them_from_the_brand(brand_copy, tmp_path):
    docx.Document().save(str(brand_copy / "reference.docx"))  # python-docx's template: Word's built-in styles
    builtin = read(brand_copy / "reference.docx", "word/styles.xml")
    before = by_name(builtin, "heading 1").find("w:rPr/w:color", NS).get(w("val"))
    path = build(brand_copy, tmp_path / "out", "zh")["zh"]
    styles = read(path, "word/styles.xml")
    for kind, names in NAMED.items():
        for name in names:
            assert by_name(styles, name) is not None, name
    assert by_name(styles, "heading 1").find("w:rPr/w:color", NS).get(w("val")) == before  # kept, not replaced
    assert by_name(styles, "Figure Value").find("w:rPr/w:color", NS).get(w("val")) == "0B4F8A"  # added from the brand
    assert "钱塘" in "".join(t.text or "" for t in read(path, "word/document.xml").iter(w("t")))


def test_libreoffice_takes_east_asian_faces_from_the_styles(brand_copy, tmp_path):
    """Runs name no face; LibreOffice must still set Chinese in the faces the styles name, not a fallback."""
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdffonts") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdffonts) is not installed; CI installs them")

    def restyle(root):  # headings in the Song face instead of the Hei: only the styles say so
        by_name(root, "heading 1").find("w:rPr/w:rFonts", NS).set(w("eastAsia"), "Noto Serif CJK SC")

    rewrite(brand_copy / "reference.docx", "word/styles.xml", restyle)
    meta = Meta("园区", "园区", "投资", [], "zh-CN")
    doc = Document("zh", meta, "园区", "第 {page} 页", [
        Heading(1, "园区概况", "overview"),
        Paragraph((Span("苏州工业园区于1994年经国务院批准设立，行政区划面积278平方公里。"),)),
    ])
    path = tmp_path / "faces.docx"
    render(doc, load_brand(brand_copy / "_brand.yml"), path)
    assert all(set(f.attrib) <= {w("hint")} for f in read(path, "word/document.xml").iter(w("rFonts")))
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "faces.pdf")], capture_output=True, text=True,
                           check=True).stdout
    names = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()]
    # the bold heading in the Song face the style names, the body in the Song face of Body Text; nothing else CJK
    assert any("SerifCJK" in n and "Bold" in n for n in names), names
    assert any("SerifCJK" in n and "Regular" in n for n in names), names
    assert not [n for n in names if "Fallback" in n or "Droid" in n], names


def test_a_reference_that_is_not_a_word_document_is_refused_with_a_hint(brand_copy, tmp_path, capsys):
    (brand_copy / "reference.docx").write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["build", str(SAMPLE), "--brand", str(brand_copy), "--format", "docx", "--lang", "zh",
                 "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "reference.docx: not a Word document" in err and "briefing reference-doc --brand qiantang --force" in err
    assert not (tmp_path / "out" / "qiantang-zh.docx").exists()


def test_a_sparse_reference_still_builds(brand_copy, tmp_path):
    """A reference without lists, a font table or page settings: the brand fills in what it lacks."""
    import re

    ref = brand_copy / "reference.docx"
    with zipfile.ZipFile(ref) as z:
        items = {n: z.read(n) for n in z.namelist() if n not in ("word/numbering.xml", "word/fontTable.xml")}
    drop = rb"<(Relationship|Override) [^>]*(numbering|fontTable)[^>]*/>"
    items["word/_rels/document.xml.rels"] = re.sub(drop, b"", items["word/_rels/document.xml.rels"])
    items["[Content_Types].xml"] = re.sub(drop, b"", items["[Content_Types].xml"])
    items["word/document.xml"] = re.sub(rb"<w:sectPr.*</w:sectPr>", b"", items["word/document.xml"], flags=re.S)
    with zipfile.ZipFile(ref, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)
    path = build(brand_copy, tmp_path / "out", "zh")["zh"]
    styles = read(path, "word/styles.xml")
    num_id = by_name(styles, "List Bullet").find("w:pPr/w:numPr/w:numId", NS).get(w("val"))
    numbering = read(path, "word/numbering.xml")
    abstract = numbering.find(f"w:num[@w:numId='{num_id}']/w:abstractNumId", NS).get(w("val"))
    lvl = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl", NS)
    assert lvl.find("w:numFmt", NS).get(w("val")) == "bullet"
    section = docx.Document(str(path)).sections[-1]
    assert section.page_width.pt == pytest.approx(load_brand("qiantang").page[0], abs=0.1)

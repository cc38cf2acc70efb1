"""Hostile input: each file either builds correctly or is refused with its location.

Never a traceback, never a hang (each test has a time bound in the runner, via
pytest-timeout), never a half-written output, never code run.
"""
from __future__ import annotations

import html
import os
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.cli import main
from conftest import edit_minimal, FIXTURES, SAMPLE

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
LOCATED = re.compile(r"^\S+\.yaml:\d+:\d+: ", re.M)


edit = edit_minimal


def run(tmp_path: Path, content: str | bytes | None, capsys, name: str = "region.yaml", *extra: str):
    """Build `content` (written to `name`) into tmp_path/out; return (exit status, stderr, out folder)."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8", newline="")
    out = tmp_path / "out"
    status = main(["build", str(path), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return status, err, out


def refused(tmp_path: Path, content, capsys, *words: str, name: str = "region.yaml") -> str:
    """Assert that `content` is refused with a file:line:col location and nothing is written; return stderr."""
    status, err, out = run(tmp_path, content, capsys, name)
    assert status == 1, err
    assert LOCATED.search(err), err
    assert not out.exists() or not list(out.iterdir())
    for word in words:
        assert word in err, err
    return err


def built(tmp_path: Path, content, capsys, *extra: str) -> Path:
    """Assert that `content` builds (every format and language by default); return the output folder."""
    status, err, out = run(tmp_path, content, capsys, "region.yaml", *extra)
    assert status == 0, err
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left behind
    return out


def pdf_text(path: Path) -> str:
    """Return the text of a PDF without whitespace, each page's running header and footer cut off."""
    pages = [re.sub(r"\s", "", page.extract_text()) for page in PdfReader(str(path)).pages]
    n = len(pages)
    return "".join(re.sub(rf"^.*?(第\d+页，共{n}页|Page\d+of{n})", "", page, count=1) for page in pages)


def docx_text(path: Path) -> str:
    """Return the text of a .docx (body, tables, headers) without whitespace."""
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    return re.sub(r"\s", "", html.unescape("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))))


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


# -- YAML itself ----------------------------------------------------------------------------


@pytest.mark.timeout(30)
def test_billion_laughs_under_an_unknown_key_is_refused(tmp_path, capsys):
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    refused(tmp_path, "\n".join(lines) + "\n" + MINIMAL, capsys, "unknown key 'lol0'")


@pytest.mark.timeout(60)
def test_an_alias_bomb_shaped_like_content_is_refused(tmp_path, capsys):
    n = 600
    bomb = ("x-text: &t {zh: 哈, en: ha}\n"
            "x-item: &i {id: item, name: *t, highlights: [" + ", ".join(["*t"] * n) + "]}\n"
            "x-section: &s {id: more, title: *t, summary: *t, items: [" + ", ".join(["*i"] * n) + "]}\n")
    text = bomb + MINIMAL + "sections: [" + ", ".join(["*s"] * n) + "]\n"
    refused(tmp_path, text, capsys, "too large")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("shape", ["flow", "block", "mapping"])
def test_very_deep_nesting_is_refused(tmp_path, capsys, shape):
    if shape == "flow":
        deep = "contacts: " + "[" * 50_000 + "]" * 50_000 + "\n"
    elif shape == "block":
        deep = "contacts:\n" + "".join("  " * i + "-\n" for i in range(1, 1200))
    else:
        deep = "contacts:\n" + "".join("  " * i + "a:\n" for i in range(1, 1200))
    refused(tmp_path, MINIMAL + deep, capsys, "deep")


@pytest.mark.timeout(30)
@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/object/apply:builtins.open ['{marker}', 'w']",
    "!!binary aGVsbG8=",
    "!custom {{zh: 甲, en: A}}",
    "!!set {{a, b}}",
])
def test_tags_are_refused_and_never_run(tmp_path, capsys, tagged):
    marker = tmp_path / "pwned"
    text = edit("summary: {zh: 一个示例。, en: An example.}", "summary: " + tagged.format(marker=marker))
    refused(tmp_path, text, capsys, "region.summary")
    assert not marker.exists()


@pytest.mark.timeout(30)
def test_duplicate_keys_are_refused(tmp_path, capsys):
    text = edit("as_of: 2023-05", "as_of: 2023-05\nas_of: 2023-06",
                "name: {zh: 示例新区, en: Example New Area}", "name: {zh: 示例新区, zh: 另一个, en: Example New Area}")
    err = refused(tmp_path, text, capsys)
    assert re.search(r"region\.yaml:5:1: as_of: the key 'as_of' is given twice", err)
    assert re.search(r"region\.yaml:11:\d+: region\.name\.zh: the zh text is given twice", err)


# -- strings and characters -------------------------------------------------------------


@pytest.mark.timeout(30)
def test_a_one_megabyte_string_is_refused_with_its_place(tmp_path, capsys):
    text = edit("summary: {zh: 产业。, en: Industries.}", "summary: {zh: 产业。, en: '" + "word " * 200_000 + "'}")
    err = refused(tmp_path, text, capsys, "too long to print")
    assert re.search(r"region\.yaml:35:26: industries\.summary\.en: is too long to print: 1,000,000 characters", err)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x9b", "\ufffe"])
def test_control_characters_are_refused_with_their_place(tmp_path, capsys, char):
    text = edit("summary: {zh: 一个示例。, en: An example.}", f"summary: {{zh: 一个示例。, en: An{char} example.}}")
    err = refused(tmp_path, text, capsys, f"U+{ord(char):04X}")
    assert "region.yaml:11:30:" in err, err


@pytest.mark.timeout(60)
def test_windows_line_endings_and_a_byte_order_mark_are_accepted(tmp_path, capsys):
    crlf = MINIMAL.replace("\n", "\r\n")
    out = built(tmp_path, "\ufeff" + crlf, capsys, "--format", "pdf", "--lang", "en")
    assert "AnExample.".lower() in pdf_text(out / "minimal-en.pdf").lower()
    # problems in such files are located as in any other
    typo = crlf.replace("summary: {zh: 一个示例。", "sumary: {zh: 一个示例。")
    (tmp_path / "typo.yaml").write_bytes(typo.encode("utf-8"))
    assert main(["check", str(tmp_path / "typo.yaml")]) == 1
    assert re.search(r"typo\.yaml:11:3: region\.sumary: unknown key 'sumary'", capsys.readouterr().err)


@pytest.mark.timeout(60)
def test_old_mac_line_endings_are_accepted(tmp_path, capsys):
    built(tmp_path, MINIMAL.replace("\n", "\r"), capsys, "--format", "docx", "--lang", "zh")


@pytest.mark.timeout(60)
def test_text_that_looks_like_markup_is_printed_literally(tmp_path, capsys):
    markup = "<b>bold</b> &amp; <para> <font size=40>big</font> &#x41; <![CDATA[x]]> %s {0} \\n"
    text = edit("summary: {zh: 一个示例。, en: An example.}",
                "summary: {zh: '<b>粗体</b> &amp; <para>', en: '" + markup + "'}")
    out = built(tmp_path, text, capsys)
    for lang, expected in (("zh", "<b>粗体</b>&amp;<para>"), ("en", markup)):
        assert flat(expected) in pdf_text(out / f"minimal-{lang}.pdf")
        assert flat(expected) in docx_text(out / f"minimal-{lang}.docx")


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text, code", [
    ("火箭 \U0001F680", "U+1F680"),  # emoji
    ("\U0001F1E8\U0001F1F3", "U+1F1E8"),  # a flag: two regional indicators
    ("\u0645\u0631\u062d\u0628\u0627", "U+0645"),  # Arabic
    ("\u0928\u092e\u0938\u094d\u0924\u0947", "U+0928"),  # Devanagari
    ("\U00020000", "U+20000"),  # a CJK character outside the fonts' set
])
def test_characters_the_fonts_lack_are_refused_with_their_place(tmp_path, capsys, text, code):
    source = edit("summary: {zh: 一个示例。, en: An example.}", f"summary: {{zh: 一个示例。, en: \"{text}\"}}")
    err = refused(tmp_path, source, capsys, code)
    assert re.search(r"region\.yaml:11:\d+: region\.summary\.en: the fonts have no glyph for", err)


# -- long and many --------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_a_paragraph_longer_than_a_page_breaks_across_pages(tmp_path, capsys):
    zh = "".join(f"第{i}句话讲述钱塘新区的产业。" for i in range(300))
    en = " ".join(f"Sentence {i} tells of the industries of Qiantang." for i in range(300))
    out = built(tmp_path, edit("summary: {zh: 产业。, en: Industries.}", f"summary:\n    zh: {zh}\n    en: {en}"),
                capsys, "--format", "pdf")
    for lang, text in (("zh", zh), ("en", en)):
        reader = PdfReader(str(out / f"minimal-{lang}.pdf"))
        assert len(reader.pages) >= 9
        assert flat(text) in pdf_text(out / f"minimal-{lang}.pdf")


@pytest.mark.timeout(60)
def test_a_table_cell_longer_than_a_page_is_refused_from_content(tmp_path, capsys):
    label = "制造业投资总额" * 300  # a figure's label: set in a figure card and a table cell
    refused(tmp_path, edit("label: {zh: 制造业投资, en: Manufacturing investment}", f"label: {{zh: {label}, en: M}}"),
            capsys, "key_figures[0].label.zh: is too long to print")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_table_cell_longer_than_a_page_is_set_across_pages(tmp_path, fmt):
    from briefing.brand import default_brand
    from briefing.render.registry import renderer
    from briefing.tree import Document, Heading, Meta, Span, Table

    long = "".join(f"第{i}句单元格里的长文字。" for i in range(700))
    rows = [[(Span("前一行"),), (Span("1"),)], [(Span(long),), (Span("二"),)], [(Span("后一行"),), (Span("3"),)]]
    doc = Document("zh", Meta("表", "作者", "主题", [], "zh-CN"), "页眉", "第 {page} 页，共 {pages} 页",
                   [Heading(1, "一张表", "table"), Table(["指标", "数值"], rows, [3, 1])])
    path = tmp_path / f"table.{fmt}"
    pages = renderer(fmt)(doc, default_brand(), path)
    if fmt == "pdf":
        assert pages >= 3
        text = pdf_text(path).replace("指标数值", "").replace("二", "")  # the header row repeats on each page
        assert "前一行1" + flat(long) in text and "后一行3" in text
    else:
        assert flat(long) in docx_text(path)


@pytest.mark.timeout(120)
def test_two_hundred_bullets_and_fifty_clusters_build(tmp_path, capsys):
    bullets = "".join(f"    - {{zh: 第{i}条要点, en: Point number {i}}}\n" for i in range(200))
    clusters = "".join(f"    - id: cluster-{i}\n      name: {{zh: 产业集群{i}号, en: Cluster number {i}}}\n"
                       f"      summary: {{zh: 第{i}个产业集群。, en: The cluster numbered {i}.}}\n" for i in range(50))
    text = edit("  summary: {zh: 产业。, en: Industries.}\n  clusters:\n",
                "  summary: {zh: 产业。, en: Industries.}\n  highlights:\n" + bullets + "  clusters:\n" + clusters)
    out = built(tmp_path, text, capsys)
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        zh, en = read(out / f"minimal-zh.{fmt}"), read(out / f"minimal-en.{fmt}")
        assert all(f"第{i}条要点" in zh and f"Pointnumber{i}" in en for i in range(200))
        assert all(f"产业集群{i}号" in zh and f"Clusternumber{i}" in en for i in range(50))


@pytest.mark.timeout(60)
def test_long_unbroken_words_and_addresses_build(tmp_path, capsys):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 8
    url = "https://example.com/" + "a" * 900
    text = edit("name: {zh: 生物医药, en: Biomedicine}", f"name: {{zh: 生物医药, en: {word}}}",
                "    date: 2023-05\n", f"    date: 2023-05\n    url: {url}\n")
    out = built(tmp_path, text, capsys, "--lang", "en")
    assert word in pdf_text(out / "minimal-en.pdf") and url in pdf_text(out / "minimal-en.pdf")


# -- files ----------------------------------------------------------------------------------


@pytest.mark.timeout(30)
@pytest.mark.parametrize("content, words", [
    (MINIMAL.encode("gbk"), "is not UTF-8 text"),
    (MINIMAL.encode("utf-16"), "is not UTF-8 text"),
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"# only a comment\n", "the file is empty"),
    (b"just a sentence\n", "expected a region file"),
    (bytes(range(256)) * 4, "is not UTF-8 text"),
])
def test_unreadable_files_are_refused_with_a_location(tmp_path, capsys, content, words):
    refused(tmp_path, content, capsys, words)


@pytest.mark.timeout(30)
def test_a_folder_or_a_missing_file_is_refused(tmp_path, capsys):
    (tmp_path / "folder.yaml").mkdir()
    status, err, out = run(tmp_path, None, capsys, "folder.yaml")
    assert status == 1 and "folder.yaml: is a folder, not a content file" in err and not out.exists()
    status, err, out = run(tmp_path, None, capsys, "missing.yaml")
    assert status == 1 and "missing.yaml: no such file" in err and not out.exists()


@pytest.mark.timeout(60)
def test_an_output_folder_that_cannot_be_written_is_reported(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    for out in (blocker, blocker / "below"):
        assert main(["build", str(SAMPLE), "--format", "pdf", "--lang", "en", "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert "cannot write" in err and "Traceback" not in err and "internal error" not in err
    assert blocker.read_text() == "in the way"


@pytest.mark.timeout(60)
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write to read-only folders")
def test_a_read_only_output_folder_is_reported(tmp_path, capsys):
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["build", str(SAMPLE), "--format", "pdf", "--lang", "en", "--out", str(out)]) == 1
        assert "cannot write" in capsys.readouterr().err
    finally:
        out.chmod(0o755)


@pytest.mark.timeout(60)
def test_a_build_failing_half_way_leaves_no_half_written_file(tmp_path, capsys, monkeypatch):
    import briefing.render.registry as registry

    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "minimal-en.pdf"
    earlier.write_bytes(b"%PDF the earlier, good briefing")

    def renderer(fmt):
        def render(doc, brand, path):
            Path(path).write_bytes(b"%PDF-1.4 half of a briefing")
            raise OSError(28, "No space left on device")
        return render

    monkeypatch.setattr(registry, "renderer", renderer)
    assert main(["build", str(FIXTURES / "minimal.yaml"), "--format", "pdf", "--lang", "en", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert earlier.read_bytes() == b"%PDF the earlier, good briefing"
    assert sorted(p.name for p in out.iterdir()) == ["minimal-en.pdf"]

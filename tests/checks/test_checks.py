"""briefing.checks and `briefing check`: what is reported beyond the format, where, and how severely."""
from __future__ import annotations

import re
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest

from briefing.checks import (
    inspect,
)
from briefing.brand.images import check_image
from briefing.checks.dates import add_months, period_end
from briefing.checks.lengths import COUNT_LIMIT
from briefing.checks.translation import needs_translation
from briefing.cli import main
from briefing.errors import ContentError
from conftest import edit_minimal, FIXTURES, ROOT, SAMPLE

MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
FRESH = date(2023, 6, 1)  # a day on which the minimal file's content (2023-05) is current


def write(tmp_path: Path, text: str, name: str = "region.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


edit = edit_minimal


def found(path: Path, **kwargs) -> list:
    kwargs.setdefault("today", FRESH)
    return inspect(path, **kwargs)[2]


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# -- the real files -----------------------------------------------------------------------


def test_the_sample_has_no_problem_while_its_content_is_current():
    problems = found(SAMPLE, today=date(2023, 9, 1))
    assert problems == [], messages(problems)


def test_the_sample_and_its_editions_check_from_the_command_line(capsys):
    editions = sorted(str(p) for p in (ROOT / "data" / "editions").glob("*.yaml"))
    assert main(["check", str(SAMPLE), *editions]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert re.search(rf"ok: {1 + len(editions)} files checked", captured.out)
    # the region's warnings are said once, though each edition reaches the region too
    lines = [line for line in captured.err.splitlines() if "warning" in line]
    assert len(lines) == len(set(lines))


def test_the_minimal_file_is_clean():
    assert found(FIXTURES / "minimal.yaml") == []


# -- a text missing in a language, or left untranslated ----------------------------------


def test_a_text_missing_in_a_language_is_reported_with_its_place(tmp_path, capsys):
    path = write(tmp_path, edit("name: {zh: 示例新区, en: Example New Area}", "name: {zh: 示例新区}"))
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"region\.yaml:10:9: region\.name\.en: missing the en text", err), err


def test_a_text_identical_in_both_languages_is_a_warning_at_the_untranslated_side(tmp_path):
    path = write(tmp_path, edit("name: {zh: 生物医药, en: Biomedicine}",
                                "name: {zh: Life Sciences Park, en: Life Sciences Park}",
                                "summary: {zh: 交通。, en: Transport.}", "summary: {zh: 交通便利。, en: 交通便利。}"))
    problems = found(path)
    assert [(p.severity, p.path, p.line) for p in problems] == [
        ("warning", "industries.clusters[0].name.zh", 38),
        ("warning", "transport.summary.en", 40),
    ], messages(problems)
    assert "translate the zh text" in problems[0].message and "'Life Sciences Park'" in problems[0].message


@pytest.mark.parametrize("text", ["DNA", "5G", "SAIC", "H&M", "BYD", "Ltd", "2023", "46.3%", "—",
                                  "https://www.example.com/a b", "invest@example.org", "www.qiantang.gov.cn"])
def test_names_numbers_and_addresses_may_read_the_same_in_both(text):
    assert not needs_translation(text) or " " in text  # a URL with a space is no longer an address


@pytest.mark.parametrize("text", ["Hangzhou Bay", "Biomedicine", "钱塘", "DNA 测序", "iPhone"])
def test_words_and_chinese_need_translating(text):
    assert needs_translation(text)


def test_the_identical_check_leaves_names_alone(tmp_path):
    path = write(tmp_path, edit("name: {zh: 生物医药, en: Biomedicine}", "name: {zh: DNA, en: DNA}"))
    assert found(path) == []


# -- characters the fonts lack ------------------------------------------------------------


def test_missing_glyphs_in_addresses_and_editions_are_errors_with_their_place(tmp_path):
    region = write(tmp_path, MINIMAL + "contacts:\n  - name: {zh: 招商局, en: Investment Office}\n"
                   "    organisation: {zh: 管委会, en: Administrative Committee}\n"
                   "    email: \"invest\U0001F600@example.org\"\n")
    problems = found(region)
    assert [(p.severity, p.path, p.line, p.column) for p in problems] == [("error", "contacts[0].email", 60, 12)]
    assert "U+1F600" in problems[0].message
    edition = write(tmp_path, "format: 1\nedition:\n  id: visit\n  region: region.yaml\n"
                    "  audience: {zh: 代表团, en: \"Delegation \u0645\u0631\u062d\u0628\u0627\"}\n"
                    "  date: 2023-06-15\n  sections: [key_figures, industries]\n", "edition.yaml")
    problems = found(edition)
    assert [(p.file.endswith("edition.yaml"), p.path, p.line) for p in problems[:1]] == [
        (True, "edition.audience.en", 5)], messages(problems)


# -- age ----------------------------------------------------------------------------------


def test_content_and_sources_older_than_twelve_months_are_warnings():
    assert found(FIXTURES / "minimal.yaml", today=date(2024, 5, 31)) == []  # 2023-05 ends 2023-05-31
    problems = found(FIXTURES / "minimal.yaml", today=date(2024, 6, 1))
    assert [(p.severity, p.path, p.line, p.column) for p in problems] == [
        ("warning", "as_of", 4, 8), ("warning", "sources[0].date", 8, 11)]
    assert "2023-05, more than 12 months ago" in problems[0].message


def test_max_age_changes_the_limit_and_zero_turns_it_off():
    assert found(FIXTURES / "minimal.yaml", today=date(2024, 6, 1), max_age_months=24) == []
    assert found(FIXTURES / "minimal.yaml", today=date(2030, 1, 1), max_age_months=0) == []
    assert len(found(FIXTURES / "minimal.yaml", today=date(2023, 9, 1), max_age_months=3)) == 2


def test_max_age_and_strict_on_the_command_line(capsys):
    minimal = str(FIXTURES / "minimal.yaml")
    assert main(["check", minimal]) == 0  # the minimal file dates from 2023: old, but only a warning
    captured = capsys.readouterr()
    assert "warning: as_of" in captured.err and "2 warnings" in captured.out
    assert main(["check", "--strict", minimal]) == 1
    err = capsys.readouterr().err
    assert "minimal.yaml:4:8: as_of: the content is dated" in err and "2 problems found" in err
    assert main(["check", "--strict", "--max-age", "1200", minimal]) == 0
    assert main(["check", "--max-age", "-1", minimal]) == 2
    assert "expected a whole number of months" in capsys.readouterr().err


@pytest.mark.parametrize("value, end", [("2023", date(2023, 12, 31)), ("2023-02", date(2023, 2, 28)),
                                        ("2024-02", date(2024, 2, 29)), ("2023-Q3", date(2023, 9, 30)),
                                        ("2023-05-15", date(2023, 5, 15)), ("soon", None), ("2023-02-30", None)])
def test_period_end(value, end):
    assert period_end(value) == end


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2023, 11, 30), 12) == date(2024, 11, 30)


# -- sources, ids, figures ----------------------------------------------------------------


def test_a_source_no_figure_cites_is_a_warning(tmp_path):
    path = write(tmp_path, edit("sources:\n", "sources:\n  - id: unused\n    title: {zh: 旧报告, en: Old report}\n"
                                "    date: 2023-01\n"))
    problems = found(path)
    assert [(p.severity, p.path, p.line) for p in problems] == [("warning", "sources[0].id", 6)]
    assert "no figure cites the source 'unused'; the Sources list leaves it out" in problems[0].message


def test_an_id_used_twice_is_an_error_even_when_the_file_has_other_problems(tmp_path):
    twice = edit("  - id: trips\n", "  - id: firms\n")
    with pytest.raises(ContentError) as caught:
        inspect(write(tmp_path, twice))
    assert [(p.path, p.line) for p in caught.value.problems] == [("key_figures[2].id", 26)]
    with pytest.raises(ContentError) as caught:
        inspect(write(tmp_path, twice.replace("as_of: 2023-05", "as_off: 2023-05")))
    paths = [p.path for p in caught.value.problems]
    assert "as_off" in paths and "key_figures[2].id" in paths
    assert any("the figure id 'firms' is used twice (first at key_figures[1])" in p.message
               for p in caught.value.problems)


def test_the_same_figure_with_different_values_is_a_warning(tmp_path):
    section = ("    - id: biomedicine\n      name: {zh: 生物医药, en: Biomedicine}\n")
    copy = ("      metrics:\n        - id: firms-again\n          label: {zh: 外资企业, en: Foreign firms}\n"
            "          value: 1500\n          qualifier: over\n          unit: {zh: 家, en: firms}\n")
    problems = found(write(tmp_path, edit(section, section + copy)))
    assert [(p.severity, p.path, p.line) for p in problems] == [
        ("warning", "industries.clusters[0].metrics[0].value", 42)], messages(problems)
    assert "key_figures[1] ('firms'" in problems[0].message and "over 1600 there, over 1500 here" in problems[0].message
    same = copy.replace("value: 1500", "value: 1600")
    assert found(write(tmp_path, edit(section, section + same))) == []


def test_items_may_repeat_a_label_with_their_own_values(tmp_path):
    metric = ("      metrics:\n        - id: {id}\n          label: {{zh: 营收, en: Revenue}}\n"
              "          value: {value}\n          unit: CNY\n")
    text = edit("    - id: biomedicine\n      name: {zh: 生物医药, en: Biomedicine}\n",
                "    - id: biomedicine\n      name: {zh: 生物医药, en: Biomedicine}\n"
                + metric.format(id="bio-revenue", value=100)
                + "    - id: chips\n      name: {zh: 芯片, en: Chips}\n" + metric.format(id="chip-revenue", value=200))
    assert found(write(tmp_path, text)) == []


# -- lengths and sizes --------------------------------------------------------------------


@pytest.mark.timeout(30)
def test_a_one_megabyte_text_is_refused_quickly_with_its_place(tmp_path):
    path = write(tmp_path, edit("summary: {zh: 产业。, en: Industries.}", "summary: {zh: 产业。, en: '" + "x" * 2**20 + "'}"))
    problems = [p for p in found(path) if p.severity == "error"]
    assert [(p.path, p.line, p.column) for p in problems] == [("industries.summary.en", 35, 26)]
    assert "1,048,576 characters" in problems[0].message


@pytest.mark.parametrize("old, new, where", [
    ("name: {zh: 示例新区, en: Example New Area}", "name: {zh: " + "钱" * 61 + ", en: Example}", "region.name.zh"),
    ("unit: {zh: 家, en: companies}", "unit: {zh: 家, en: " + "companies " * 7 + "}", "key_figures[1].unit.en"),
    ("label: {zh: 制造业投资, en: Manufacturing investment}", "label: {zh: " + "制造" * 101 + ", en: M}",
     "key_figures[0].label.zh"),
])
def test_texts_too_long_for_their_place_are_errors(tmp_path, old, new, where):
    problems = [p for p in found(write(tmp_path, edit(old, new))) if p.severity == "error"]
    assert [p.path for p in problems] == [where]
    assert "is too long to print" in problems[0].message


@pytest.mark.timeout(60)
def test_an_alias_repeated_into_too_many_texts_is_refused(tmp_path):
    text = edit("industries:\n  summary: {zh: 产业。, en: Industries.}\n",
                "industries:\n  summary: &t {zh: 产业。, en: Industries.}\n  highlights: ["
                + ", ".join(["*t"] * (COUNT_LIMIT + 10)) + "]\n")
    problems = [p for p in found(write(tmp_path, text)) if p.severity == "error"]
    assert len(problems) == 1 and "texts (counting each use of a YAML alias)" in problems[0].message


# -- images -------------------------------------------------------------------------------


def _png(width: int, height: int, data: bytes = b"\x00\x00") -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(data)) + chunk(b"IEND", b"")


def test_readable_images_pass(tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20), "#0B4F8A").save(tmp_path / "logo.png")
    Image.new("RGB", (40, 20), "#0B4F8A").save(tmp_path / "logo.jpg")
    (tmp_path / "logo.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                                       'width="10" height="10"><rect width="10" height="10"/></svg>')
    for name in ("logo.png", "logo.jpg", "logo.svg"):
        assert check_image(tmp_path / name, "_brand.yml", 3, 5, "logo.images.main.path") == []


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name, content, words", [
    ("missing.png", None, "no image file at"),
    ("folder.png", "dir", "is a folder"),
    ("empty.png", b"", "is empty"),
    ("cut.png", "cut", "cannot be read"),
    ("text.png", b"this is not an image", "is not a PNG, JPEG or SVG image"),
    ("bomb.png", _png(60000, 60000), "too many pixels"),
    ("broken.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "not well-formed XML"),
    ("entity.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "DTD or entities"),
    ("html.svg", b"<?xml version='1.0'?><html></html>", "<html> where <svg> should be"),
])
def test_missing_or_unreadable_images_are_errors_with_their_place(tmp_path, name, content, words):
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif content == "cut":
        from PIL import Image

        Image.new("RGB", (64, 64), "#E08A1E").save(path)
        path.write_bytes(path.read_bytes()[:60])
    elif content is not None:
        path.write_bytes(content)
    problems = check_image(path, "templates/x/_brand.yml", 7, 11, "logo.images.main.path")
    assert len(problems) == 1 and words in problems[0].message, messages(problems)
    p = problems[0]
    assert (p.file, p.line, p.column, p.path, p.severity) == ("templates/x/_brand.yml", 7, 11,
                                                              "logo.images.main.path", "error")

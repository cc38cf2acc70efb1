"""Every printed text, from content or brand, passes the same checks: glyphs, no control or bidirectional
characters, not empty once invisible characters are removed, and a length that fits where it is set."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.checks import inspect
from briefing.cli import main
from briefing.errors import ContentError
from conftest import edit_minimal
from hostile_run import MINIMAL, ROOT, clean, snapshot

pytestmark = pytest.mark.timeout(300)
NAME = "name: {zh: 示例新区, en: Example New Area}"


def _build(tmp_path: Path, text: str, capsys, *extra: str) -> tuple[int, str, Path]:
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(path), "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert clean(err), err
    return status, err, out


@pytest.mark.parametrize("en, words", [
    ('"\\u202e15%\\u202c"', "bidirectional control U+202E"),
    ('"A\\u2066B\\u2069"', "bidirectional control U+2066"),
    ('"\\u200b\\u200b\\u200b"', "is empty once its invisible characters"),
    ('"\\u3164"', "is empty once"),
    ('"\\u2060\\ufeff\\u00ad"', "is empty once"),
    ('"A\\0B"', "U+0000"),
    ('"A\\x1bB"', "U+001B"),
    ('"A\\x85B"', "U+0085"),
])
def test_a_name_that_would_print_otherwise_is_refused_once_with_its_location(tmp_path, capsys, en, words):
    status, err, out = _build(tmp_path, edit_minimal(NAME, "name: {zh: 示例新区, en: %s}" % en), capsys)
    assert status == 1 and re.search(r"region\.yaml:10:\d+: region\.name\.en: ", err) and words in err, err
    assert len([line for line in err.splitlines() if "region.name.en" in line]) == 1, err
    assert not out.exists()


def test_a_reversed_figure_label_is_refused_in_an_edition_too(tmp_path, capsys):
    (tmp_path / "region.yaml").write_text(MINIMAL, encoding="utf-8")
    edition = tmp_path / "visit.yaml"
    edition.write_text("format: 1\nedition:\n  id: visit\n  region: region.yaml\n"
                       '  audience: {zh: 甲, en: "\\u202eguests"}\n  date: 2023-06\n  sections: [industries]\n',
                       encoding="utf-8")
    status = main(["build", str(edition), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and "visit.yaml:5:" in err and "edition.audience.en" in err and "U+202E" in err, err


def _brand(tmp_path: Path, addition: str) -> Path:
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    text = (brand / "_brand.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(header|footer):.*(\n[ ]+.*)*\n?", "", text)
    (brand / "_brand.yml").write_text(text + "\n" + addition + "\n", encoding="utf-8")
    return brand


@pytest.mark.parametrize("addition, words", [
    ("header: 'Briefing 🚀'", "no glyph"),
    ("footer: '" + "Confidential " * 800 + "'", "too long to print"),
    ('footer: "A\\0B"', "U+0000"),
    ('header: "\\u202eTerces"', "bidirectional control"),
    ('header: "\\u200b\\u200b"', "is empty once"),
    ('footer: {zh: "\\x07", en: ok}', "U+0007"),
])
def test_brand_header_and_footer_pass_the_same_checks(tmp_path, capsys, addition, words):
    brand = _brand(tmp_path, addition)
    out = tmp_path / "out"
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    assert main(["build", str(region), "--out", str(out)]) == 0
    before = snapshot(out)
    capsys.readouterr()
    status = main(["build", str(region), "--out", str(out), "--brand", str(brand)])
    err = capsys.readouterr().err
    assert clean(err), err
    assert status == 1 and re.search(r"_brand\.yml:\d+:\d+: (header|footer): ", err) and words in err, err
    assert snapshot(out) == before


def test_a_brand_name_of_zero_width_characters_is_refused(tmp_path, capsys):
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    text = (brand / "_brand.yml").read_text(encoding="utf-8")
    text = text.replace("    en: Hangzhou Qiantang New Area", '    en: "\\u200b\\u200c\\u200d"')
    (brand / "_brand.yml").write_text(text, encoding="utf-8")
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    status = main(["build", str(region), "--brand", str(brand), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and "meta.name" in err and "is empty once" in err, err


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12))
def test_any_unicode_name_is_accepted_printable_or_refused_with_a_location(tmp_path, value):
    import json

    text = edit_minimal(NAME, "name: {zh: 示例新区, en: %s}" % json.dumps(value))
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        region, _, problems = inspect(path)
    except ContentError as exc:
        problems, region = exc.problems, None
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        assert all(p.line and p.column for p in errors), errors
        return
    name = region.name.values["en"] if hasattr(region.name, "values") else str(region.name)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in name)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in name)
    assert name.strip() and not all(c in "\u200b\u200c\u200d\u2060\ufeff" or c.isspace() for c in name)

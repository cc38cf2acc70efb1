"""Loading the sample and broken files: every problem, with its exact location."""
from __future__ import annotations

import pytest

from briefing.errors import ContentError
from briefing.content.loader import load_edition, load_region
from conftest import FIXTURES


def problems_of(path):
    with pytest.raises(ContentError) as info:
        load_region(path)
    return [(p.line, p.column, p.path, p.message) for p in info.value.problems]


def test_sample_loads_with_every_section(sample_region):
    r = sample_region
    assert r.id == "qiantang" and r.languages == ["zh", "en"]
    assert r.name["zh"] == "杭州钱塘新区" and r.name["en"] == "Hangzhou Qiantang New Area"
    assert 6 <= len(r.key_figures) <= 10
    assert {c.id for c in r.industries.items} >= {"biomedicine", "semiconductors", "smart-vehicles", "synthetic-biology"}
    assert any(link.opens == "2026" for link in r.transport.items)
    assert [s.id for s in r.sections] == ["digital-economy"]
    sources = {s.id for s in r.sources}
    assert all(m.source in sources for m in r.metrics())


def test_sample_figures_are_those_of_the_article(sample_region):
    metrics = list(sample_region.metrics())
    values = {m.value for m in metrics} | {m.change.value for m in metrics if m.change}
    for figure in (4630000000, 71.5, 10600000000, 1600, 77, 1004, 227, 10.73, 16700000, 70, 41):
        assert figure in values


def test_minimal_file_loads():
    r = load_region(FIXTURES / "minimal.yaml")
    assert r.key_figures[0].value == 4630000000 and r.key_figures[0].change.basis == "yoy"
    assert r.transport.items[0].opens == "2026"


def test_every_problem_is_reported_at_once_with_its_location():
    found = problems_of(FIXTURES / "broken" / "typo.yaml")
    assert (11, 3, "region.sumary", "unknown key 'sumary'; did you mean 'summary'?") in found
    assert (10, 3, "region.summary", "missing required key 'summary'") in found
    assert any(p[:3] == (15, 12, "key_figures[0].value") and "4630000000" in p[3] for p in found)
    assert any(p[:3] == (16, 11, "key_figures[0].unit") and "did you mean 'CNY'" in p[3] for p in found)
    assert (19, 12, "key_figures[1].label.en", "missing the en text") in found
    assert (36, 7, "industries.clusters[0].mode", "unknown key 'mode'") in found
    assert any(p[:3] == (42, 13, "transport.links[0].mode") for p in found)
    assert len(found) == 7


def test_cross_references_are_checked(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    source: report\n  - id: trips", "    source: report\n  - id: firms", 1)
    text = text.replace("      name: {zh: 改革, en: Reform}", "      name: {zh: 改革, en: Reform}\n      metrics:\n"
                        "        - {id: x, label: {zh: 甲, en: A}, value: 1, unit: count, source: missing}")
    bad = tmp_path / "refs.yaml"
    bad.write_text(text, encoding="utf-8")
    found = problems_of(bad)
    assert any(p[2] == "key_figures[2].id" and "used twice" in p[3] for p in found)
    assert any(p[2] == "business_environment.reforms[0].metrics[0].source" and "'missing'" in p[3] for p in found)
    assert all(p[0] > 0 for p in found)


@pytest.mark.parametrize("name, line, col, words", [
    ("syntax.yaml", 6, 1, "YAML syntax"),
    ("not-utf8.yaml", 4, 15, "not UTF-8"),
    ("empty.yaml", 1, 1, "empty"),
])
def test_unreadable_files_are_refused_with_a_location(name, line, col, words):
    (problem,) = problems_of(FIXTURES / "broken" / name)
    assert (problem[0], problem[1]) == (line, col) and words in problem[3]


def test_tags_are_refused_never_constructed(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("summary: {zh: 产业。, en: Industries.}",
                        "summary: !!python/object/apply:os.system ['touch pwned']")
    bad = tmp_path / "tag.yaml"
    bad.write_text(text, encoding="utf-8")
    found = problems_of(bad)
    assert any(p[2] == "industries.summary" and "tags" in p[3] for p in found)
    assert not (tmp_path / "pwned").exists()


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems_of(bomb)
    assert any("too large" in p[3] or "unknown key" in p[3] for p in found)


def test_a_folder_is_not_a_file(tmp_path):
    (problem,) = problems_of(tmp_path)
    assert "folder" in problem[3]


def test_edition_naming_a_missing_section_lists_what_exists(tmp_path):
    (tmp_path / "region.yaml").write_text((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    ed = tmp_path / "ed.yaml"
    ed.write_text("format: 1\nedition:\n  id: visit\n  region: region.yaml\n"
                  "  audience: {zh: 代表团, en: delegation}\n  date: 2023-06-15\n"
                  "  sections: [key_figures, industry]\n  focus: [biomedicine, robots]\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_edition(ed)
    found = {(p.line, p.column, p.path): p.message for p in info.value.problems}
    assert "the region has no section 'industry'" in found[(7, 27, "edition.sections[1]")]
    assert "industries" in found[(7, 27, "edition.sections[1]")]
    assert "no item 'robots'" in found[(8, 24, "edition.focus[1]")]

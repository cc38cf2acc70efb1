"""Messages in proportion: one per problem, each bounded, a count after 50; the real cause named; and the
command line refusing values it cannot honour the same way for every command (usage, exit 2)."""
from __future__ import annotations

import pytest

from conftest import edit_minimal
from hostile_run import MINIMAL, clean, cli

pytestmark = pytest.mark.timeout(300)


def test_a_hundred_thousand_unknown_keys_give_fifty_lines_and_a_count(tmp_path):
    path = tmp_path / "region.yaml"
    path.write_text(MINIMAL + "".join(f"k{i}: 1\n" for i in range(100_000)), encoding="utf-8")
    run = cli("check", str(path))
    assert run.returncode == 1 and clean(run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) <= 53, len(lines)
    assert "and 99,950 more" in run.stderr, run.stderr[-500:]


def test_figures_citing_a_missing_source_each_get_one_short_message(tmp_path):
    sources = "".join(f"  - id: s{i}\n    title: {{zh: 报告{i}, en: Report {i}}}\n    date: 2023-05\n" for i in range(300))
    figures = "".join(f"        - id: f{i}\n          label: {{zh: 数{i}, en: Figure {i}}}\n          value: {i + 1}\n"
                      f"          unit: count\n          source: missing\n" for i in range(4000))
    text = edit_minimal("sources:\n  - id: report\n    title: {zh: 报告, en: Report}\n    date: 2023-05\n",
                        "sources:\n" + sources + "  - id: report\n    title: {zh: 报告, en: Report}\n    date: 2023-05\n",
                        "      name: {zh: 生物医药, en: Biomedicine}\n",
                        "      name: {zh: 生物医药, en: Biomedicine}\n      metrics:\n" + figures)
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("check", str(path))
    assert run.returncode == 1 and clean(run.stderr)
    assert len(run.stderr) < 60 * 700, len(run.stderr)
    assert "and 291 more" in run.stderr and "and 3,950 more" in run.stderr, run.stderr[-300:]


def test_many_bullets_are_refused_for_their_number_not_for_aliases(tmp_path):
    bullets = "".join(f"    - {{zh: 要点{i}, en: Point {i}}}\n" for i in range(110_000))
    text = MINIMAL.replace("industries:\n  summary: {zh: 产业。, en: Industries.}\n",
                           "industries:\n  summary: {zh: 产业。, en: Industries.}\n  highlights:\n" + bullets, 1)
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("check", str(path))
    assert run.returncode == 1 and clean(run.stderr)
    assert "200,000 values" in run.stderr, run.stderr[:1000]
    assert "aliases expand" not in run.stderr


def test_a_list_used_as_a_language_key_is_named_as_such(tmp_path):
    path = tmp_path / "region.yaml"
    path.write_text(edit_minimal("name: {zh: 示例新区, en: Example New Area}",
                                 "name: {zh: 示例新区, en: Example New Area, [a, b]: c}"), encoding="utf-8")
    run = cli("check", str(path))
    assert run.returncode == 1 and "None is not" not in run.stderr and "a key must be a language code" in run.stderr


@pytest.mark.parametrize("args, words", [
    (["build", "--jobs", "0", "--all"], "--jobs"), (["build", "--all", "--jobs", "-3"], "--jobs"),
    (["build", "--max-age", "-5"], "--max-age"), (["check", "data/qiantang.yaml", "--max-age", "-5"], "--max-age"),
    (["build", "--max-age", "100000000"], "--max-age"), (["check", "data/qiantang.yaml", "--max-age", "1201"], "--max-age"),
    (["build", ""], "empty file name"), (["check", ""], "empty file name"), (["preview", ""], "empty file name"),
    (["preview", "x.pdf", "--columns", "0"], "--columns"),
])
def test_the_command_line_refuses_what_it_cannot_honour_with_usage(tmp_path, args, words):
    run = cli(*args)
    assert run.returncode == 2 and clean(run.stderr), run.stderr
    assert run.stderr.startswith("usage: ") and words in run.stderr, run.stderr


def test_max_age_at_a_century_is_honoured(tmp_path):
    run = cli("check", "data/qiantang.yaml", "--max-age", "1200")
    assert run.returncode == 0 and clean(run.stderr), run.stderr

"""A path is printed visibly: bidirectional controls, terminal escapes, zero-width and other invisible
characters in a file or folder name are written as escapes in every message and line the command prints."""
from __future__ import annotations

import unicodedata

import pytest

from briefing.errors import display_path, visible
from hostile_run import MINIMAL, clean, cli, project

pytestmark = pytest.mark.timeout(300)
HIDDEN = {"\u202e": "\\u202e", "\x1b": "\\x1b", "\u200b": "\\u200b", "\u2028": "\\u2028", "\u2066": "\\u2066"}


def _raw(text: str) -> list[str]:
    """Return the characters of `text` that a terminal would not show as themselves."""
    return [ch for ch in text if ch not in "\n\t" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]


@pytest.mark.parametrize("ch", sorted(HIDDEN))
def test_visible_escapes_what_does_not_print_and_keeps_the_rest(ch):
    assert visible(f"a{ch}b 钱塘\tc") == f"a{HIDDEN[ch]}b 钱塘\tc"
    assert display_path(f"/tmp/x{ch}y.yaml") == f"/tmp/x{HIDDEN[ch]}y.yaml"


@pytest.mark.parametrize("ch", sorted(HIDDEN))
def test_a_broken_file_with_a_hidden_character_in_its_name_is_named_visibly(tmp_path, ch):
    path = tmp_path / f"region{ch}gpj.yaml"
    path.write_text(MINIMAL.replace("id: minimal", "id: [minimal"), encoding="utf-8")
    run = cli("check", str(path))
    assert run.returncode == 1 and clean(run.stderr), run.stderr
    assert f"region{HIDDEN[ch]}gpj.yaml:3:" in run.stderr and not _raw(run.stderr + run.stdout), run.stderr


def test_build_and_all_name_hidden_characters_visibly(tmp_path):
    root = project(tmp_path, "alpha")
    (root / "data" / "alpha.yaml").rename(root / "data" / "al\u202epha.yaml")
    edition = root / "data" / "editions"
    edition.mkdir()
    (edition / "v\u200bisit.yaml").write_text(  # names a region that is not there, by a name with a control
        "format: 1\nedition:\n  id: visit\n  region: ../be\u2066ta.yaml\n  audience: {zh: 甲, en: guests}\n"
        "  date: 2023-06\n  sections: [industries]\n", encoding="utf-8")
    out = tmp_path / "o\u202eut"
    run = cli("build", "data/al\u202epha.yaml", "--out", str(out), "--format", "pdf", "--lang", "en", cwd=root)
    assert run.returncode == 0 and clean(run.stderr), run.stderr
    assert "o\\u202eut/alpha-en.pdf" in run.stdout and not _raw(run.stdout + run.stderr), run.stdout
    batch = cli("build", "--all", "--format", "pdf", "--lang", "en", "--out", str(out), cwd=root)
    assert batch.returncode == 1 and clean(batch.stderr), batch.stderr
    shown = batch.stdout + batch.stderr
    assert "v\\u200bisit.yaml" in shown and not _raw(shown), shown

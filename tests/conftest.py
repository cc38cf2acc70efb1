"""Shared paths and helpers for the tests."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "data" / "qiantang.yaml"
ARTICLE = ROOT.parent / "shared" / "seeds" / "qiantang-article.zh.txt"


@pytest.fixture(scope="session")
def sample_region():
    from briefing.content.loader import load_region

    return load_region(SAMPLE)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run a test from a fresh folder, as a user in a new project would."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


MINIMAL = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def edit_minimal(*pairs: str) -> str:
    """Return the minimal region file with each (old, new) pair replaced, each old text found once."""
    text = MINIMAL
    for old, new in zip(pairs[::2], pairs[1::2]):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text

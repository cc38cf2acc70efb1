"""The spacing rule for text drawn outside the line breaker (charts, diagrams) is the line breaker's own."""
from __future__ import annotations

import pytest

from briefing.render.pdf.textflow import REPORTLAB
from briefing.tree import Span
from briefing.typeset import spacing
from briefing.typeset.atoms import atomize

from conftest import MIXED

LABELS = [
    MIXED, "2026年通车", "铁路 · 2026年通车", "Rail · Opens 2026", "占比80%以上", "约50%（2022年）", "5G通信与DNA测序",
    "“钱塘”Hangzhou", "RMB 4.63亿", "第1个千亿级", "A股上市", "截至2023年5月", "钱塘·Qiantang", "Zhejiang’s 3个",
]


def breaker_gaps(text: str, style) -> list[int]:
    """Return where the line breaker puts a Han-Latin gap in `text` (one segment, spaces single)."""
    (atoms,) = atomize((Span(text),), style, REPORTLAB)
    out, at = [], 0
    for atom in atoms:
        at = text.index(atom.text, at)
        if atom.gap:
            out.append(at)
        at += len(atom.text)
    return out


@pytest.mark.parametrize("text", LABELS)
def test_pictures_put_the_gap_where_the_body_text_does(zh, text):
    text = " ".join(text.split())
    assert spacing.gaps(text) == breaker_gaps(text, zh)


def test_the_gap_is_the_body_texts_quarter_em(zh):
    assert spacing.GAP == zh.cjk_latin_gap == 0.25
    assert spacing.gaps("2026年通车") == [4] and spacing.gaps("占比80%以上") == [2, 5]  # a number's % is its own
    assert spacing.gaps("Opens 2026 年") == [] and spacing.gaps("钱塘·Qiantang") == []  # a space, a dot: none

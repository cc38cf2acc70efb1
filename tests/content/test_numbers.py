"""A figure is stored once and written out as each language writes it."""
from __future__ import annotations

import pytest

from briefing.content.model import Change, Metric, Text
from briefing.content.numbers import NBSP, format_change, format_number, format_period, format_value

PASSENGERS = Text({"zh": "人次", "en": "passenger trips"})
FIRMS = Text({"zh": "家", "en": "companies"})


def metric(value, unit, qualifier=None):
    return Metric("m", Text({"zh": "标签", "en": "label"}), value, unit, qualifier)


@pytest.mark.parametrize("value, unit, qualifier, zh, en", [
    (4630000000, "CNY", None, "46.3亿元", "RMB 4.63 billion"),
    (10600000000, "CNY", None, "106亿元", "RMB 10.6 billion"),
    (120000000000, "CNY", "over", "1200亿元以上", "over RMB 120 billion"),
    (500000000, "CNY", "nearly", "近5亿元", "nearly RMB 500 million"),
    (16700000, PASSENGERS, None, "1670万人次", "16.7 million passenger trips"),
    (1600, FIRMS, "over", "1600余家", "over 1,600 companies"),
    (1600, "count", "over", "1600以上", "over 1,600"),
    (71.5, "percent", None, "71.5%", "71.5%"),
    (80, "percent", "over", "80%以上", "over 80%"),
    (50, "percent", "about", "约50%", "about 50%"),
    (6, "rank", None, "第六", "6th"),
    (1, "rank", None, "第一", "1st"),
    (22, "rank", None, "第22", "22nd"),
    (13, "rank", None, "第13", "13th"),
    (30, "rank", "top", "前30", "top 30"),
    (2500000, "USD", None, "250万美元", "US$2.5 million"),
    (227, "count", None, "227", "227"),
    (12000, "count", None, "12000", "12,000"),
])
def test_values_in_both_languages(value, unit, qualifier, zh, en):
    m = metric(value, unit, qualifier)
    assert format_value(m, "zh") == zh
    assert format_value(m, "en").replace(NBSP, " ") == en


def test_a_figure_never_breaks_between_currency_number_and_scale():
    assert format_value(metric(4630000000, "CNY"), "en") == f"RMB{NBSP}4.63{NBSP}billion"


@pytest.mark.parametrize("change, zh, en", [
    (Change(71.5, "percent", "yoy"), "同比增长71.5%", "up 71.5% year on year"),
    (Change(-3.2, "percent", "qoq"), "环比下降3.2%", "down 3.2% quarter on quarter"),
    (Change(20.18, "percent", "cagr"), "年均增长20.18%", "up 20.18% a year on average"),
    (Change(1.5, "percentage-points", "yoy"), "同比提高1.5个百分点", "up 1.5 percentage points year on year"),
    (Change(10.73, "percent", None), "增长10.73%", "up 10.73%"),
])
def test_changes(change, zh, en):
    assert format_change(change, "zh") == zh
    assert format_change(change, "en") == en


@pytest.mark.parametrize("period, zh, en", [
    ("2023", "2023年", "2023"),
    ("2023-Q1", "2023年一季度", "Q1 2023"),
    ("2023-05", "2023年5月", "May 2023"),
    ("2023-06-15", "2023年6月15日", "15 June 2023"),
])
def test_periods(period, zh, en):
    assert format_period(period, "zh") == zh
    assert format_period(period, "en") == en


def test_large_numbers_keep_two_decimals_at_most():
    assert format_number(4636000000, "zh") == "46.36亿"
    assert format_number(4636000000, "en") == f"4.64{NBSP}billion"
    assert format_number(99999, "zh") == "99999"

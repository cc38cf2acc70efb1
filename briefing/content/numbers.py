"""A metric written out per language: 46.3亿元 / RMB 4.63 billion.

Babel (CLDR data) does the compact forms (万/亿, million/billion) and grouping;
this module adds what CLDR leaves to the writer: currency wording, qualifiers
(余 / 近 / 约), ranks, changes and periods.
"""
from __future__ import annotations

from babel.dates import get_month_names
from babel.numbers import format_compact_decimal, format_decimal

from briefing.content.model import Change, Metric, Text

LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}
# Below these a number is written in full (12000 / 12,000); above, compactly.
COMPACT_FROM = {"zh": 100_000, "en": 1_000_000}

NBSP = "\u00a0"  # keeps "RMB 4.63 billion" on one line
CURRENCIES = {  # code: (zh suffix, en prefix)
    "CNY": ("元", "RMB" + NBSP),
    "USD": ("美元", "US$"),
    "EUR": ("欧元", "€"),
    "JPY": ("日元", "JPY" + NBSP),
    "HKD": ("港元", "HK$"),
    "GBP": ("英镑", "£"),
}
ZH_NUMERALS = "零一二三四五六七八九十"
ZH_QUARTERS = {"1": "一季度", "2": "二季度", "3": "三季度", "4": "四季度"}
CHANGE_BASIS = {
    "yoy": ("同比", "year on year"),
    "qoq": ("环比", "quarter on quarter"),
    "cagr": ("年均", "a year on average"),
    None: ("", ""),
}


def format_number(value: float, lang: str) -> str:
    """Return `value` as the language writes it: 46.3亿 / 4.63 billion; 1600 / 1,600."""
    locale = LOCALES[lang]
    if abs(value) >= COMPACT_FROM[lang]:
        kind = "short" if lang == "zh" else "long"
        return format_compact_decimal(value, format_type=kind, locale=locale, fraction_digits=2).replace(" ", NBSP)
    return format_decimal(value, locale=locale, group_separator=(lang != "zh"), decimal_quantization=False)


def ordinal_en(n: int) -> str:
    """Return 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_zh(n: int) -> str:
    """Return 第一 ... 第十 for small ranks, 第11 above."""
    return f"第{ZH_NUMERALS[n]}" if 1 <= n <= 10 else f"第{n}"


def format_value(metric: Metric, lang: str) -> str:
    """Return the figure of `metric` with its unit and qualifier, in `lang`; a text figure as written."""
    if metric.text is not None:
        return metric.text[lang]
    unit, q, value = metric.unit, metric.qualifier, metric.value
    if unit == "rank":
        n = int(value)
        if q == "top":
            return f"前{n}" if lang == "zh" else f"top {n}"
        body = ordinal_zh(n) if lang == "zh" else ordinal_en(n)
        return _qualify(body, q, lang, tail="")
    number = format_number(value, lang)
    if unit == "percent":
        return _qualify(f"{number}%", q, lang, tail="", percent=True)
    if unit == "count":
        return _qualify(number, q, lang, tail="")
    if isinstance(unit, Text):
        if lang == "zh":
            return _qualify(number, q, lang, tail=unit[lang])
        return _qualify(f"{number} {unit[lang]}", q, lang, tail="")
    zh_suffix, en_prefix = CURRENCIES[unit]
    if lang == "zh":
        return _qualify(number, q, lang, tail=zh_suffix)
    return _qualify(f"{en_prefix}{number}", q, lang, tail="")


def _qualify(body: str, qualifier: str | None, lang: str, tail: str, percent: bool = False) -> str:
    """Return `body` + `tail` with the qualifier placed as the language places it."""
    if not qualifier or qualifier == "top":
        return body + tail
    if lang == "en":
        return f"{qualifier} {body}{tail}"
    if qualifier == "nearly":
        return f"近{body}{tail}"
    if qualifier == "about":
        return f"约{body}{tail}"
    # over: 1600余家 for a whole number before a measure word, else 80%以上 / 46.3亿元以上
    if not percent and tail and body.isdigit():
        return f"{body}余{tail}"
    return f"{body}{tail}以上"


def format_change(change: Change, lang: str) -> str:
    """Return the change as a phrase: 同比增长71.5% / up 71.5% year on year."""
    size = abs(change.value)
    number = format_decimal(size, locale=LOCALES[lang], decimal_quantization=False)
    zh_basis, en_basis = CHANGE_BASIS[change.basis]
    if change.unit == "percentage-points":
        amount = f"{number}个百分点" if lang == "zh" else f"{number} percentage points"
    else:
        amount = f"{number}%"
    if lang == "zh":
        verb = "增长" if change.value >= 0 else "下降"
        if change.unit == "percentage-points":
            verb = "提高" if change.value >= 0 else "降低"
        return f"{zh_basis}{verb}{amount}"
    verb = "up" if change.value >= 0 else "down"
    return f"{verb} {amount} {en_basis}".rstrip()


def format_period(period: str, lang: str) -> str:
    """Return a period (YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD) as the language writes dates."""
    parts = period.split("-")
    year = parts[0]
    if len(parts) == 1:
        return f"{year}年" if lang == "zh" else year
    if parts[1].startswith("Q"):
        q = parts[1][1]
        return f"{year}年{ZH_QUARTERS[q]}" if lang == "zh" else f"Q{q} {year}"
    month = int(parts[1])
    if len(parts) == 2:
        if lang == "zh":
            return f"{year}年{month}月"
        return f"{get_month_names('wide', locale=LOCALES[lang])[month]} {year}"
    day = int(parts[2])
    if lang == "zh":
        return f"{year}年{month}月{day}日"
    return f"{day} {get_month_names('wide', locale=LOCALES[lang])[month]} {year}"


def direction(change: Change | None) -> int:
    """Return +1, -1 or 0: which way the change points, for arrows."""
    if change is None or change.value == 0:
        return 0
    return 1 if change.value > 0 else -1

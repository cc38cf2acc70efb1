"""Figures mean what the staff typed: numbers as YAML 1.2 reads decimals, ranks whole and positive, dates real.

Each input either builds with the value as typed or is refused with a file:line:col
location; hypothesis draws numbers in every YAML spelling (octal, base 60, hex,
binary, underscores, signs, exponents, leading zeros) and calendar dates.
"""
from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.checks import inspect
from briefing.cli import main
from briefing.content.numbers import format_value
from briefing.errors import ContentError
from conftest import edit_minimal

pytestmark = pytest.mark.timeout(300)
LOCATED = r"\.yaml:\d+:\d+: "


def _check(tmp: Path, text: str):
    """Return (region, None) when `text` passes, or (None, the messages) when it is refused."""
    path = tmp / "region.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        region, _, problems = inspect(path, max_age_months=0)
    except ContentError as exc:
        return None, "\n".join(str(p) for p in exc.problems)
    errors = [p for p in problems if p.severity == "error"]
    return (None, "\n".join(map(str, errors))) if errors else (region, None)


def _with_value(value: str) -> str:
    return edit_minimal("value: 4630000000", f"value: {value}")


def _with_rank(value: str) -> str:
    return edit_minimal("value: 6\n", f"value: {value}\n")


@pytest.mark.parametrize("typed, words", [
    ("0050", "write 50"), ("-007", "write -7"), ("1:30", "base 60"), ("190:20:30", "base 60"),
    ("0x1F", "base 16"), ("0o17", "base 8"), ("0b101", "base 2"), ("1_000", "leave them out: 1000"),
    (".inf", "finite"), ("-.inf", "finite"), (".nan", "finite"), ("1e38", "too large"),
    ("100000000000000000000000000000000000000", "too large"), ("9" * 5001, "not a figure"),
    ("1e-300", "too small"), ("3.14159265358979323846", "significant digits"), ("'50'", "plain number"),
])
def test_an_ambiguous_or_unprintable_number_is_refused_saying_how_to_write_it(tmp_path, typed, words):
    region, err = _check(tmp_path, _with_value(typed))
    assert region is None and re.search(LOCATED + r"key_figures\[0\]\.value: ", err) and words in err, err
    assert err.count("\n") == 0, err  # one message for one problem


@pytest.mark.parametrize("typed", ["2.5", "0", "-3", "1e300", "1e3", "6.0"])
def test_a_rank_is_a_positive_whole_number(tmp_path, typed):
    region, err = _check(tmp_path, _with_rank(typed))
    assert region is None and re.search(LOCATED + r"key_figures\[3\]\.value: ", err), err


@pytest.mark.parametrize("typed, value", [("50", 50), ("+50", 50), ("1.5e3", 1500.0), ("1e3", 1000.0),
                                          ("0.5", 0.5), (".5", 0.5), ("0", 0), ("-12", -12)])
def test_decimal_numbers_read_as_typed(tmp_path, typed, value):
    region, err = _check(tmp_path, _with_value(typed))
    assert err is None and region.key_figures[0].value == value and type(region.key_figures[0].value) is type(value)


def _yaml12(text: str) -> Decimal | None:
    """The value YAML 1.2's core schema gives a plain scalar, decimals only (None: not a decimal number)."""
    if re.fullmatch(r"[-+]?[0-9]+", text) or re.fullmatch(
            r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", text):
        return Decimal(text)
    return None


spellings = st.one_of(
    st.integers(-10 ** 6, 10 ** 6).map(str),
    st.integers(0, 10 ** 6).map(lambda n: "0" + str(n)),  # a leading zero: octal in YAML 1.1
    st.integers(0, 10 ** 6).map(lambda n: f"0x{n:X}"), st.integers(0, 999).map(lambda n: f"0o{n:o}"),
    st.integers(0, 999).map(lambda n: f"0b{n:b}"), st.integers(0, 10 ** 6).map(lambda n: f"{n:_}"),
    st.tuples(st.integers(0, 99), st.integers(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.decimals(-10 ** 6, 10 ** 6, places=3, allow_nan=False).map(str),
    st.tuples(st.integers(1, 99), st.integers(-20, 20)).map(lambda t: f"{t[0]}e{t[1]}"),
    st.tuples(st.integers(0, 99), st.integers(0, 999)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.sampled_from([".5", "+.5", "-0", "1.", "+1", ".inf", "-.Inf", ".NaN", "1_0.5", "0.0", "00.5"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=spellings)
def test_every_yaml_spelling_is_read_as_typed_or_refused_with_a_location(tmp_path, typed):
    region, err = _check(tmp_path, _with_value(typed))
    if region is None:
        assert re.search(LOCATED + r"key_figures\[0\]\.value: ", err), err
        return
    value = region.key_figures[0].value
    expected = _yaml12(typed)
    assert expected is not None, f"{typed!r} was accepted but is no YAML 1.2 decimal"
    assert Decimal(repr(value)) == expected or abs(Decimal(repr(value)) - expected) <= abs(expected) * Decimal("1e-15")
    if isinstance(value, int) and abs(value) < 10 ** 6:  # written in full in English: the same digits
        assert f"{abs(value):,}" in format_value(region.key_figures[0], "en")


@pytest.mark.parametrize("typed, words", [
    ("2023-02-30", "does not exist"), ("2023-02-29", "does not exist"), ("0000", "outside 1900 to 2200"),
    ("9999-12", "outside 1900 to 2200"), ("1899-12", "outside"), ("٢٠٢٣-٠٥", "digits 0-9"),
    ("२०२३", "digits 0-9"), ("𝟐𝟎𝟐𝟑-𝟎𝟓", "digits 0-9"), ("2023-13", "expected a date"),
])
def test_a_date_that_is_not_real_is_refused_with_a_location(tmp_path, typed, words):
    region, err = _check(tmp_path, edit_minimal("as_of: 2023-05", f"as_of: {typed}"))
    assert region is None and re.search(LOCATED + r"as_of: ", err) and words in err, err


def test_fullwidth_digits_in_a_date_are_read_as_ascii(tmp_path):
    region, err = _check(tmp_path, edit_minimal("as_of: 2023-05", "as_of: ２０２３－０５"))
    assert err is None and region.as_of == "2023-05"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.integers(1800, 2300), month=st.integers(0, 13), day=st.integers(0, 32))
def test_a_day_is_accepted_exactly_when_it_exists_between_1900_and_2200(tmp_path, year, month, day):
    import datetime

    typed = f"{year:04d}-{month:02d}-{day:02d}"
    region, err = _check(tmp_path, edit_minimal("as_of: 2023-05", f"as_of: {typed}"))
    try:
        real = 1900 <= year <= 2200 and bool(datetime.date(year, month, day))
    except ValueError:
        real = False
    assert (region is not None) == real, (typed, err)
    if region is None:
        assert re.search(LOCATED + r"as_of: ", err), err
    else:
        assert region.as_of == typed


def test_the_figure_prints_as_typed_in_both_formats(tmp_path, capsys):
    """value: 50 builds and prints 50; value: 0050 (octal 40 in YAML 1.1) is refused and writes nothing."""
    path = tmp_path / "region.yaml"
    out = tmp_path / "out"
    path.write_text(_with_value("0050"), encoding="utf-8")
    assert main(["build", str(path), "--out", str(out), "--lang", "en"]) == 1
    assert not out.exists()
    path.write_text(_with_value("50"), encoding="utf-8")
    assert main(["build", str(path), "--out", str(out), "--lang", "en"]) == 0
    capsys.readouterr()
    text = subprocess.run(["pdftotext", str(out / "minimal-en.pdf"), "-"], capture_output=True, text=True).stdout
    words = text.split()  # the figure card sets the currency over the number
    assert "RMB" in words and "50" in words and "40" not in words, text

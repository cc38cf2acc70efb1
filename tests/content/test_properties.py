"""Properties: any valid content builds in both formats and languages and shows every text; builds are reproducible."""
from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing import fonts
from briefing.brand import default_brand
from briefing.cli import main
from briefing.content.loader import load_region
from conftest import ROOT, SAMPLE

# -- what valid content looks like ------------------------------------------------------------

_HAN = ("钱塘新区产业集群智能制造生物医药交通开放经济营商环境数字平台企业投资发展创新项目服务建设中心港口铁路机场"
        "高新技术汽车材料半导体综合保税自由贸易试验人才政策园区研究合作国际市场规模增长")


def _covered(chars: str) -> str:
    """Return the characters of `chars` that every face of the default brand has."""
    brand = default_brand()
    stacks = [brand.font_stack(kind, lang, bold) for kind in ("serif", "sans") for bold in (False, True)
              for lang in ("zh", "en")]
    sets = [frozenset().union(*(fonts.coverage(k) for k in stack)) for stack in stacks]
    return "".join(ch for ch in chars if all(ord(ch) in s for s in sets))


HAN = _covered(_HAN)
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

zh_word = st.text(alphabet=HAN + "0123456789", min_size=1, max_size=8)
en_word = st.text(alphabet=LATIN + "0123456789", min_size=1, max_size=9)


def _sentence(word, joiner: str, stops: str, bold: bool):
    def build(words, stop, bold_at):
        words = list(words)
        if bold and bold_at is not None:
            words[bold_at % len(words)] = f"**{words[bold_at % len(words)]}**"
        return joiner.join(words) + stop

    return st.builds(build, st.lists(word, min_size=1, max_size=6), st.sampled_from(stops),
                     st.none() | st.integers(min_value=0, max_value=5))


def text(bold: bool = True, long: bool = False):
    """A Text in both languages: Chinese from common characters, English words, sometimes **bold**."""
    many = 4 if long else 1
    zh = st.lists(_sentence(zh_word, "", ["", "。", "，", "、"], bold), min_size=1, max_size=many).map("".join)
    en = st.lists(_sentence(en_word, " ", ["", ".", ",", ";", ":", "!", "?"], bold), min_size=1,
                  max_size=many).map(" ".join)
    return st.fixed_dictionaries({"zh": zh, "en": en})


plain = text(bold=False)
unit_text = st.fixed_dictionaries({"zh": st.text(alphabet=HAN, min_size=1, max_size=4),
                                   "en": st.lists(en_word, min_size=1, max_size=2).map(" ".join)})


@st.composite
def regions(draw):
    """A small valid region file (as a dict), every source cited by some figure."""
    n_sources = draw(st.integers(1, 3))
    counter = iter(range(10_000))

    def metric():
        i = next(counter)
        unit = draw(st.sampled_from(["count", "CNY", "percent", "rank", "text"]))
        out = {"id": f"m{i}", "label": draw(text()), "value": draw(st.integers(1, 10**11)),
               "unit": draw(unit_text) if unit == "text" else unit, "source": f"s{i % n_sources}"}
        if draw(st.booleans()):
            out["period"] = draw(st.sampled_from(["2022", "2023-Q1", "2023-05"]))
        return out

    def item(extra=None):
        out = {"id": f"i{next(counter)}", "name": draw(text())}
        if draw(st.booleans()):
            out["summary"] = draw(text(long=True))
        if draw(st.booleans()):
            out["highlights"] = draw(st.lists(text(), min_size=1, max_size=3))
        if draw(st.integers(0, 3)) == 0:
            out["metrics"] = [metric() for _ in range(draw(st.integers(1, 2)))]
        return {**out, **(extra or {})}

    def items(extra=None):
        return [item(extra() if extra else None) for _ in range(draw(st.integers(1, 3)))]

    def section(key, extra=None):
        out = {"summary": draw(text(long=True)), key: items(extra)}
        if draw(st.booleans()):
            out["highlights"] = draw(st.lists(text(), min_size=1, max_size=3))
        return out

    region = {
        "format": 1, "id": "prop", "languages": ["zh", "en"], "as_of": "2023-05",
        "sources": [{"id": f"s{i}", "title": draw(text()), "date": "2023-05"} for i in range(n_sources)],
        "region": {"name": draw(plain), "summary": draw(text(long=True))},
        "key_figures": [metric() for _ in range(draw(st.integers(4, 7)))],  # m0, m1, ...: every source cited
    }
    if draw(st.booleans()):
        region["region"]["tagline"] = draw(plain)
    region["industries"] = section("clusters", lambda: {"companies": draw(st.lists(plain, max_size=3))}
                                   if draw(st.booleans()) else {})
    region["transport"] = section("links", lambda: {"mode": draw(st.sampled_from(["rail", "sea", "air"]))})
    region["open_economy"] = section("platforms")
    region["business_environment"] = section("reforms")
    if draw(st.booleans()):
        region["sections"] = [{"id": "more", "title": draw(plain), "summary": draw(text(long=True)),
                               "items": items()}]
    if draw(st.booleans()):
        region["contacts"] = [{"name": draw(plain), "organisation": draw(plain), "address": draw(plain)}]
    return region


# -- what the output shows -------------------------------------------------------------------


def flat(value: str) -> str:
    return re.sub(r"\s", "", value.replace("**", ""))


def pdf_text(path: Path) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(str(path)).pages))


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    # the text runs, and the pictures' alt text (a chart in Word is a picture: its labels are there)
    runs = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml) + re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', xml)
    return flat(html.unescape("".join(runs)))


@pytest.mark.timeout(600)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(regions())
def test_valid_content_builds_in_both_formats_and_languages_showing_every_text(region):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prop.yaml"
        path.write_text(yaml.safe_dump(region, allow_unicode=True, sort_keys=False), encoding="utf-8")
        model = load_region(path)  # valid by construction
        out = Path(folder) / "out"
        assert main(["build", str(path), "--out", str(out)]) == 0
        for lang in ("zh", "en"):
            shown = {"pdf": pdf_text(out / f"prop-{lang}.pdf"), "docx": docx_text(out / f"prop-{lang}.docx")}
            for t in model.texts():
                for fmt, seen in shown.items():
                    assert flat(t[lang]) in seen, f"{t.path}.{lang} {t[lang]!r} is missing from the {fmt}"


# -- reproducible builds -------------------------------------------------------------------


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.timeout(300)
def test_the_same_input_builds_byte_identical_files(tmp_path, monkeypatch, capsys):
    edition = sorted((ROOT / "data" / "editions").glob("*.yaml"))[0]
    first, second = tmp_path / "first", tmp_path / "second"
    for source in (SAMPLE, edition):
        assert main(["build", str(source), "--out", str(first)]) == 0
    later = time.time() + 3 * 86400  # another day: any time stamp would differ
    monkeypatch.setattr(time, "time", lambda: later)
    for source in (SAMPLE, edition):
        assert main(["build", str(source), "--out", str(second)]) == 0
    assert len(digests(first)) == 8
    assert digests(first) == digests(second)


@pytest.mark.timeout(300)
def test_builds_in_separate_processes_are_byte_identical(tmp_path):
    """Another process hashes strings differently (PYTHONHASHSEED): no output may depend on set order."""
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-m", "briefing", "build", str(SAMPLE), "--out", str(tmp_path / seed)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert digests(tmp_path / "1") == digests(tmp_path / "2")

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


# -- the line breaker's text, faces and styles (tests/typeset/, tests/render/pdf/test_textflow.py) --

SIZE = 10.5
MIXED = (
    "今年一季度，钱塘新区实现制造业投资46.3亿元，同比增长71.5%，投资总量居杭州第一；"
    "完成签约亿元以上产业项目23个，总投资106亿元。详情请见https://www.example.com/a/b?c=d，"
    "或致信info@example.com，也可致电+86 571 8888 0000咨询。"
    "“钱塘智造”品牌由Hangzhou Qiantang New Area发布，聚焦DNA测序、5G通信与集成电路（IC）等领域……"
    "目标到2025年，规上数字经济核心产业营收实现倍增，突破1200亿元——这是《钱塘区数字经济三年行动计划》"
    "提出的目标。生物医药产业营收比重占杭州“半壁江山”，汽车产量占杭州八成以上，"
    "形成了1个千亿级和3个五百亿级产业集群。"
)


@pytest.fixture(scope="module")
def names():
    """Register the package faces; return their ReportLab names by key."""
    from briefing import fonts

    keys = ["serif-sc", "serif-sc-bold", "serif", "serif-bold"]
    missing = [k for k in keys if not fonts.font_path(k).exists()]
    if missing:
        pytest.skip(f"package fonts not built yet: {', '.join(missing)} (run scripts/build_fonts.py)")
    return {k: fonts.register(k) for k in keys}


@pytest.fixture(scope="module")
def zh(names):
    """The Chinese body style: CJK face first, justified."""
    from briefing.typeset.style import TextStyle

    return TextStyle(
        "Body Text", (names["serif-sc"], names["serif"]), (names["serif-sc-bold"], names["serif-bold"]),
        SIZE, SIZE * 1.75,
    )


@pytest.fixture(scope="module")
def en(names):
    """The English body style: Latin face first, falling back to the CJK face."""
    from briefing.typeset.style import TextStyle

    return TextStyle(
        "Body Text", (names["serif"], names["serif-sc"]), (names["serif-bold"], names["serif-sc-bold"]),
        SIZE, SIZE * 1.45,
    )


@pytest.fixture(scope="module")
def article_paragraphs():
    if not ARTICLE.exists():
        pytest.skip(f"the seed article is not beside the clone ({ARTICLE})")
    return [p.strip() for p in ARTICLE.read_text(encoding="utf-8").split("\n") if p.strip()]


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory) -> Path:
    """The sample's PDFs in zh, en and zh+en with their press files, built once for the session."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, "-m", "briefing", "build", "--lang", "zh,en,zh+en", "--format", "pdf", "--print",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True, timeout=600)
    return out



SAMPLES = [SAMPLE, *sorted((ROOT / "data" / "editions").glob("*.yaml"))]  # the region and its editions
BRANDS = ["qiantang", "ink"]


@pytest.fixture(scope="session")
def samples(tmp_path_factory):
    """Every sample output of both brands (the region and both editions; zh, en, zh+en; PDF and Word): {brand: folder}.

    Read back by tests/render/test_brochure_pages.py and tests/render/test_page_breaks.py.
    """
    from briefing.cli import main

    out = {}
    for brand in BRANDS:
        folder = tmp_path_factory.mktemp(f"samples-{brand}")
        args = [*map(str, SAMPLES), "--lang", "zh,en,zh+en", "--format", "pdf,docx", "--brand", brand]
        assert main(["build", *args, "--out", str(folder)]) == 0
        out[brand] = folder
    return out


def outline_items(outline) -> list:
    """Return a pypdf outline's bookmarks flattened, in order (nested levels included)."""
    found = []
    for item in outline:
        found += outline_items(item) if isinstance(item, list) else [item]
    return found


def outline_pages(pdf) -> list[tuple[str, int]]:
    """Return a PDF's bookmarks in order (LibreOffice exports one per heading) with the page each points at."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in outline_items(reader.outline)]

"""A text set in a box of fixed size fits it, measured with the real faces, in the PDF and in Word as
LibreOffice sets it: a card's value that fits is on one line inside its card; one a letter longer is
refused with its location and the previous briefing is left as it was."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.checks import inspect
from briefing.checks import fit as fit_check
from briefing.cli import main
from briefing.errors import ContentError
from conftest import edit_minimal
from hostile_run import MINIMAL, ROOT, clean, snapshot

pytestmark = pytest.mark.timeout(600)
UNIT = "    unit: CNY\n"
A4_CENTRE = 595.2756 / 2  # the text area is centred: the first of two cards ends left of the page's middle


def _unit(zh: str, en: str) -> str:
    return edit_minimal(UNIT, "    unit: {zh: %s, en: %s}\n" % (zh, en))


def _too_long(tmp_path: Path, text: str) -> list:
    path = tmp_path / "probe.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        _, _, problems = inspect(path)
    except ContentError as exc:
        problems = exc.problems
    return [p for p in problems if "too long" in p.message]  # for its card, or beyond the length limit


def _edge(tmp_path: Path, piece: str, lang: str) -> int:
    """Return the most repeats of `piece` a unit in `lang` may hold and still fit its card (by bisection)."""
    def fits(n: int) -> bool:
        unit = piece * n
        return not _too_long(tmp_path, _unit(unit if lang == "zh" else "单位", unit if lang == "en" else "units"))

    low, high = 1, 60
    assert fits(low) and not fits(high)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return low


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)]


def _word_pdf(docx: Path, tmp: Path) -> Path:
    """Return the PDF LibreOffice makes of `docx` (its own process and profile: embedded faces stay its own)."""
    out = tmp / ("lo-" + docx.stem)
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(tmp / ('profile-' + docx.stem)).as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   capture_output=True, timeout=240, check=True)
    return out / (docx.stem + ".pdf")


def _figure_page(pdf: Path, marker: str) -> int:
    for page in range(1, 6):
        if any(marker in w[4] for w in _words(pdf, page)):
            return page
    raise AssertionError(f"{marker!r} not found in {pdf}")


def _assert_value_on_one_line_in_its_card(pdf: Path, number: str, marker: str) -> None:
    page = _figure_page(pdf, marker)
    words = _words(pdf, page)
    figure = [w for w in words if number in w[4]]
    unit = [w for w in words if marker in w[4]]
    assert figure and unit, (figure, unit)
    for w in unit:
        assert w[2] < A4_CENTRE - 4, f"the unit runs past its card: {w}"
        assert abs(w[3] - figure[0][3]) < 4, f"the unit is not on the number's line: {w} vs {figure[0]}"


needs_clients = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice (soffice) or poppler-utils is not installed; CI installs them")


@needs_clients
@pytest.mark.parametrize("lang, piece, number, marker", [
    ("en", "Wq", "4.63", "WqWq"),  # one long word: no place to break
    ("zh", "单位", "46.3", "单位单位"),
])
def test_a_unit_that_fits_its_card_is_on_one_line_in_pdf_and_in_word(tmp_path, capsys, lang, piece, number, marker):
    n = _edge(tmp_path, piece, lang)
    unit = piece * n
    text = _unit(unit if lang == "zh" else "单位", unit if lang == "en" else "units")
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out), "--lang", lang]) == 0
    assert clean(capsys.readouterr().err)
    _assert_value_on_one_line_in_its_card(out / f"minimal-{lang}.pdf", number, marker)
    _assert_value_on_one_line_in_its_card(_word_pdf(out / f"minimal-{lang}.docx", tmp_path), number, marker)


CLUSTER = "      name: {zh: 生物医药, en: Biomedicine}\n"


def _cluster_unit(zh: str, en: str) -> str:
    """Return the minimal region with a figure of its own in a cluster: a card three to a row."""
    return edit_minimal(CLUSTER, CLUSTER + "      metrics:\n        - id: output\n"
                        "          label: {zh: 产值, en: Output}\n          value: 120\n"
                        "          unit: {zh: %s, en: %s}\n          source: report\n" % (zh, en))


@pytest.mark.parametrize("text, at", [
    (_unit("单位", "W" + "qz" * 29 + "q"), r"16:\d+: key_figures\[0\]\.unit\.en"),  # the 60 letters
    (_unit("单位", " ".join(["Wqz"] * 15)), r"16:\d+: key_figures\[0\]\.unit\.en"),
    (_cluster_unit("单位" * 15, "units"), r"43:\d+: industries\.clusters\[0\]\.metrics\[0\]\.unit\.zh"),
], ids=["one-word-en", "words-en", "cluster-zh"])
def test_a_unit_too_long_for_its_card_is_refused_and_the_last_briefing_kept(tmp_path, capsys, text, at):
    path = tmp_path / "region.yaml"
    out = tmp_path / "out"
    path.write_text(MINIMAL, encoding="utf-8")
    assert main(["build", str(path), "--out", str(out)]) == 0
    before = snapshot(out)
    capsys.readouterr()
    path.write_text(text, encoding="utf-8")
    status = main(["build", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    found = [line for line in err.splitlines() if "too long for its card" in line]
    assert len(found) == 1, err
    assert re.match(rf".*region\.yaml:{at}: ", found[0]), found[0]
    assert re.search(r"\d+ pt wide .* leave \d+ pt in the (PDF|Word) file \((PDF|Word): \d+ pt\); \d+% too long: "
                     r"shorten the unit by about \d+ character", found[0]), found[0]
    assert snapshot(out) == before


def test_a_long_value_in_words_is_refused_at_its_text(tmp_path):
    text = edit_minimal("    value: 1600\n    qualifier: over\n    unit: {zh: 家, en: companies}\n",
                        "    text: {zh: 半壁江山, en: Half of all the enterprises of the whole province}\n")
    problems = _too_long(tmp_path, text)
    assert [p.path for p in problems] == ["key_figures[1].text.en"] and problems[0].line == 22, problems


def test_a_word_wider_than_its_card_in_a_label_is_a_warning_and_stays_inside_in_word(tmp_path, capsys):
    word = "Foreigninvested" * 6
    text = edit_minimal("label: {zh: 制造业投资, en: Manufacturing investment}",
                        "label: {zh: 制造业投资, en: %s enterprises}" % word)
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(path), "--out", str(out), "--lang", "en", "--format", "docx"])
    err = capsys.readouterr().err
    assert status == 0 and clean(err), err
    assert re.search(r"region\.yaml:14:\d+: warning: key_figures\[0\]\.label\.en: has a word, .* wider than its "
                     r"card", err), err
    if shutil.which("soffice") and shutil.which("pdftotext"):
        pdf = _word_pdf(out / "minimal-en.docx", tmp_path)
        words = [w for w in _words(pdf, _figure_page(pdf, "Foreign")) if "Foreigninvested" in w[4]]
        assert len(words) >= 2 and all(w[2] < A4_CENTRE for w in words), words  # cut into lines in its card


def test_a_cover_band_too_small_for_title_and_tagline_is_refused_in_both_formats(tmp_path, capsys):
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    yml = brand / "_brand.yml"
    text = yml.read_text(encoding="utf-8")
    assert "size: 10.5pt" in text
    yml.write_text(text.replace("size: 10.5pt", "size: 20pt"), encoding="utf-8")
    tagline = " ".join(["Advanced manufacturing and life sciences on the Qiantang River"] * 3)
    region = edit_minimal("  summary: {zh: 一个示例。, en: An example.}\n",
                          "  summary: {zh: 一个示例。, en: An example.}\n  tagline: {zh: 先进制造, en: %s}\n" % tagline)
    path = tmp_path / "region.yaml"
    path.write_text(region, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(path), "--out", str(out), "--brand", str(brand)])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(r"region\.yaml:12:\d+: region\.tagline\.en: the cover's title and tagline take \d+ pt of the "
                     r"band's \d+ pt in the (PDF|Word) file", err), err
    assert not out.exists()


def test_a_brand_header_wider_than_its_line_is_refused_at_the_brand_file(tmp_path, capsys):
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    yml = brand / "_brand.yml"
    text = re.sub(r"(?m)^(header|footer):.*(\n[ ]+.*)*\n?", "", yml.read_text(encoding="utf-8"))
    yml.write_text(text + "\nheader: {zh: 钱塘, en: '" + "WM" * 45 + "'}\n", encoding="utf-8")  # 90 letters
    path = tmp_path / "region.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    status = main(["build", str(path), "--out", str(tmp_path / "out"), "--brand", str(brand)])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(r"_brand\.yml:\d+:\d+: header: the en text is too long for its one line: \d+ pt wide .* holds "
                     r"\d+ pt in the PDF file; shorten it by about \d+ characters", err), err


def test_a_region_name_making_a_two_line_header_is_a_warning(tmp_path):
    name = " ".join(["Example"] * 12)
    text = edit_minimal("name: {zh: 示例新区, en: Example New Area}", "name: {zh: 示例新区, en: %s}" % name)
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    _, _, problems = inspect(path)
    found = [p for p in problems if "running header" in p.message]
    assert [(p.path, p.severity, p.line) for p in found] == [("region.name.en", "warning", 10)], found


def test_the_check_sets_the_texts_the_layout_sets():
    """The fit check's copies of layout facts (the check may not import layout) are the layout's."""
    from briefing.layout.document import LABELS
    from briefing.layout.furniture import grid_rows

    assert {lang: LABELS[lang]["kicker"] for lang in ("zh", "en")} == fit_check.KICKER
    assert {LABELS[lang]["sep"] for lang in ("zh", "en")} == {fit_check.SEP}
    for n in range(1, 13):
        assert fit_check.key_grid_per_row(n) == max(grid_rows(n)), n

"""The Word pagination model (briefing.render.docx.pages) against LibreOffice, on a document made to tell its rules apart.

One file of the sample brand's English styles, converted once: runs of lines
between exact-height marker lines, table cells ending on proportional lines,
a one-line list item whose label is taller than its text, and two pages
started by page breaks, one with space before. Where LibreOffice puts each
marker (read from its PDF with pdfium) is compared with where the model puts
it. tests/render/docx/test_docx_pages.py checks the same rules without
LibreOffice; tests/render/test_brochure_pages.py the sample outputs.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest
from lxml import etree

from briefing.brand import default_brand
from briefing.render.docx.pages import Layout, Styles, units
from briefing.render.docx.pages.flow import page_runs
from briefing.render.docx.parts import numbering_part
from briefing.render.docx.reference import open_sheet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MARK = 20.0  # a marker line's exact height
TOLERANCE = 0.06  # a twip, and pdfium's rounding of glyph boxes


def _p(inner: str, ppr: str = "", style: str = "Normal") -> str:
    return f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{inner}</w:p>'


def _run(text: str, font: str = "Noto Sans", half_points: int = 21) -> str:
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/><w:sz w:val="{half_points}"/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def _spacing(line: int, rule: str = "auto", before: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="0" w:line="{line}" w:lineRule="{rule}"/>'


def _marker(n: int, ppr: str = "", before: int = 0) -> str:
    return _p(_run(f"mark{n:02d}q", half_points=16), ppr + _spacing(int(MARK * 20), "exact", before))


def _cell(*paragraphs: str) -> str:
    """A one-cell table in the key-figure cards' style holding `paragraphs`."""
    return (f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="FigureCards"/><w:tblW w:w="3000" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>'
            f'{"".join(paragraphs)}</w:tc></w:tr></w:tbl>')


def _probes() -> list[str]:
    """The body: what stands between marker n and marker n + 1 is probe n."""
    br = '<w:r><w:br/></w:r>'
    blocks = [
        # whole-percent proportional spacing: 12 pt at 257 (107 %), five lines
        _p((_run("Hxg", half_points=24) + br) * 4 + _run("Hxg", half_points=24), _spacing(257)),
        # faces rounded on the reference device: Noto Sans at 10 pt and 16.5 pt, single spaced
        _p((_run("Hxg", half_points=20) + br) * 4 + _run("Hxg", half_points=20), _spacing(240)),
        _p(_run("Hxg", half_points=33), _spacing(240)),
        # a one-line list item: its label (taller than the text) takes the proportional share
        _p(_run("Hxg", font="Noto Serif"), _spacing(480), style="ListBullet"),
        # a cell ends on its last paragraph's share of its style's size, not the line's own
        _cell(_p(_run("Hxg", half_points=42), _spacing(360))),
        _cell(_p(_run("Hxg", half_points=12), _spacing(720), style="FigureLabel")),
        _cell(_p(_run("Hxg", half_points=42), _spacing(720)), _p(_run("Hxg", half_points=12), _spacing(360))),
    ]
    body = []
    for n, block in enumerate(blocks):
        body += [_marker(n), block]
    body.append(_marker(len(blocks)))
    # two pages a break starts: LibreOffice keeps the space before of the second (20 pt)
    body.append(_marker(50, '<w:pageBreakBefore/>'))
    body.append(_marker(51, '<w:pageBreakBefore/>', before=400))
    return body


def _model_tops(word) -> dict[str, tuple[int, float]]:
    """Return each marker's page and the top of its line from its page's top, as the pagination model lays it out."""
    styles = Styles(word.styles.element, numbering_part(word).element)
    items = units(word.element.body, Layout(styles))
    tops = {}
    for page, start, end in page_runs(items):
        y = 0.0
        for k in range(start, end):
            u = items[k]
            y += u.header + u.top if k == start else u.gap
            if u.text.startswith("mark"):
                tops[u.text.strip()] = (page, y)
            y += u.height
    return tops


def _libreoffice_tops(pdf) -> dict[str, tuple[int, float]]:
    """Return each marker's page and the top of its glyph box from the page's top, in LibreOffice's PDF."""
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(str(pdf))
    tops = {}
    for number in range(len(doc)):
        page = doc[number]
        text = page.get_textpage()
        height = page.get_height()
        for n in range(100):
            word = f"mark{n:02d}q"
            searcher = text.search(word)
            found = searcher.get_next()
            if found:
                index, _ = found
                tops[word] = (number + 1, height - text.get_charbox(index)[3])
    return tops


@pytest.mark.timeout(240)
def test_the_pagination_model_puts_lines_where_libreoffice_does(tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    if shutil.which("fc-list"):
        families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
        if "Noto Sans" not in families or "Noto Serif" not in families:
            pytest.skip("the Noto faces the styles name are not installed; CI installs fonts-noto-core")
    word = open_sheet(default_brand(), "en").word
    body = word.element.body
    last = body[-1]  # the section's properties
    for xml in _probes():
        last.addprevious(etree.fromstring(xml))
    path = tmp_path / "probe.docx"
    word.save(str(path))
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=200)
    model, lo = _model_tops(word), _libreoffice_tops(path.with_suffix(".pdf"))
    assert model.keys() == lo.keys() and len(model) == 10
    wrong = []
    names = sorted(model)
    for a, b in zip(names, names[1:]):
        if model[a][0] == model[b][0] == lo[a][0] == lo[b][0]:
            ours, theirs = model[b][1] - model[a][1], lo[b][1] - lo[a][1]
            if abs(ours - theirs) > TOLERANCE:
                wrong.append(f"{a} to {b}: the model {ours:.2f} pt, LibreOffice {theirs:.2f} pt")
    assert not wrong, "\n".join(wrong)
    # the two pages a break starts: the second's marker stands its space before lower
    assert model["mark50q"][0] + 1 == model["mark51q"][0] and lo["mark50q"][0] + 1 == lo["mark51q"][0]
    ours = model["mark51q"][1] - model["mark50q"][1]
    theirs = lo["mark51q"][1] - lo["mark50q"][1]
    assert ours == pytest.approx(20.0) and theirs == pytest.approx(20.0, abs=TOLERANCE)

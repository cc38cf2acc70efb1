"""The contents' page numbers: each PAGEREF field of a written Word file shows its bookmark's page.

Owns finding the PAGEREF fields, writing their results, and laying the body
out again until the numbers' own widths no longer move a heading. Must not
know how a page is laid out (briefing.render.docx.pages.flow and blocks).
"""
from __future__ import annotations

from briefing.render.docx.pages.blocks import Layout
from briefing.render.docx.pages.flow import paginate
from briefing.render.docx.pages.properties import W, Styles, _num


def _pagerefs(body) -> list[tuple[str, list, object]]:
    """Return the PAGEREF fields of a body: bookmark name, the runs showing its result, its separator run."""
    found, stack = [], []
    for run in body.iter(W + "r"):
        char = run.find(W + "fldChar")
        if char is not None:
            kind = char.get(W + "fldCharType")
            if kind == "begin":
                stack.append({"code": "", "runs": [], "separate": None})
            elif kind == "separate" and stack:
                stack[-1]["separate"] = run
            elif kind == "end" and stack:
                done = stack.pop()
                words = done["code"].split()
                if len(words) > 1 and words[0] == "PAGEREF" and done["separate"] is not None:
                    found.append((words[1], done["runs"], done["separate"]))
            continue
        if not stack:
            continue
        top = stack[-1]
        if top["separate"] is None:
            top["code"] += "".join(t.text or "" for t in run.findall(W + "instrText"))
        else:
            top["runs"].append(run)
    return found


def _show(runs: list, separate, text: str) -> None:
    """Make a field's result runs show `text`."""
    from docx.oxml import OxmlElement

    if not runs:
        run = OxmlElement("w:r")
        separate.addnext(run)
        runs.append(run)
    for run in runs:
        for t in run.findall(W + "t"):
            run.remove(t)
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")  # as the writer's own runs
    runs[0].append(t)


def layout_for(word, fallback: dict[str, str] | None = None) -> Layout:
    """Return a Layout of a python-docx document's body: its styles, lists and default tab stop.

    `fallback` names the face keys ("latin", "east") measuring families
    briefing.fonts does not have. A Layout remembers the blocks it measured:
    keep one for a document while its styles stay as they are, and tell it
    (Layout.forget) of each block changed after it measured it.
    """
    from briefing.render.docx.parts import numbering_part

    styles = Styles(word.styles.element, numbering_part(word).element, fallback)
    stop = word.settings.element.find(W + "defaultTabStop")
    tab = _num(stop.get(W + "val"), 720) / 20 if stop is not None else 36.0
    return Layout(styles, tab)


def number_pages(word, fallback: dict[str, str] | None = None,
                 layout: Layout | None = None) -> tuple[dict[str, int], int]:
    """Lay out a python-docx document as LibreOffice does; show each PAGEREF field's page in it.

    Returns the page of each bookmark and the page count. The numbers' own width
    can move a line, so the layout is done again until the numbers hold (twice,
    as a rule). `fallback` names the face keys ("latin", "east") measuring
    families briefing.fonts does not have; `layout` is the document's own
    (layout_for), kept between calls so unchanged blocks are measured once.
    """
    body = word.element.body
    layout = layout or layout_for(word, fallback)
    refs = _pagerefs(body)
    shown: dict[str, str] = {}
    for name, runs, separate in refs:
        shown[name] = "00"
        _show(runs, separate, "00")
    pages, count = {}, 1
    for _ in range(3):
        pages, count = paginate(body, layout)
        new = {name: str(pages.get(name, "")) for name, _, _ in refs}
        if new == shown:
            break
        for name, runs, separate in refs:
            _show(runs, separate, new[name])
        shown = new
    return pages, count

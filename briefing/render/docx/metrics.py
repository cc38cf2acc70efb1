"""Paragraph style metrics read back from a styles part: what the pagination model needs of each style.

Sizes, spacing and leading are read from the style sheet itself (ours or a
designer's reference.docx), inheritance resolved. Nothing here writes styles or
knows the document tree.
"""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

from briefing.render.docx.xml import NSMAP


@dataclass(frozen=True)
class Metrics:
    """What pagination needs of a paragraph style, inheritance resolved (points)."""

    face: str
    size: float
    before: float
    after: float
    leading: float


# single line spacing of the Noto faces as a multiple of the size (ascent + descent)
SINGLE = {"cjk": 1.448, "latin": 1.362}


def read_metrics(styles, ids: dict[str, str], faces: dict[str, str], lang: str) -> dict[str, Metrics]:
    """Return the metrics of paragraph styles read back from a styles part, inheritance resolved.

    `ids` maps our style ids to the ids in `styles` (a reference document may
    name them differently); `faces` gives each of ours its face for width
    estimates. Sizes, spacing and leading are the style sheet's own, so a
    reference restyled in Word paginates by its own measures.
    """
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    defaults = styles.find(qn("w:docDefaults"))
    default_ppr = defaults.find("w:pPrDefault/w:pPr", NSMAP) if defaults is not None else None
    default_rpr = defaults.find("w:rPrDefault/w:rPr", NSMAP) if defaults is not None else None

    def chain(sid: str | None):
        seen = set()
        while sid in by_id and sid not in seen:
            seen.add(sid)
            yield by_id[sid]
            based = by_id[sid].find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None

    def first(sid: str, path: str, attr: str, default_props) -> str | None:
        for style in chain(sid):
            found = style.find(path, NSMAP)
            if found is not None and found.get(qn("w:" + attr)) is not None:
                return found.get(qn("w:" + attr))
        found = default_props.find(path.split("/", 1)[1], NSMAP) if default_props is not None else None
        return found.get(qn("w:" + attr)) if found is not None else None

    out = {}
    for ours, sid in ids.items():
        if ours not in faces:
            continue
        size = float(first(sid, "w:rPr/w:sz", "val", default_rpr) or 20) / 2
        before = float(first(sid, "w:pPr/w:spacing", "before", default_ppr) or 0) / 20
        after = float(first(sid, "w:pPr/w:spacing", "after", default_ppr) or 0) / 20
        single = SINGLE["cjk" if lang == "zh" else "latin"] * size
        leading = single
        for props in [s.find("w:pPr", NSMAP) for s in chain(sid)] + [default_ppr]:
            spacing = props.find(qn("w:spacing")) if props is not None else None
            if spacing is not None and spacing.get(qn("w:line")) is not None:
                line, rule = float(spacing.get(qn("w:line"))), spacing.get(qn("w:lineRule"), "auto")
                leading = line / 240 * single if rule == "auto" else max(line / 20, single if rule == "atLeast" else 0)
                break
        out[ours] = Metrics(faces[ours], size, before, after, leading)
    return out

"""Word's properties resolved for layout: a pPr, rPr, tblPr... read as dicts, styles and numbering merged.

Owns how the layout reads WordprocessingML properties: the XML namespace, a
properties element as {child: {attribute: value}}, inheritance along basedOn,
document defaults, a table style's conditional formatting, list levels, and
which faces a run's properties name. Must not know lines or pages.
"""
from __future__ import annotations

from briefing.render.docx.pages.faces import Face, _key_of, face

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTAINERS = {"pBdr", "tblBorders", "tcBorders", "tblCellMar", "tcMar", "numPr", "rFonts", "spacing", "ind"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _props(element) -> dict:
    """Return a pPr, rPr, tblPr, trPr or tcPr as {child: {attribute: value}}, containers one level deeper."""
    out: dict = {}
    if element is None:
        return out
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = _local(child.tag)
        attrs = {_local(k): v for k, v in child.attrib.items()}
        if name in _CONTAINERS and len(child):
            attrs.update({_local(c.tag): {_local(k): v for k, v in c.attrib.items()} for c in child
                          if isinstance(c.tag, str)})
        if name == "tabs":
            attrs = {"stops": [{_local(k): v for k, v in c.attrib.items()} for c in child]}
        out[name] = attrs
    return out


def _signature(element) -> tuple | None:
    """Return the content of a properties element as a value to look up: its children's tags and attributes."""
    if element is None:
        return None
    return tuple((c.tag, tuple(c.attrib.items()), _signature(c) if len(c) else ()) for c in element)


def _merge(*layers: dict) -> dict:
    """Merge property dicts, later ones winning attribute by attribute (and side by side in containers)."""
    out: dict = {}
    for layer in layers:
        for name, attrs in layer.items():
            if name in _CONTAINERS and name in out:
                merged = dict(out[name])
                for k, v in attrs.items():
                    merged[k] = {**merged[k], **v} if isinstance(v, dict) and isinstance(merged.get(k), dict) else v
                out[name] = merged
            else:
                out[name] = attrs
    return out


def _on(props: dict, name: str) -> bool:
    """Return whether a toggle property (<w:b/>, <w:keepNext w:val="0"/>...) is on."""
    return name in props and props[name].get("val", "1") not in ("0", "false", "off", "none")


def _num(value, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


class Styles:
    """The styles and numbering of a Word document, resolved for layout."""

    def __init__(self, styles, numbering=None, fallback: dict[str, str] | None = None):
        self.by_id = {s.get(W + "styleId"): s for s in styles.findall(W + "style")}
        defaults = styles.find(W + "docDefaults")
        self.default_ppr = _props(defaults.find(f"{W}pPrDefault/{W}pPr")) if defaults is not None else {}
        self.default_rpr = _props(defaults.find(f"{W}rPrDefault/{W}rPr")) if defaults is not None else {}
        self.default_para = next((sid for sid, s in self.by_id.items() if s.get(W + "type") == "paragraph"
                                  and s.get(W + "default") in ("1", "true", "on")), None)
        self.numbering = numbering
        self.fallback = fallback or {}  # "latin" / "east" -> face key for families briefing.fonts lacks
        self._cache: dict = {}

    def chain(self, sid: str | None) -> list:
        """Return the style `sid` and those it is based on, the base first."""
        out, seen = [], set()
        while sid in self.by_id and sid not in seen:
            seen.add(sid)
            out.append(self.by_id[sid])
            based = self.by_id[sid].find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        return out[::-1]

    def style(self, sid: str | None, part: str) -> dict:
        """Return part ("pPr", "rPr", "tblPr", "tcPr") of style `sid`, inheritance resolved (defaults excluded)."""
        key = (sid, part)
        if key not in self._cache:
            self._cache[key] = _merge(*(_props(s.find(W + part)) for s in self.chain(sid)))
        return self._cache[key]

    def conditional(self, sid: str | None, kind: str, part: str) -> dict:
        """Return part of a table style's conditional formatting `kind` ("firstRow"...), inheritance resolved."""
        layers = []
        for s in self.chain(sid):
            for cond in s.findall(W + "tblStylePr"):
                if cond.get(W + "type") == kind:
                    layers.append(_props(cond.find(W + part)))
        return _merge(*layers)

    def level(self, num_id: str | None, ilvl: str | None):
        """Return the numbering level (lvl element) of a list, or None."""
        if self.numbering is None or num_id in (None, "0"):
            return None
        num = next((n for n in self.numbering.findall(W + "num") if n.get(W + "numId") == num_id), None)
        if num is None:
            return None
        abstract_id = num.find(W + "abstractNumId")
        abstract = next((a for a in self.numbering.findall(W + "abstractNum")
                         if abstract_id is not None and a.get(W + "abstractNumId") == abstract_id.get(W + "val")), None)
        if abstract is None:
            return None
        return next((lv for lv in abstract.findall(W + "lvl") if lv.get(W + "ilvl") == (ilvl or "0")), None)

    def faces(self, rpr: dict) -> tuple[Face, Face, float, bool]:
        """Return the Latin and East Asian faces, size and boldness of resolved run properties."""
        fonts = rpr.get("rFonts", {})
        bold = _on(rpr, "b")
        size = _num(rpr.get("sz", {}).get("val"), 20) / 2
        latin = _key_of(fonts.get("ascii") or fonts.get("hAnsi") or "", bold) or self.fallback.get("latin")
        east = _key_of(fonts.get("eastAsia") or "", bold) or self.fallback.get("east")
        latin_face = face(latin) if latin else face(east)
        east_face = face(east) if east else latin_face
        return latin_face, east_face, size, bold

"""Where a word processor puts each heading of a written Word file: the pages its pre-filled contents shows.

Neither Word nor LibreOffice updates a contents field when a file opens, so the
page numbers cached in it are what a reader sees first. `number_pages` lays out
the body the writer produced, as LibreOffice 7 does, from the XML itself: all a
block holds (a bilingual edition's second lines, stacked table cells, pictures)
is measured as written. The rules, each checked against LibreOffice's PDFs:

- Lines break where Unicode line breaking allows (after spaces, between Han
  characters, never before closing or after opening punctuation or around
  quotes), with the advance widths of the faces the styles name (briefing.fonts,
  measured by ReportLab); Han next to Latin letters or digits gets a fifth of an
  em between them (autoSpaceDE/DN); a full-width comma or stop may hang in the
  margin.
- A line is as high as the tallest ascent plus the deepest descent of the faces
  on it (hhea metrics, in whole twips), proportional spacing adding its share of
  the text's height (not a list bullet's; for a line a w:br ends, the next
  line's), or exactly the style's height.
- Spacing between paragraphs is the larger of the one's space after and the
  next one's space before, and none at the top of a page; at a page's foot
  neither the space after nor the last line's proportional share need room.
  Paragraph borders add their width and distance; a table row is its tallest
  cell with the cell margins, plus its rules; header rows repeat on each page.
- A page may not end inside a paragraph kept together or kept with the next
  (LibreOffice moves those whole), between a paragraph and the one it keeps
  with, after a first line or before a last line (widows and orphans), inside a
  table row, or between a table's header and its first row.
"""
from __future__ import annotations

import math
import struct
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from reportlab.pdfbase import pdfmetrics

from briefing import fonts as fontfiles

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EMU = 12700  # English metric units per point
EPS = 0.01
AUTOSPACE = 0.2  # Han next to Latin letters or digits: this much of an em between them
ROW_RULE = 0.17  # what a rule between or under table rows takes less than its width, in LibreOffice
HANGING = {"\u3001", "\u3002", "\uff0c", "\uff0e"}  # 、。，． may hang in the right margin
_CONTAINERS = {"pBdr", "tblBorders", "tcBorders", "tblCellMar", "tcMar", "numPr", "rFonts", "spacing", "ind"}


# -- faces ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """A face as layout needs it: its ascent and descent per point of size, its advance widths."""

    key: str
    ascent: float
    descent: float

    def extent(self, size: float) -> tuple[float, float]:
        """Return the ascent and descent of the face at `size` in whole twips, as LibreOffice has them.

        Their sum is the face's line height rounded, the ascent rounded on its own (measured).
        """
        ascent = round(self.ascent * size * 20)
        return ascent / 20, (round((self.ascent + self.descent) * size * 20) - ascent) / 20

    def width(self, ch: str) -> float | None:
        """Return the advance of `ch` per point of size, None when the face lacks it."""
        return _widths(self.key).get(ord(ch))


@lru_cache(maxsize=None)
def _widths(key: str) -> dict[int, float]:
    """Return face `key`'s advance per point of size of each code point, as ReportLab measures it.

    A face ReportLab has not loaded yet is read from its cmap and hmtx tables: a
    whole registration (about 20 ms a CJK face) would only be used for these.
    """
    name = fontfiles.rl_name(key)
    widths = None if name in pdfmetrics.getRegisteredFontNames() else _read_widths(*_tables(key))
    if widths is None:
        return {code: w / 1000 for code, w in pdfmetrics.getFont(fontfiles.register(key)).face.charWidths.items()}
    return widths


def _tables(key: str) -> tuple[bytes, dict[bytes, bytes]]:
    """Return the kind of face `key`'s font file (its first four bytes) and the tables layout reads.

    Only those tables are read, not the outlines: a CJK face's file is 4 MB. The
    others are listed, empty, as the file has them.
    """
    with open(fontfiles.font_path(key), "rb") as file:
        header = file.read(12)
        count = struct.unpack_from(">H", header, 4)[0] if len(header) == 12 else 0
        directory = file.read(16 * count)
        tables = {}
        for i in range(len(directory) // 16):
            tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
            if tag in (b"head", b"hhea", b"maxp", b"cmap", b"hmtx"):
                file.seek(offset)
                tables[tag] = file.read(length)
            else:
                tables[tag] = b""
    return header[:4], tables


def _read_widths(kind: bytes, tables: dict[bytes, bytes]) -> dict[int, float] | None:
    """Return the widths ReportLab reads from a TrueType file's tables, per point of size; None if unsure.

    This is TTFontFile.extractInfo's charWidths, divided by 1000. None where
    ReportLab would do what this does not: a collection, cmap formats other
    than 4 and 12, a code mapped twice, tables it refuses; ReportLab then reads it.
    """
    try:
        if kind not in (b"\x00\x01\x00\x00", b"true") or not {
                b"name", b"post", b"loca", b"head", b"hhea", b"maxp", b"cmap", b"hmtx"} <= tables.keys():
            return None
        head, hhea, maxp, cmap = tables[b"head"], tables[b"hhea"], tables[b"maxp"], tables[b"cmap"]
        if (struct.unpack_from(">H", head)[0] != 1 or struct.unpack_from(">I", head, 12)[0] != 0x5F0F3CF5
                or struct.unpack_from(">H", head, 52)[0] != 0 or struct.unpack_from(">H", hhea)[0] != 1
                or struct.unpack_from(">H", hhea, 32)[0] != 0 or struct.unpack_from(">H", maxp)[0] != 1):
            return None
        units = struct.unpack_from(">H", head, 18)[0]
        metrics = struct.unpack_from(">H", hhea, 34)[0]
        glyphs = struct.unpack_from(">H", maxp, 4)[0]
        count = struct.unpack_from(">H", cmap, 2)[0]
        if metrics == 0 or count == 0:
            return None
        at, unicode = None, False
        for i in range(count):  # the last Unicode subtable, else the last Mac Roman one, as ReportLab picks it
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                at, unicode = offset, True
            elif platform == 1 and encoding == 0 and not unicode:
                at = offset
        if at is None:
            return None
        decoded = fontfiles.cmap_glyphs(cmap, at)
        if decoded is None:
            return None
        glyph_of, mapped = decoded
        if mapped != len(glyph_of):
            return None
        advances = struct.unpack_from(f">{2 * metrics}H", tables[b"hmtx"])[::2]
        advances += advances[-1:] * max(0, glyphs - metrics)  # glyphs past the last full metric share its advance
        scale = 1000 / units
        advances = [(a if units == 1000 else a * scale) / 1000 for a in advances]  # ReportLab's 1000 units, ours 1
        known = len(advances)  # a glyph past them has no width
        widths = {code: advances[glyph] for code, glyph in glyph_of.items() if glyph < known}
    except (struct.error, ZeroDivisionError):
        return None
    for have, give in ((0x20, 0xA0), (0xA0, 0x20)):  # the space and the no-break space share a width
        if have in glyph_of:
            if have not in widths:
                return None
            widths[give] = widths[have]
            break
    return widths


@lru_cache(maxsize=None)
def face(key: str) -> Face:
    """Return face `key` of briefing.fonts with the line metrics word processors use (hhea)."""
    tables = _tables(key)[1]
    units = struct.unpack_from(">H", tables[b"head"], 18)[0]
    ascent, descent = struct.unpack_from(">hh", tables[b"hhea"], 4)
    return Face(key, ascent / units, -descent / units)


@lru_cache(maxsize=None)
def _key_of(family: str, bold: bool) -> str | None:
    """Return the key of the face of `family` (bold or not) among briefing.fonts' faces, or None."""
    found = [key for key, (_, name, heavy) in fontfiles.FACES.items() if name == family]
    return next((k for k in found if fontfiles.FACES[k][2] == bold), found[0] if found else None)


# -- style resolution -----------------------------------------------------------------------


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


# -- characters and line breaking ----------------------------------------------------------

_OPEN = set("([{\u2018\u201c\u00ab\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\uff08\uff3b\uff5b"
            "\uff5f\uff62$\u00a3\u00a5\u20ac\uffe5\uffe1")
_CLOSE = set(")]}\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\uff09\uff0c\uff0e\uff3d"
             "\uff5d\uff60\uff63\uff1a\uff1b\uff01\uff1f!?,.:;%\u2030\u2103\u00b0\u2019\u201d\u00bb\u2026\u30fc"
             "\u3005\u309d\u309e\u30fd\u30fe\uff05\u00b7\u30fb\u2032\u2033")
_QUOTES = set("\"'\u201c\u201d\u2018\u2019")


def _asian(ch: str) -> bool:
    """Return whether `ch` is set in the East Asian face (Han, kana, CJK punctuation, full-width forms)."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or o >= 0x20000)


def _ideograph(ch: str) -> bool:
    """Return whether `ch` is an East Asian letter (not punctuation): what autospacing sets apart from Latin."""
    return _asian(ch) and unicodedata.category(ch).startswith("L")


def _alnum(ch: str) -> bool:
    return not _asian(ch) and (ch.isalnum() or ch in "&@#_")


_CLASSES: dict[str, tuple[bool, bool]] = {}  # a character -> (_ideograph, _alnum); a text repeats its characters


def _classes(ch: str) -> tuple[bool, bool]:
    got = _CLASSES.get(ch)
    if got is None:
        got = _CLASSES[ch] = (_ideograph(ch), _alnum(ch))
    return got


@dataclass(slots=True)
class _Atom:
    """One character (or picture, tab, break) of a paragraph, as line breaking sees it."""

    ch: str
    width: float
    ascent: float
    descent: float
    size: float = 0.0
    kind: str = "char"  # "char", "tab", "break" (w:br), "object" (a picture), "label" (a list's bullet)
    tab: tuple | None = None  # a tab's stops (position, alignment) and default interval


_PAIRS: dict[str, bool] = {}  # two characters -> whether a line may break between them (pairs repeat)


def _can_break(a: _Atom, b: _Atom) -> bool:
    """Return whether a line may break between atoms `a` and `b` (Unicode line breaking, simplified)."""
    if a.kind == "char" and b.kind == "char":  # then the characters alone decide
        pair = a.ch + b.ch
        got = _PAIRS.get(pair)
        if got is None:
            if len(_PAIRS) > 200_000:  # a long run of many texts: start again rather than grow without end
                _PAIRS.clear()
            got = _PAIRS[pair] = _breakable(a, b)
        return got
    return _breakable(a, b)


def _breakable(a: _Atom, b: _Atom) -> bool:
    if a.kind in ("break", "label") or b.kind == "break":
        return False
    x, y = a.ch, b.ch
    if y == " " or y in _CLOSE:  # breaks come after spaces; nothing closing starts a line
        return False
    if x == " ":
        return True
    if x in _QUOTES or y in _QUOTES or x in _OPEN:  # quotes stick to both sides; nothing opening ends a line
        return False
    if a.kind in ("object", "tab") or b.kind in ("object", "tab"):
        return True
    if x in "-\u2010" and y.isdigit():
        return False
    if x in "-\u2010\u2013\u2014/":
        return True
    if _alnum(x) and _alnum(y) or y in "-\u2010\u2026":
        return False
    return _asian(x) or _asian(y)


@dataclass
class Line:
    """A line of a paragraph: its ascent and descent (what stands on it), width and text."""

    ascent: float
    descent: float
    width: float
    text: str
    body: float  # the height of its text alone, a list label aside
    broken: bool = False  # ended by a line break (w:br)


def break_lines(atoms: list[_Atom], widths: tuple[float, float],
                mark: tuple[float, float]) -> list[Line]:
    """Break a paragraph's atoms into lines `widths` wide (first line, others).

    `mark` is the paragraph mark's ascent and descent: the height of an empty line.
    """
    lines = []
    n, i = len(atoms), 0
    if n == 0:
        return [Line(mark[0], mark[1], 0.0, "", mark[0] + mark[1])]
    # whether a line may break before each atom, asked once: a line set again from its last break asks again
    before = [False] + [_can_break(a, b) for a, b in zip(atoms, atoms[1:])]
    while i < n:
        limit = (widths[0] if not lines else widths[1]) + EPS
        x, j, last_break, last_x = 0.0, i, None, 0.0  # a break opportunity and the width before it
        hard = False
        while j < n:
            a = atoms[j]
            kind = a.kind
            if kind == "break":
                hard = True
                break
            w = a.width if kind != "tab" else _advance(atoms, j, x)
            if j > i and before[j]:
                last_break, last_x = j, x
            if x + w > limit and a.ch != " " and j > i:
                if a.ch in HANGING and (j + 1 >= n or atoms[j + 1].ch != " "):
                    # a full-width comma or stop hangs; the line ends after it if a break is allowed there
                    if j + 1 >= n or before[j + 1]:
                        j += 1
                        x += w
                        break
                if last_break is not None:  # else nowhere to break: the word is cut at the margin
                    j, x = last_break, last_x
                break
            x += w
            j += 1
        end = j
        if end == i and not hard:  # a single atom wider than the line
            end = i + 1
        chunk = atoms[i:end]
        text = [a for a in chunk if a.kind != "label"]
        body = max(map(_ASCENT, text), default=mark[0]) + max(map(_DESCENT, text), default=mark[1])
        lines.append(Line(max(map(_ASCENT, chunk), default=mark[0]), max(map(_DESCENT, chunk), default=mark[1]), x,
                          "".join(map(_CH, chunk)), body, hard))
        i = end
        if hard:
            if i < n and atoms[i].kind == "break":
                i += 1
            if i >= n:  # a break at the very end leaves an empty last line
                lines.append(Line(atoms[i - 1].ascent, atoms[i - 1].descent, 0.0, "",
                                  atoms[i - 1].ascent + atoms[i - 1].descent))
        while i < n and atoms[i].ch == " " and not hard:  # spaces at a break vanish
            i += 1
    return lines


_ASCENT, _DESCENT, _CH = attrgetter("ascent"), attrgetter("descent"), attrgetter("ch")


def _advance(atoms: list[_Atom], j: int, x: float) -> float:
    """Return the width of atom `j` starting at `x` (a tab's depends on where it stands)."""
    a = atoms[j]
    if a.kind != "tab":
        return a.width
    stops, interval = a.tab
    for pos, align in stops:
        if pos > x + EPS:
            if align in ("right", "end"):
                following = 0.0
                for b in atoms[j + 1:]:
                    if b.kind in ("tab", "break"):
                        break
                    following += b.width
                return max(0.0, pos - x - following)
            return pos - x
    return interval - (x % interval) if interval > 0 else 0.0


# -- blocks ---------------------------------------------------------------------------------


@dataclass
class Unit:
    """An unbreakable slice of the page flow: a line of a paragraph, or a table row."""

    height: float
    gap: float = 0.0  # space above it when it does not start a page
    breakable: bool = True  # a page may end before it
    new_page: bool = False  # it starts a page (a page break before it, a new section)
    header: float = 0.0  # a table's repeated header rows, set above it when it starts a page
    area: float = 0.0  # the text height of its page
    marks: list[str] = field(default_factory=list)  # bookmarks starting in it
    overhang: float = 0.0  # what may hang below the text area at a page's foot: a line's proportional spacing
    text: str = ""  # what it shows, for tracing
    kind: str = "line"  # or "row"


@dataclass
class _Para:
    """A paragraph laid out: its lines' heights and what pagination needs to know of it."""

    lines: list[float]
    before: float
    after: float
    keep_next: bool
    keep_lines: bool
    widows: bool
    page_break: bool
    top: float  # borders above the first line and below the last
    bottom: float
    marks: list[str]
    contextual: bool = False
    style: str | None = None
    overhangs: list[float] = field(default_factory=list)  # what proportional spacing adds below each line
    texts: list[str] = field(default_factory=list)  # each line's text, for tracing


@dataclass(frozen=True)
class _Look:
    """What a paragraph's properties make of it, whatever its text."""

    sid: str | None
    base_rpr: dict  # the run properties its runs start from
    label: tuple[float, float, float] | None  # a list label's ascent, descent and size
    left: float
    right: float
    first: float
    autospace: tuple[bool, bool]
    tabs: list[tuple[float, str]]
    mark: tuple[float, float]  # the paragraph mark's ascent and descent
    rule: str
    line: float
    before: float
    after: float
    keep_next: bool
    keep_lines: bool
    widows: bool
    page_break: bool
    top: float
    bottom: float
    contextual: bool


class Layout:
    """Lays out a Word body's blocks into units for pagination."""

    def __init__(self, styles: Styles, default_tab: float = 36.0):
        self.styles = styles
        self.default_tab = default_tab
        self.fields: list[str] = []  # the stack of open fields: "code" until their result starts
        self.done: dict = {}  # body paragraphs and tables without fields, laid out once
        self._looks: dict[tuple, tuple] = {}  # (table parts' id, pPr content) -> (the parts, _Look)
        self._run_looks: dict[tuple, tuple] = {}  # (paragraph's run properties' id, rPr content) -> (them, look...)
        self._glyphs: dict[tuple, dict[str, tuple]] = {}  # run look -> character -> _glyph

    def _known(self, element, width: float, make):
        """Return `make()`, remembered for `element` (at `width`) when it holds no field."""
        key = (id(element), width)
        if key in self.done:
            return self.done[key][1]
        got = make()
        if element.find(f".//{W}fldChar") is None:
            self.done[key] = (element, got)  # the element is kept so its id stays its own
        return got

    # paragraphs

    def paragraph(self, p, width: float, table: dict | None = None) -> _Para:
        """Return paragraph `p` laid out `width` points wide (in a table cell: `table` holds its style's parts)."""
        look = self._look(p.find(W + "pPr"), table)
        atoms: list[_Atom] = []
        marks: list[str] = []
        if look.label is not None:  # the list's label: it stands in the hanging indent, the text at the indent
            atoms.append(_Atom("", 0.0, *look.label, "label"))
        self._runs(p, atoms, marks, look.base_rpr, table or {})
        _autospace(atoms, look.autospace)
        left, tabs = look.left, look.tabs
        avail = width - left - look.right
        for a in atoms:  # tab stops count from the margin, lines from the indent
            if a.kind == "tab":
                a.tab = ([(pos - left, al) for pos, al in tabs if pos - left > 0], self.default_tab)
        raw = break_lines(atoms, (avail - look.first, avail), look.mark)
        rule, line = look.rule, look.line
        heights, overhangs = [], []
        for k, got in enumerate(raw):
            natural = _twips(got.ascent + got.descent)
            # LibreOffice spaces a line a break ends by the faces of the line after it (measured)
            body = _twips(raw[k + 1].body if got.broken and k + 1 < len(raw) else got.body)
            if rule == "exact":
                heights.append(line / 20)
                overhangs.append(0.0)
            elif rule == "atLeast":
                heights.append(max(line / 20, natural))
                overhangs.append(0.0)
            else:  # proportional spacing adds to the text's height, not to a taller list label's
                heights.append(math.floor((natural + body * (line / 240 - 1)) * 20 + 1e-6) / 20)
                overhangs.append(max(0.0, heights[-1] - natural))
        return _Para(heights, look.before, look.after, look.keep_next, look.keep_lines, look.widows, look.page_break,
                     look.top, look.bottom, marks, look.contextual, look.sid, overhangs, [got.text for got in raw])

    def _look(self, ppr_el, table: dict | None) -> _Look:
        """Return what paragraph properties `ppr_el` make of a paragraph (in a cell: `table` holds its style's parts).

        Paragraphs repeat a handful of property sets, so each set is resolved once:
        the key is the pPr's content and the table's parts (by id: they are kept
        with the result, so that the id stays theirs).
        """
        key = (id(table) if table else None, _signature(ppr_el))
        known = self._looks.get(key)
        if known is None:
            known = self._looks[key] = (table, self._resolve(ppr_el, table or {}))
        return known[1]

    def _resolve(self, ppr_el, table: dict) -> _Look:
        s = self.styles
        direct = _props(ppr_el)
        sid = direct.get("pStyle", {}).get("val") or s.default_para
        ppr = _merge(s.default_ppr, table.get("pPr", {}), s.style(sid, "pPr"), direct)
        base_rpr = _merge(s.default_rpr, table.get("rPr", {}), s.style(sid, "rPr"))
        mark_rpr = _merge(base_rpr, _props(ppr_el.find(W + "rPr")) if ppr_el is not None else {})
        num = ppr.get("numPr", {})
        level = s.level(num.get("numId", {}).get("val"), num.get("ilvl", {}).get("val")) if num else None
        # the indent: the style's, then the list level's, then the paragraph's own
        listed = _props(level.find(W + "pPr")).get("ind", {}) if level is not None else {}
        ind = _merge({"ind": _merge(s.default_ppr, s.style(sid, "pPr")).get("ind", {})}, {"ind": listed},
                     {"ind": direct.get("ind", {})})["ind"]
        left = _num(ind.get("left", ind.get("start"))) / 20
        right = _num(ind.get("right", ind.get("end"))) / 20
        first = (_num(ind.get("firstLine")) - _num(ind.get("hanging"))) / 20
        space = ppr.get("spacing", {})
        autospace = (_on({"a": ppr.get("autoSpaceDE", {})}, "a"), _on({"a": ppr.get("autoSpaceDN", {})}, "a"))
        tabs = sorted((_num(t.get("pos")) / 20, t.get("val", "left")) for t in ppr.get("tabs", {}).get("stops", [])
                      if t.get("val") != "clear")
        label = None
        if level is not None:
            label_rpr = _merge(mark_rpr, _props(level.find(W + "rPr")))
            text = (level.find(W + "lvlText").get(W + "val") if level.find(W + "lvlText") is not None else "") or ""
            latin, east, size, _ = s.faces(label_rpr)
            if text:
                f = east if _asian(text[0]) else latin
                label = (*f.extent(size), size)
            first = max(first, 0.0)  # the label fills the hanging indent; the text starts at the indent
        latin, east, size, _ = s.faces(mark_rpr)
        mark_face = east if _asian_doc(mark_rpr) else latin
        borders = ppr.get("pBdr", {})
        return _Look(sid, base_rpr, label, left, right, first, autospace, tabs, mark_face.extent(size),
                     space.get("lineRule", "auto"), _num(space.get("line"), 240), _num(space.get("before")) / 20,
                     _num(space.get("after")) / 20, _on(ppr, "keepNext"), _on(ppr, "keepLines"),
                     _on(ppr, "widowControl"), _on(ppr, "pageBreakBefore"), _border(borders.get("top")),
                     _border(borders.get("bottom")), _on(ppr, "contextualSpacing"))

    def _runs(self, node, atoms: list[_Atom], marks: list[str], base_rpr: dict, table: dict) -> None:
        """Append the atoms of the runs under `node` (a paragraph, hyperlink...) in order."""
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            if name == "r":
                self._run(child, atoms, base_rpr)
            elif name == "bookmarkStart":
                marks.append(child.get(W + "name"))
            elif name in ("hyperlink", "smartTag", "ins", "fldSimple", "sdt", "sdtContent", "customXml"):
                self._runs(child, atoms, marks, base_rpr, table)

    def _run(self, r, atoms: list[_Atom], base_rpr: dict) -> None:
        rpr_el = r.find(W + "rPr")
        key = (id(base_rpr), _signature(rpr_el))
        known = self._run_looks.get(key)  # runs repeat a few property sets too (see _look)
        if known is None:
            look = self._run_look(rpr_el, base_rpr)
            glyphs = None if look is None else self._glyphs.setdefault(look, {})  # runs alike measure alike
            known = self._run_looks[key] = (base_rpr, look, glyphs)
        _, look, glyphs = known
        if look is None:  # hidden
            return
        latin, east, size, caps, extra = look
        for child in r:
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            if name == "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if "code" in self.fields:
                continue
            if name == "t":
                for ch in (child.text or ""):
                    got = glyphs.get(ch)
                    if got is None:
                        got = glyphs[ch] = _glyph(ch.upper() if caps else ch, latin, east, size, extra)
                    atoms.append(_Atom(ch, *got))
            elif name == "tab":
                atoms.append(_Atom("\t", 0.0, *latin.extent(size), size, "tab"))
            elif name in ("br", "cr"):
                if child.get(W + "type") in (None, "textWrapping"):
                    atoms.append(_Atom("\n", 0.0, *latin.extent(size), size, "break"))
            elif name == "noBreakHyphen":
                atoms.append(_Atom("\u2011", (latin.width("-") or 0.33) * size, *latin.extent(size), size))
            elif name == "drawing":
                extent = child.find(f".//{WP}extent")
                if extent is not None and child.find(WP + "inline") is not None:
                    atoms.append(_Atom("\ufffc", _num(extent.get("cx")) / EMU, _num(extent.get("cy")) / EMU, 0.0,
                                       size, "object"))

    def _run_look(self, rpr_el, base_rpr: dict) -> tuple | None:
        """Return a run's faces, size, capitals and letter spacing from its rPr; None for hidden text."""
        s = self.styles
        direct = _props(rpr_el)
        rstyle = direct.get("rStyle", {}).get("val")
        rpr = _merge(base_rpr, s.style(rstyle, "rPr") if rstyle else {}, direct)
        if _on(rpr, "vanish"):
            return None
        latin, east, size, _ = s.faces(rpr)
        return latin, east, size, _on(rpr, "caps"), _num(rpr.get("spacing", {}).get("val")) / 20

    # tables

    def table(self, tbl, width: float) -> list[tuple[float, bool, list[str], str]]:
        """Return the rows of table `tbl`: height (borders included), whether it repeats as a header, marks, text."""
        s = self.styles
        direct = _props(tbl.find(W + "tblPr"))
        sid = direct.get("tblStyle", {}).get("val")
        tblpr = _merge(s.style(sid, "tblPr"), direct)
        look = direct.get("tblLook", {})
        if "firstRow" in look:
            first_row = look["firstRow"] in ("1", "true", "on")
        else:
            first_row = bool(int(look.get("val") or "0", 16) & 0x20)
        style_parts = {"pPr": s.style(sid, "pPr"), "rPr": s.style(sid, "rPr")}
        margins = tblpr.get("tblCellMar", {})
        borders = tblpr.get("tblBorders", {})
        grid = [_num(g.get(W + "w")) / 20 for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        rows_el = tbl.findall(W + "tr")
        rows = []
        for n, tr in enumerate(rows_el):
            trpr = _props(tr.find(W + "trPr"))
            parts = style_parts
            if n == 0 and first_row:
                parts = {"pPr": _merge(style_parts["pPr"], s.conditional(sid, "firstRow", "pPr")),
                         "rPr": _merge(style_parts["rPr"], s.conditional(sid, "firstRow", "rPr"))}
            tallest, col, marks = 0.0, 0, []
            for tc in tr.findall(W + "tc"):
                tcpr = _props(tc.find(W + "tcPr"))
                span = int(_num(tcpr.get("gridSpan", {}).get("val"), 1))
                cell_w = sum(grid[col:col + span]) if grid[col:col + span] else _num(
                    tcpr.get("tcW", {}).get("w")) / 20
                col += span
                mar = {**margins, **tcpr.get("tcMar", {})}
                side = lambda k, alt: _num(mar.get(k, mar.get(alt, {})).get("w")) / 20  # noqa: E731
                inner = cell_w - side("left", "start") - side("right", "end")
                body = self.stack(tc, inner, parts, marks)
                tallest = max(tallest, body + side("top", "top") + side("bottom", "bottom"))
            rule = trpr.get("trHeight", {})
            if rule:
                h = _num(rule.get("val")) / 20
                tallest = h if rule.get("hRule") == "exact" else max(tallest, h)
            # LibreOffice sets a row under a border a little less than the border's width lower (measured)
            line = _border(borders.get("top")) if n == 0 else max(0.0, _border(borders.get("insideH")) - ROW_RULE)
            if n == len(rows_el) - 1:
                line += max(0.0, _border(borders.get("bottom")) - ROW_RULE)
            text = "".join(t.text or "" for t in tr.iter(W + "t"))[:40]
            rows.append((tallest + line, _on(trpr, "tblHeader"), marks, text))
        return rows

    def stack(self, container, width: float, parts: dict, marks: list[str]) -> float:
        """Return the height of the paragraphs (and tables) of a cell, `width` wide."""
        height, after = 0.0, None
        for child in container:
            name = _local(child.tag) if isinstance(child.tag, str) else ""
            if name == "p":
                para = self.paragraph(child, width, parts)
                marks.extend(para.marks)
                gap = para.before if after is None else max(after, para.before)
                height += gap + para.top + sum(para.lines) + para.bottom
                after = para.after
            elif name == "tbl":
                height += sum(row[0] for row in self.table(child, width)) + (after or 0.0)
                after = 0.0
        return height + (after or 0.0)


def _glyph(shown: str, latin: Face, east: Face, size: float, extra: float) -> tuple[float, float, float, float]:
    """Return the advance (with the run's letter spacing), ascent, descent and size of character `shown` in a run."""
    f = east if _asian(shown) else latin
    w = f.width(shown)
    if w is None:  # the face lacks it: the other one stands in, as LibreOffice's fallback
        other = latin if f is east else east
        w = other.width(shown)
        f = other if w is not None else f
        w = w if w is not None else (1.0 if _asian(shown) else 0.5)
    return (w * size + extra, *f.extent(size), size)


def _twips(points: float) -> float:
    """Return `points` rounded to whole twips."""
    return round(points * 20) / 20


def _border(side: dict | None) -> float:
    """Return the room a border takes: its width and its distance from the text."""
    if not side or side.get("val") in (None, "nil", "none"):
        return 0.0
    return _num(side.get("sz")) / 8 + _num(side.get("space"))


def _asian_doc(rpr: dict) -> bool:
    """Return whether an empty line takes its height from the East Asian face (a Chinese document's)."""
    lang = rpr.get("lang", {})
    return (lang.get("val") or "").startswith("zh") or rpr.get("rFonts", {}).get("hint") == "eastAsia"


def _autospace(atoms: list[_Atom], on: tuple[bool, bool]) -> None:
    """Widen the boundaries between Han and Latin letters (`on[0]`) or digits (`on[1]`) by a fifth of an em."""
    if not any(on):
        return
    for a, b in zip(atoms, atoms[1:]):
        if a.kind != "char" or b.kind != "char":
            continue
        x, y = _CLASSES.get(a.ch) or _classes(a.ch), _CLASSES.get(b.ch) or _classes(b.ch)
        if x[0]:  # the other of an ideograph and a Latin letter or digit
            other, alnum = b.ch, y[1]
        elif y[0]:
            other, alnum = a.ch, x[1]
        else:
            continue
        if alnum and on[1 if other.isdigit() else 0]:
            a.width += AUTOSPACE * max(a.size, b.size)


# -- the body -------------------------------------------------------------------------------


@dataclass
class _Section:
    area: float  # text height
    width: float  # text width


def _section(sect) -> _Section:
    """Return the text area of a section's pages (Word's defaults where the sectPr is silent: Letter, 1in)."""
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    w, h = ((_num(size.get(W + "w"), 12240) / 20, _num(size.get(W + "h"), 15840) / 20) if size is not None
            else (612.0, 792.0))
    m = {k: _num(margins.get(W + k), 1440) / 20 if margins is not None else 72.0
         for k in ("top", "bottom", "left", "right")}
    return _Section(h - abs(m["top"]) - abs(m["bottom"]), w - m["left"] - m["right"])


def units(body, layout: Layout) -> list[Unit]:
    """Return the body's blocks cut into the units pagination moves: lines and table rows."""
    layout.fields = []
    blocks = [c for c in body if isinstance(c.tag, str) and _local(c.tag) in ("p", "tbl", "sectPr")]
    sections, current = [], []
    for block in blocks:  # each section's blocks and page; a paragraph holding a sectPr ends its section
        if _local(block.tag) == "sectPr":
            sections.append((_section(block), current))
            current = []
            continue
        current.append(block)
        sect = block.find(f"{W}pPr/{W}sectPr") if _local(block.tag) == "p" else None
        if sect is not None:
            sections.append((_section(sect), current))
            current = []
    if current:
        last = body.find(W + "sectPr")
        sections.append((_section(last if last is not None else body), current))
    out: list[Unit] = []
    for number, (section, blocks) in enumerate(sections):
        after, keep, start = 0.0, False, number > 0
        previous: _Para | None = None
        for block in blocks:
            if _local(block.tag) == "p":
                para = layout._known(block, section.width, lambda: layout.paragraph(block, section.width))
                n = len(para.lines)
                gap = max(after, para.before)
                if para.contextual and previous is not None and previous.style == para.style:
                    gap = 0.0
                for i, h in enumerate(para.lines):
                    breakable = True
                    if i == 0:
                        breakable = not keep
                    elif para.keep_lines or para.keep_next:  # LibreOffice moves a kept paragraph whole
                        breakable = False
                    elif para.widows and (i == 1 or i == n - 1):
                        breakable = False
                    height = h + (para.top if i == 0 else 0.0) + (para.bottom if i == n - 1 else 0.0)
                    out.append(Unit(height, gap if i == 0 else 0.0, breakable,
                                    (para.page_break or start) and i == 0, area=section.area,
                                    marks=para.marks if i == 0 else [],
                                    overhang=para.overhangs[i] if i < n - 1 or not para.bottom else 0.0,
                                    text=para.texts[i]))
                    start = False
                after, keep, previous = para.after, para.keep_next, para
            else:
                rows = layout._known(block, section.width, lambda: layout.table(block, section.width))
                heads = 0.0
                seen_body = False
                for i, (h, header, marks, text) in enumerate(rows):
                    breakable = not keep if i == 0 else seen_body
                    out.append(Unit(h, after if i == 0 else 0.0, breakable, start and i == 0,
                                    header=heads if not header else 0.0, area=section.area, marks=marks,
                                    text=text, kind="row"))
                    start = False
                    if header and not seen_body:
                        heads += h
                    else:
                        seen_body = True
                after, keep, previous = 0.0, False, None
    return out


def flow(items: list[Unit]) -> tuple[list[int], int]:
    """Return the page of each unit and the page count, filling pages in order and ending each where allowed."""
    pages = [0] * len(items)
    page, start, n = 0, 0, len(items)
    while start < n:
        page += 1
        y, j = 0.0, start
        while j < n:
            u = items[j]
            if j > start and u.new_page:
                break
            h = u.height + (u.header if j == start else u.gap)
            if j > start and y + h - u.overhang > u.area + EPS:
                k = j
                while k > start and not items[k].breakable:
                    k -= 1
                j = k if k > start else j
                break
            y += h
            j += 1
        for k in range(start, j):
            pages[k] = page
        start = j
    return pages, max(page, 1)


def paginate(body, layout: Layout) -> tuple[dict[str, int], int]:
    """Return the page of each bookmark in a Word body (as LibreOffice lays it out) and the page count."""
    items = units(body, layout)
    pages, count = flow(items)
    marks: dict[str, int] = {}
    for unit, page in zip(items, pages):
        for name in unit.marks:
            marks.setdefault(name, page)
    return marks, count


# -- the contents' page numbers ------------------------------------------------------------


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


def number_pages(word, fallback: dict[str, str] | None = None) -> tuple[dict[str, int], int]:
    """Lay out a python-docx document as LibreOffice does; show each PAGEREF field's page in it.

    Returns the page of each bookmark and the page count. The numbers' own width
    can move a line, so the layout is done again until the numbers hold (twice,
    as a rule). `fallback` names the face keys ("latin", "east") measuring
    families briefing.fonts does not have.
    """
    from briefing.render.docx.parts import numbering_part

    body = word.element.body
    styles = Styles(word.styles.element, numbering_part(word).element, fallback)
    stop = word.settings.element.find(W + "defaultTabStop")
    tab = _num(stop.get(W + "val"), 720) / 20 if stop is not None else 36.0
    refs = _pagerefs(body)
    shown: dict[str, str] = {}
    for name, runs, separate in refs:
        shown[name] = "00"
        _show(runs, separate, "00")
    pages, count, layout = {}, 1, Layout(styles, tab)
    for _ in range(3):
        pages, count = paginate(body, layout)
        new = {name: str(pages.get(name, "")) for name, _, _ in refs}
        if new == shown:
            break
        for name, runs, separate in refs:
            _show(runs, separate, new[name])
        shown = new
    return pages, count

"""Set mixed Chinese/Latin text as a Chinese reader expects: a ReportLab flowable.

ReportLab's Paragraph lets closing punctuation start a line and cannot justify
Chinese lines, so this module breaks and sets lines itself:

* the text is cut into unbreakable atoms: every Han (kana, fullwidth) character
  is one; so is a Latin word, a number ("46.3", "71.5%"), an e-mail address, a
  URL and a phone number ("+86 571 8888 0000", inner spaces kept);
* kinsoku: closing punctuation (，。」”…) never starts a line, opening
  punctuation (（「“) never ends one; "……" and "——" stay together;
* a quarter-em gap separates Han from Latin letters and digits;
* adjacent fullwidth punctuation is squeezed ("。”" takes 1.5 em) and a line may
  end in half of a fullwidth closing mark when that is what makes it fit;
* justified lines spread the slack over the gaps between Han characters, the
  spaces and the Han-Latin gaps (never inside a word), so that every line but
  the last ends exactly at the right margin;
* every character is set in the first font of the style's stack that has it.

`break_lines` is the pure line breaker; `TextFlow` the flowable that draws its
result (as text, in reading order, so the PDF's text can be extracted).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from briefing.tree import Span

ASCENT = 0.88  # the ideographic em box sits 0.88 em above and 0.12 em below the baseline
_EPS = 1e-6


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph looks: fonts in fallback order, size, leading, colour, alignment, indents."""

    name: str
    fonts: tuple[str, ...]  # ReportLab registered font names, fallback order
    bold_fonts: tuple[str, ...]  # used for Span.bold
    size: float  # pt
    leading: float  # pt, baseline to baseline
    color: str = "#000000"  # hex
    align: str = "justify"  # left | center | right | justify (last line of a justified paragraph: left)
    left_indent: float = 0
    right_indent: float = 0
    first_indent: float = 0  # extra indent of the first line
    space_before: float = 0
    space_after: float = 0
    bullet: str | None = None  # drawn hanging in left_indent at bullet_indent
    bullet_indent: float = 0
    bullet_color: str | None = None
    cjk_latin_gap: float = 0.25  # em, between Han and Latin letters/digits
    keep_with_next: bool = False
    allow_split: bool = True  # may the paragraph break across pages (2 lines each side at least)
    # the bilingual edition's second language (Span.second): its own faces, e.g. Latin first for English
    second_fonts: tuple[str, ...] = ()
    second_bold_fonts: tuple[str, ...] = ()

    def __post_init__(self):
        if self.align not in ("left", "center", "right", "justify"):
            raise ValueError(f"align must be left, center, right or justify, got {self.align!r}")
        if not self.fonts or not self.bold_fonts:
            raise ValueError(f"style {self.name!r} needs at least one font and one bold font")
        if self.size <= 0 or self.leading <= 0:
            raise ValueError(f"style {self.name!r}: size and leading must be positive")


def baseline_offset(style: TextStyle) -> float:
    """Return the distance from the top of a line's box (one leading tall) down to its baseline.

    The leading is shared equally above and below the em box (as CSS does), so
    line k of a flowable of height h has its baseline at h - k*leading - this.
    """
    return (style.leading - style.size) / 2 + ASCENT * style.size


# ---------------------------------------------------------------------------
# fonts: coverage, fallback, widths

_COVERAGE: dict[str, frozenset[int]] = {}
_WIDTHS: dict[str, dict[str, float]] = {}
_PICK: dict[tuple[str, ...], dict[str, str]] = {}


def _coverage(font: str) -> frozenset[int]:
    cover = _COVERAGE.get(font)
    if cover is None:
        face = pdfmetrics.getFont(font).face
        glyphs = getattr(face, "charToGlyph", None)
        if glyphs is not None:
            cover = frozenset(glyphs)
        else:  # a standard Type 1 font: Latin-1 at best
            cover = frozenset(range(32, 127)) | frozenset(range(160, 256))
        _COVERAGE[font] = cover
    return cover


def _pick(ch: str, fonts: tuple[str, ...]) -> str:
    """Return the first font of `fonts` that has `ch` (the first font if none has)."""
    table = _PICK.get(fonts)
    if table is None:
        table = _PICK[fonts] = {}
    font = table.get(ch)
    if font is None:
        code = ord(ch)
        font = next((f for f in fonts if code in _coverage(f)), fonts[0])
        table[ch] = font
    return font


def _char_width(font: str, ch: str) -> float:
    """Return the advance of `ch` in `font` at 1 pt."""
    widths = _WIDTHS.get(font)
    if widths is None:
        widths = _WIDTHS[font] = {}
    w = widths.get(ch)
    if w is None:
        w = widths[ch] = pdfmetrics.stringWidth(ch, font, 1000) / 1000
    return w


def fit_font(text: str, fonts: Sequence[str]) -> list[tuple[str, str]]:
    """Split `text` into runs, each set in the first font of `fonts` that has all its characters.

    Spaces stay in the font of the run they follow when it has them. A character
    no font has is set in the first font (it shows as .notdef; see missing_chars).
    """
    fonts = tuple(fonts)
    runs: list[tuple[str, str]] = []
    cur, buf = None, []
    for ch in text:
        if ch.isspace() and cur is not None and ord(ch) in _coverage(cur):
            font = cur
        else:
            font = _pick(ch, fonts)
        if font != cur and buf:
            runs.append(("".join(buf), cur))
            buf = []
        cur = font
        buf.append(ch)
    if buf:
        runs.append(("".join(buf), cur))
    return runs


def missing_chars(text: str, fonts: Sequence[str]) -> set[str]:
    """Return the characters of `text` (other than line breaks and tabs) that no font in `fonts` has."""
    return {
        ch
        for ch in set(text)
        if ch not in "\n\r\t" and not any(ord(ch) in _coverage(f) for f in fonts)
    }


# ---------------------------------------------------------------------------
# characters: classes for line breaking

ID, WORD, AL, OP, CL = range(5)  # ideograph, Latin word/number, other narrow symbol, opening, closing

_OPEN = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«‹([{¿¡" "$￥¥£€＄＃#№")
_CLOSE = frozenset(
    "）］｝〕〉》」』】〙〗〟’”｠»›)]}，。、；：？！,.;:?!．｡､｣%‰‱％°℃℉′″"
    "々〻ゝゞヽヾ・·ー〜～…‥—―–-‐‑/／‼⁇⁈⁉"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
# fullwidth marks whose ink sits in the left half of the em (the Simplified Chinese
# convention), so their right half may be squeezed; and opening marks, ink right
_INK_LEFT = frozenset("，。、；：？！）］｝〕〉》」』】〙〗”’｠")
_INK_RIGHT = frozenset("（［｛〔〈《「『【〘〖“‘｟")
_NO_STRETCH_PAIRS = frozenset("—―…‥─")  # "——" and "……" are drawn as one mark
_QUOTES = {'"': '"', "＂": '"', "'": "'", "＇": "'"}

_LATIN = (
    r"0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0300-\u036f"
    r"\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"
)
_WORD_RE = re.compile(
    rf"[{_LATIN}]+(?:[.,:/@\-_+&?=#~'’*\u00a0\u202f\u2011–][{_LATIN}]+)*[%‰‱°℃′″]*"
)
_URL_RE = re.compile(
    r"(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ff][Tt][Pp]://|[Ww][Ww][Ww]\.)"
    r"[^\s<>\"{}|\\^`\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]+"
)
_PHONE_RE = re.compile(r"\+?(?:\(\d{1,5}\)|\d{1,5})(?:[ \-\u00a0](?:\(\d{1,5}\)|\d{1,11}))+(?![0-9A-Za-z])")


def _is_latin(ch: str) -> bool:
    return bool(ch) and (ch.isascii() and ch.isalnum() or "\u00c0" <= ch <= "\u052f" or "\u1e00" <= ch <= "\u1eff")


_CLASS: dict[str, tuple[int, bool]] = {}


def _char_class(ch: str) -> tuple[int, bool]:
    """Return (class, east-asian wide?) of a character set on its own."""
    got = _CLASS.get(ch)
    if got is None:
        wide = unicodedata.east_asian_width(ch) in "WF"
        if ch in _OPEN:
            cls = OP
        elif ch in _CLOSE:
            cls = CL
        elif wide:
            cls = ID
        else:
            cls = AL
        got = _CLASS[ch] = (cls, wide)
    return got


# ---------------------------------------------------------------------------
# atoms: the unbreakable units, each knowing the joint to the atom before it


class Atom:
    """An unbreakable piece of text, set in one or more fonts, and how it joins the atom before."""

    __slots__ = ("text", "runs", "width", "kind", "cjk", "wide_punct", "sq_right", "sq_left",
                 "brk", "space_w", "space_font", "gap", "adjust", "stretch")

    def __init__(self, text: str, runs: list[tuple[str, str, float]], kind: int, cjk: bool):
        self.text = text
        self.runs = runs
        self.width = sum(r[2] for r in runs)
        self.kind = kind
        self.cjk = cjk
        self.wide_punct = False
        self.sq_right = 0.0  # may lose this much of its right side (line end, before punctuation)
        self.sq_left = 0.0  # its left side is blank for this much (opening marks)
        # the joint before this atom
        self.brk = True  # may a line break here?
        self.space_w = 0.0  # width of a space set here (0: no space)
        self.space_font = ""
        self.gap = 0.0  # fixed gap (Han-Latin)
        self.adjust = 0.0  # negative: squeezes the previous atom's advance
        self.stretch = False  # does this joint take part in justification?

    @property
    def joint(self) -> float:
        return self.space_w + self.gap + self.adjust

    def copy_joint(self, other: Atom) -> None:
        self.brk, self.space_w, self.space_font = other.brk, other.space_w, other.space_font
        self.gap, self.adjust, self.stretch = other.gap, other.adjust, other.stretch

    def __repr__(self) -> str:
        return f"Atom({self.text!r})"


def _stack(style: TextStyle, face: int) -> tuple[str, ...]:
    """Return the font stack of a character's face code: +1 bold, +2 the second language."""
    if face >= 2 and style.second_fonts:
        return style.second_bold_fonts if face == 3 else style.second_fonts
    return style.bold_fonts if face % 2 else style.fonts


def _runs(text: str, bold: Sequence[bool], style: TextStyle) -> list[tuple[str, str, float]]:
    size = style.size
    out: list[tuple[str, str, float]] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and bold[j] == bold[i]:
            j += 1
        for run, font in fit_font(text[i:j], _stack(style, bold[i])):
            out.append((run, font, sum(_char_width(font, c) for c in run) * size))
        i = j
    return out


def _make_atom(text: str, bold: Sequence[bool], kind: int, style: TextStyle, wide: bool = False) -> Atom:
    size = style.size
    if len(text) == 1:
        fonts = _stack(style, bold[0])
        font = _pick(text, fonts)
        runs = [(text, font, _char_width(font, text) * size)]
    else:
        runs = _runs(text, bold, style)
    if kind == WORD:
        return Atom(text, runs, WORD, False)
    atom = Atom(text, runs, kind, False)
    w = atom.width
    ambiguous = unicodedata.east_asian_width(text[0]) == "A"
    atom.cjk = kind == ID or wide or (ambiguous and w >= 0.8 * size)
    if kind in (OP, CL) and w >= 0.9 * size:
        atom.wide_punct = True
        if text in _INK_LEFT:
            atom.sq_right = w / 2
        elif text in _INK_RIGHT:
            atom.sq_left = w / 2
    return atom


def _join(prev: Atom, cur: Atom, space: tuple[float, str] | None, style: TextStyle) -> None:
    """Set the joint fields of `cur`, which follows `prev`."""
    if space is not None:
        cur.space_w, cur.space_font = space
        cur.brk = not (prev.kind == OP or cur.kind == CL)
        cur.stretch = True
        return
    cur.brk = cur.kind != CL and prev.kind != OP and (prev.cjk or cur.cjk)
    if (prev.kind == ID and cur.kind == WORD) or (prev.kind == WORD and cur.kind == ID):
        cur.gap = style.cjk_latin_gap * style.size
    cur.stretch = (prev.cjk or cur.cjk) and not (prev.text == cur.text and cur.text in _NO_STRETCH_PAIRS)
    if prev.wide_punct and cur.wide_punct:
        if prev.sq_right:
            cur.adjust = -prev.sq_right
        elif cur.sq_left:
            cur.adjust = -cur.sq_left


def _normalise(spans: Sequence[Span]) -> tuple[str, list[bool]]:
    """Return the text of `spans` (CR LF and tabs normalised, ASCII spaces collapsed) and a bold flag per char."""
    chars: list[str] = []
    bold: list[bool] = []
    for span in spans:
        text = span.text.replace("\r\n", "\n").replace("\r", "\n")
        for ch in text:
            if ch in "\t\x0b\x0c":
                ch = " "
            if ch == " ":
                if not chars or chars[-1] in " \n":
                    continue
            elif ch == "\n" and chars and chars[-1] == " ":
                chars.pop()
                bold.pop()
            chars.append(ch)
            bold.append(int(span.bold) + (2 if getattr(span, "second", False) else 0))
    while chars and chars[-1] in " \n":
        chars.pop()
        bold.pop()
    while chars and chars[0] == "\n":
        chars.pop(0)
        bold.pop(0)
    return "".join(chars), bold


def _match_unit(s: str, i: int) -> int:
    """Return the end of the URL, phone number or word starting at s[i], or i if none does."""
    ch = s[i]
    if ch in "hHfFwW":
        m = _URL_RE.match(s, i)
        if m:
            url = m.group()
            while url and (url[-1] in ".,;:!?'\"" or (url[-1] == ")" and url.count("(") < url.count(")"))):
                url = url[:-1]
            if len(url) > 8:
                return i + len(url)
    if (ch.isdigit() and ch.isascii()) or ch in "+(":
        if not (i and (_is_latin(s[i - 1]) or s[i - 1] == ".")):
            m = _PHONE_RE.match(s, i)
            if m:
                phone = m.group()
                digits = sum(c.isdigit() for c in phone)
                seps = sum(c in " -\u00a0" for c in phone)
                if digits >= 7 and (phone[0] in "+(" or seps >= 2):
                    return m.end()
    m = _WORD_RE.match(s, i)
    return m.end() if m else i


def _atomize_segment(s: str, bold: Sequence[bool], style: TextStyle) -> list[Atom]:
    atoms: list[Atom] = []
    open_quote = {'"': False, "'": False}
    space: tuple[float, str] | None = None
    n = len(s)
    i = 0
    prev_font = style.fonts[0]
    while i < n:
        ch = s[i]
        if ch == " ":
            fonts = _stack(style, bold[i])
            font = prev_font if 32 in _coverage(prev_font) and prev_font in fonts else _pick(" ", fonts)
            space = (_char_width(font, " ") * style.size, font)
            i += 1
            continue
        j = _match_unit(s, i) if _is_latin(ch) or ch in "+(" else i
        if j > i:
            atom = _make_atom(s[i:j], bold[i:j], WORD, style)
        else:
            j = i + 1
            if ch in _QUOTES:
                q = _QUOTES[ch]
                before = s[i - 1] if i else " "
                after = s[i + 1] if i + 1 < n else " "
                if before == " " or _char_class(before)[0] == OP:
                    opening = True
                elif after == " " or _char_class(after)[0] == CL:
                    opening = False
                else:
                    opening = not open_quote[q]
                open_quote[q] = opening
                atom = _make_atom(ch, bold[i:j], OP if opening else CL, style)
            else:
                kind, wide = _char_class(ch)
                atom = _make_atom(ch, bold[i:j], kind, style, wide)
        if atoms:
            _join(atoms[-1], atom, space, style)
        space = None
        prev_font = atom.runs[-1][1]
        atoms.append(atom)
        i = j
    return atoms


@lru_cache(maxsize=512)
def _atomize(spans: tuple[Span, ...], style: TextStyle) -> tuple[tuple[Atom, ...], ...]:
    """Return the atoms of a paragraph, one tuple per segment between forced line breaks."""
    text, bold = _normalise(spans)
    segments = []
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        segments.append(tuple(_atomize_segment(part, bold[start:end], style)))
        start = end + 1
    return tuple(segments)


# ---------------------------------------------------------------------------
# lines


@dataclass
class Box:
    """A run of text set in one font: its pen position x (from the flowable's left edge) and widths."""

    text: str
    font: str
    x: float
    width: float  # natural advance of the text
    advance: float  # advance as set: the width less any punctuation squeeze (justification not included)
    kind: str = "text"  # "text" or "space"


@dataclass
class Line:
    """One set line: its boxes, the measure it was set to and how it was filled."""

    boxes: list[Box]
    width: float  # the measure: the room for this line's text
    natural_width: float  # the text's width before justification (after punctuation squeezing)
    left: float = 0.0  # x where the measure starts: left indent plus any first-line indent
    justify: bool = False  # was the line spread to the full measure?
    forced: bool = False  # does it end in a forced break ("\n")?
    last: bool = False  # is it the paragraph's last line?
    stretch: float = 0.0  # the space added at each joint that takes part in justification
    stretchable: int = 0  # how many joints can take part in justification
    atoms: list = field(default_factory=list, repr=False)
    segment: int = field(default=0, repr=False)

    @property
    def right(self) -> float:
        """Return the x where the line's last glyph ends (its advance)."""
        return self.boxes[-1].x + self.boxes[-1].advance if self.boxes else self.left

    @property
    def text(self) -> str:
        return line_text(self)


def line_text(line: Line) -> str:
    """Return the characters of `line`, spaces included, gaps and stretch not."""
    return "".join(box.text for box in line.boxes)


def _split_atom(atom: Atom, room: float, style: TextStyle) -> tuple[Atom, Atom]:
    """Cut an atom too wide for any line at the last character that fits in `room` (last resort).

    Prefer a cut after a URL separator in the second half of what fits.
    """
    chars = []
    w = 0.0
    for text, font, _ in atom.runs:
        for c in text:
            chars.append((c, font, _char_width(font, c) * style.size))
    fit = 0
    for c, _, cw in chars:
        if w + cw > room + _EPS and fit:
            break
        w += cw
        fit += 1
    fit = min(fit, len(chars) - 1) or 1
    drop = 0
    for k in range(fit, max(fit // 2, 1), -1):
        if k < len(chars) and chars[k][0] == " ":  # a phone number: cut at its space, which goes
            fit, drop = k, 1
            break
        if chars[k - 1][0] in "/.-?&=_#@:":
            fit = k
            break
    else:
        while fit > 1 and chars[fit][0] in _CLOSE:  # no piece starts with a full stop or the like
            fit -= 1

    def piece(part):
        runs: list[tuple[str, str, float]] = []
        for c, font, cw in part:
            if runs and runs[-1][1] == font:
                runs[-1] = (runs[-1][0] + c, font, runs[-1][2] + cw)
            else:
                runs.append((c, font, cw))
        return Atom("".join(c for c, _, _ in part), runs, atom.kind, atom.cjk)

    head, tail = piece(chars[:fit]), piece(chars[fit + drop:])
    head.copy_joint(atom)
    tail.brk = True
    tail.stretch = False
    return head, tail


def _cluster(atoms: list[Atom], j: int) -> tuple[int, float]:
    """Return the end of the unbreakable cluster starting at atoms[j] and its width as a line end."""
    n = len(atoms)
    w = atoms[j].width
    k = j + 1
    while k < n and not atoms[k].brk:
        w += atoms[k].joint + atoms[k].width
        k += 1
    return k, w - atoms[k - 1].sq_right


def _cut_cluster(cluster: list[Atom], room: float, style: TextStyle,
                 fill: float | None = None) -> tuple[list[Atom], list[Atom]]:
    """Cut a cluster too wide for a line so that its head fits `room` (its first joint not counted).

    The cut goes inside a word (URL, e-mail, number: the last resort), chosen so
    that punctuation stays with the piece it follows; only a cluster with no word
    to cut is cut between its atoms, kinsoku or not. With `fill` (the measure of
    a whole line, when the cluster would follow other text on the line) only a
    word wider than a whole line is cut, and the head may be empty.
    """
    w = 0.0
    over = len(cluster)
    for k, a in enumerate(cluster):
        add = (a.joint if k else 0.0) + a.width
        if w + add - a.sq_right > room + _EPS:
            over = k
            break
        w += add
    if over == len(cluster):
        return cluster, []
    words = [k for k in range(over + 1) if cluster[k].kind == WORD and len(cluster[k].text) > 1]
    if words:
        target = words[-1]
        before = 0.0
        for k in range(target):
            before += (cluster[k].joint if k else 0.0) + cluster[k].width
        if target:
            before += cluster[target].joint
        word = cluster[target]
        if fill is not None and word.width <= fill:
            return [], cluster
        first_char = _char_width(word.runs[0][1], word.runs[0][0][0]) * style.size
        if room - before >= first_char - _EPS or (target == 0 and fill is None):
            head, tail = _split_atom(word, room - before, style)
            return cluster[:target] + [head], [tail] + cluster[target + 1:]
        if target and fill is None:
            return cluster[:target], cluster[target:]
    if fill is not None:
        return [], cluster
    cut = max(over, 1)
    return cluster[:cut], cluster[cut:]


def _greedy(atoms: list[Atom], room_for, style: TextStyle) -> list[list[Atom]]:
    """Fill lines first-fit; `room_for(k)` is the measure of line k.

    A cluster (a unit with the punctuation bound to it) wider than a whole line
    is cut, filling the line it starts on.
    """
    lines: list[list[Atom]] = []
    slack_limit = 0.6 * style.size  # no line end can squeeze more than this
    i, n = 0, len(atoms)
    while i < n:
        room = room_for(len(lines))
        full = room_for(len(lines) + 1)
        w = atoms[i].width
        best = -1
        j = i + 1
        while True:
            if j == n or atoms[j].brk:
                if w - atoms[j - 1].sq_right <= room + _EPS:
                    best = j
                if j < n and atoms[j].kind in (WORD, OP):
                    end, cw = _cluster(atoms, j)
                    if cw > full + _EPS:
                        # too wide for any line: it will be cut, so start it here
                        remaining = room - w - atoms[j].joint
                        if best == j and remaining >= 2 * style.size:
                            head, tail = _cut_cluster(atoms[j:end], remaining, style, fill=full)
                            if head:
                                atoms = atoms[:j] + head + tail + atoms[end:]
                                n = len(atoms)
                                best = j + len(head)
                        break
            if j == n or w - slack_limit > room:
                break
            a = atoms[j]
            w += a.joint + a.width
            j += 1
        if best < 0:
            # even the first cluster does not fit: cut it
            end, _ = _cluster(atoms, i)
            head, tail = _cut_cluster(atoms[i:end], room, style)
            atoms = atoms[:i] + head + tail + atoms[end:]
            n = len(atoms)
            best = i + len(head)
        lines.append(atoms[i:best])
        i = best
    return lines


def _weights(atoms: list[Atom]) -> list[float]:
    """Return how much of a line's slack each joint takes (index k: the joint before atoms[k]).

    Spaces, Han-Latin gaps and the joints between Chinese characters share the
    slack equally; but in a line of mostly Latin words (an English paragraph
    naming a Chinese place) the Chinese characters are not letter-spaced when
    there are spaces or gaps to take the slack.
    """
    weights = [0.0] * len(atoms)
    words = hans = loose = 0
    for k, a in enumerate(atoms):
        if a.kind == WORD:
            words += 1
        elif a.kind == ID:
            hans += 1
        if k and a.stretch:
            weights[k] = 1.0
            loose += bool(a.space_w or a.gap)
    if words > hans and loose:
        for k in range(1, len(atoms)):
            a = atoms[k]
            if a.stretch and not (a.space_w or a.gap):
                weights[k] = 0.0
    return weights


def _set_line(atoms: list[Atom], style: TextStyle, left: float, room: float, justify: bool) -> Line:
    """Position the atoms of one line: squeeze, gaps, alignment and justification."""
    natural = atoms[0].width if atoms else 0.0
    for a in atoms[1:]:
        natural += a.joint + a.width
    # an opening mark that starts a line loses its blank left half, so its ink (and the
    # line) aligns with the margin instead of looking indented by half an em
    lead = atoms[0].sq_left if atoms else 0.0
    natural -= lead
    squeeze = 0.0
    if atoms and natural > room + _EPS and atoms[-1].sq_right:
        squeeze = min(atoms[-1].sq_right, natural - room)
        natural -= squeeze
    slack = room - natural
    weights = _weights(atoms)
    total = sum(weights)
    stretch = 0.0  # per unit of weight
    offset = left
    if justify and total and slack > _EPS:
        stretch = slack / total
    elif slack > 0 and style.align == "right":
        offset += slack
    elif slack > 0 and style.align == "center":
        offset += slack / 2
    boxes: list[Box] = []
    x = offset - lead
    for k, a in enumerate(atoms):
        if k:
            if a.adjust:
                last = boxes[-1]
                last.advance += a.adjust
                x += a.adjust
            if a.space_w:
                boxes.append(Box(" ", a.space_font, x, a.space_w, a.space_w, "space"))
                x += a.space_w
            x += a.gap + stretch * weights[k]
        for text, font, w in a.runs:
            boxes.append(Box(text, font, x, w, w))
            x += w
    if squeeze:
        boxes[-1].advance -= squeeze
    if stretch:
        # land the last glyph exactly on the margin, whatever the rounding
        last = boxes[-1]
        last.x = offset + room - last.advance
    return Line(boxes, room, natural, left, justify=bool(justify and (stretch or abs(slack) <= _EPS)),
                stretch=stretch, stretchable=sum(1 for w in weights if w), atoms=list(atoms))


def _layout(segments: Sequence[Sequence[Atom]], style: TextStyle, width: float, *, first: bool = True,
            open_end: bool = False) -> list[Line]:
    """Break and set a paragraph (or a part of one) at `width`.

    `first`: the part holds the paragraph's first line (which gets first_indent);
    `open_end`: the paragraph continues after the part, so its last line is a full one.
    """
    base_left = style.left_indent
    base_room = width - style.left_indent - style.right_indent
    lines: list[Line] = []
    for seg_index, seg in enumerate(segments):
        final_seg = seg_index == len(segments) - 1

        def room_for(k: int, _offset=len(lines)) -> float:
            return base_room - (style.first_indent if first and _offset + k == 0 else 0)

        broken = _greedy(list(seg), room_for, style) if seg else [[]]
        for k, atoms in enumerate(broken):
            index = len(lines)
            indent = style.first_indent if first and index == 0 else 0
            end_of_seg = k == len(broken) - 1
            last = end_of_seg and final_seg and not open_end
            forced = end_of_seg and not final_seg
            justify = style.align == "justify" and not last and not forced
            line = _set_line(atoms, style, base_left + indent, base_room - indent, justify)
            line.forced, line.last, line.segment = forced, last, seg_index
            lines.append(line)
    return lines


def break_lines(spans: Sequence[Span], style: TextStyle, width: float) -> list[Line]:
    """Return the lines of a paragraph of `spans` set in `style` to `width` points (indents inside it)."""
    return _layout(_atomize(tuple(spans), style), style, width)


# ---------------------------------------------------------------------------
# the flowable


@lru_cache(maxsize=64)
def _color(value: str):
    return HexColor(value)


class TextFlow(Flowable):
    """A paragraph of spans, broken and set by this module; splits across frames at line boundaries."""

    def __init__(self, spans: Sequence[Span], style: TextStyle, *, link: str | None = None,
                 bookmark: str | None = None):
        super().__init__()
        self.spans = tuple(spans)
        self.style = style
        self.link = link
        self.bookmark = bookmark
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next
        self._segments = _atomize(self.spans, style)
        self._first = True  # holds the paragraph's first line
        self._open_end = False  # the paragraph continues in a later part
        self._cache: dict[float, list[Line]] = {}
        self.lines: list[Line] = []
        self.width = self.height = 0

    def __repr__(self) -> str:
        text = "".join(s.text for s in self.spans)
        return f"TextFlow({self.style.name!r}, {text[:30]!r}{'...' if len(text) > 30 else ''})"

    def _part(self, segments, first: bool, open_end: bool) -> TextFlow:
        """Return a flowable holding `segments` of this paragraph (a head or a tail after a split)."""
        part = TextFlow.__new__(TextFlow)
        Flowable.__init__(part)
        part.spans, part.style, part.link = self.spans, self.style, self.link
        part.bookmark = self.bookmark if first else None
        part.spaceBefore = self.style.space_before if first else 0
        part.spaceAfter = 0 if open_end else self.style.space_after
        part.keepWithNext = self.keepWithNext if not open_end else False
        if first and hasattr(self, "_outline"):  # the PDF renderer's outline entry goes with the first part
            part._outline = self._outline
        part._segments = tuple(tuple(s) for s in segments)
        part._first, part._open_end = first, open_end
        part._cache = {}
        part.lines, part.width, part.height = [], 0, 0
        return part

    def break_lines(self, width: float) -> list[Line]:
        """Return (and cache) the lines of this part at `width`."""
        key = round(width, 6)
        lines = self._cache.get(key)
        if lines is None:
            lines = _layout(self._segments, self.style, width, first=self._first, open_end=self._open_end)
            self._cache[key] = lines
        return lines

    def wrap(self, availWidth, availHeight):
        self.lines = self.break_lines(availWidth)
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return availWidth, self.height

    def minWidth(self):
        widest = max((a.width for seg in self._segments for a in seg), default=0)
        return widest + self.style.left_indent + self.style.right_indent + max(self.style.first_indent, 0)

    def split(self, availWidth, availHeight):
        if not self.style.allow_split:
            return []
        lines = self.break_lines(availWidth)
        n = len(lines)
        fit = int((availHeight + _EPS) // self.style.leading)
        if fit >= n:
            return [self]
        if n < 4:
            return []
        k = min(fit, n - 2)  # lines in the head; two at least on each side
        if k < 2:
            return []
        seg = lines[k].segment
        cut_inside = lines[k - 1].segment == seg
        head_segs = list(self._segments[:seg])
        tail_segs = list(self._segments[seg + 1:])
        rest = [a for line in lines[k:] if line.segment == seg for a in line.atoms]
        if cut_inside:
            head_segs.append([a for line in lines[:k] if line.segment == seg for a in line.atoms])
        tail_segs.insert(0, rest)
        head = self._part(head_segs, self._first, cut_inside or self._open_end)
        tail = self._part(tail_segs, False, self._open_end)
        return [head, tail]

    def draw(self):
        canvas, style = self.canv, self.style
        lines = self.lines or self.break_lines(self.width)
        first_base = self.height - baseline_offset(style)
        if self.bookmark and self._first:
            canvas.bookmarkHorizontal(self.bookmark, 0, self.height)
        canvas.saveState()
        if style.bullet and self._first and lines:
            canvas.setFillColor(_color(style.bullet_color or style.color))
            x = style.bullet_indent
            for run, run_font in fit_font(style.bullet, style.fonts):
                canvas.setFont(run_font, style.size)
                canvas.drawString(x, first_base, run)
                x += canvas.stringWidth(run, run_font, style.size)
        text = canvas.beginText()
        text.setFillColor(_color(style.color))
        font, cs = None, 0.0
        for k, line in enumerate(lines):
            y = first_base - k * style.leading
            for run, run_font, x, run_cs in _groups(line.boxes):
                text.setTextOrigin(x, y)
                if run_font != font:
                    text.setFont(run_font, style.size)
                    font = run_font
                if abs(run_cs - cs) > 1e-9:
                    text.setCharSpace(run_cs)
                    cs = run_cs
                text.textOut(run)
        canvas.drawText(text)
        canvas.restoreState()
        if self.link:
            canvas.linkRect("", self.link, (0, 0, self.width, self.height), relative=1, thickness=0)


def _groups(boxes: list[Box]):
    """Yield (text, font, x, char_space): boxes merged where one text operation can draw them."""
    i, n = 0, len(boxes)
    while i < n:
        b = boxes[i]
        parts = [b.text]
        cs = None
        single = len(b.text) == 1
        prev = b
        j = i + 1
        while j < n:
            nb = boxes[j]
            if nb.font != b.font:
                break
            delta = nb.x - (prev.x + prev.width)
            nsingle = single and len(nb.text) == 1
            if cs is None:
                if abs(delta) < 1e-6:
                    cs = 0.0
                elif nsingle and delta > 0:
                    cs = delta
                else:
                    break
            elif abs(delta - cs) > 1e-6 or (cs and not nsingle):
                break
            parts.append(nb.text)
            single = nsingle
            prev = nb
            j += 1
        yield "".join(parts), b.font, b.x, cs or 0.0
        i = j

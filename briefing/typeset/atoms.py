"""Cut a paragraph's text into atoms, the units a line never breaks inside, and classify its characters.

Owns what may not be cut and where a line may break: every Han (kana,
fullwidth) character is an atom; so is a Latin word, a number ("46.3",
"71.5%"), an e-mail address, a URL and a phone number ("+86 571 8888 0000",
inner spaces kept). It owns the kinsoku classes (closing punctuation never
starts a line, opening punctuation never ends one, "……" and "——" stay
together), the quarter-em gap between Han and Latin letters or digits, and
which fullwidth marks may lose their blank half (squeezing). Each atom knows
its runs (text, font, width) and the joint to the atom before it.

Must not know lines, pages or any renderer: widths come from the `Measure`
passed in (briefing.typeset.metrics), fonts are names.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Sequence

from briefing.tree import Span
from briefing.typeset.metrics import Measure
from briefing.typeset.style import TextStyle

# ---------------------------------------------------------------------------
# characters: classes for line breaking

ID, WORD, AL, OP, CL = range(5)  # ideograph, Latin word/number, other narrow symbol, opening, closing

OPENING = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«‹([{¿¡" "$￥¥£€＄＃#№")
CLOSING = frozenset(
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
        if ch in OPENING:
            cls = OP
        elif ch in CLOSING:
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


def _runs(text: str, bold: Sequence[bool], style: TextStyle, measure: Measure) -> list[tuple[str, str, float]]:
    size = style.size
    out: list[tuple[str, str, float]] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and bold[j] == bold[i]:
            j += 1
        for run, font in measure.fit_font(text[i:j], _stack(style, bold[i])):
            out.append((run, font, sum(measure.width(font, c) for c in run) * size))
        i = j
    return out


def _make_atom(text: str, bold: Sequence[bool], kind: int, style: TextStyle, measure: Measure,
               wide: bool = False) -> Atom:
    size = style.size
    if len(text) == 1:
        fonts = _stack(style, bold[0])
        font = measure.pick(text, fonts)
        runs = [(text, font, measure.width(font, text) * size)]
    else:
        runs = _runs(text, bold, style, measure)
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


def han_latin_gaps(text: str) -> list[int]:
    """Return the indices i of `text` where the line breaker sets the Han-Latin gap before text[i].

    The joints `_join` gives a gap: a Han (or kana, fullwidth) atom next to a
    Latin word, number, URL or phone number, with no space between them. A
    number's unit sign belongs to it ("80%以上" has a gap after "%").
    """
    out: list[int] = []
    prev = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\n":  # a space stands between: no gap
            prev, i = None, i + 1
            continue
        j = _match_unit(text, i) if _is_latin(ch) or ch in "+(" else i
        if j > i:
            kind = WORD
        else:
            j, kind = i + 1, (AL if ch in _QUOTES else _char_class(ch)[0])
        if {prev, kind} == {ID, WORD}:
            out.append(i)
        prev, i = kind, j
    return out


def _atomize_segment(s: str, bold: Sequence[bool], style: TextStyle, measure: Measure) -> list[Atom]:
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
            font = prev_font if 32 in measure.coverage(prev_font) and prev_font in fonts else measure.pick(" ", fonts)
            space = (measure.width(font, " ") * style.size, font)
            i += 1
            continue
        j = _match_unit(s, i) if _is_latin(ch) or ch in "+(" else i
        if j > i:
            atom = _make_atom(s[i:j], bold[i:j], WORD, style, measure)
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
                atom = _make_atom(ch, bold[i:j], OP if opening else CL, style, measure)
            else:
                kind, wide = _char_class(ch)
                atom = _make_atom(ch, bold[i:j], kind, style, measure, wide)
        if atoms:
            _join(atoms[-1], atom, space, style)
        space = None
        prev_font = atom.runs[-1][1]
        atoms.append(atom)
        i = j
    return atoms


@lru_cache(maxsize=512)
def atomize(spans: tuple[Span, ...], style: TextStyle, measure: Measure) -> tuple[tuple[Atom, ...], ...]:
    """Return the atoms of a paragraph, one tuple per segment between forced line breaks."""
    text, bold = _normalise(spans)
    segments = []
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        segments.append(tuple(_atomize_segment(part, bold[start:end], style, measure)))
        start = end + 1
    return tuple(segments)

"""Break a paragraph into lines and set them: text in, lines of positioned boxes out.

Owns line breaking (first fit over the atoms of briefing.typeset.atoms, a
unit wider than a line cut as a last resort, no lone character on a
paragraph's last line, a short text's lines balanced), a line end's punctuation
squeeze and hanging opening marks, alignment and justification: justified
lines spread the slack over the gaps between Han characters, the spaces and
the Han-Latin gaps (never inside a word), so every line but the last ends
exactly at the right margin. Each box is a run of text in one font with its
pen position from the paragraph's left edge.

Must not know pages, frames or any renderer (no ReportLab here): widths come
from the `Measure` passed in, and a renderer draws the boxes as it likes
(briefing/render/pdf/textflow.py is the PDF's).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from briefing.tree import Span
from briefing.typeset.atoms import CL, CLOSING, ID, OP, WORD, Atom, atomize
from briefing.typeset.metrics import Measure
from briefing.typeset.style import TextStyle
from briefing.typeset.words import boundaries

EPS = 1e-6

# ---------------------------------------------------------------------------
# lines


@dataclass
class Box:
    """A run of text set in one font: its pen position x (from the paragraph's left edge) and widths."""

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


def _split_atom(atom: Atom, room: float, style: TextStyle, measure: Measure) -> tuple[Atom, Atom]:
    """Cut an atom too wide for any line at the last character that fits in `room` (last resort).

    Prefer a cut after a URL separator in the second half of what fits.
    """
    chars = []
    w = 0.0
    for text, font, _ in atom.runs:
        for c in text:
            chars.append((c, font, measure.width(font, c) * style.size))
    fit = 0
    for c, _, cw in chars:
        if w + cw > room + EPS and fit:
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
        while fit > 1 and chars[fit][0] in CLOSING:  # no piece starts with a full stop or the like
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


def _cut_cluster(cluster: list[Atom], room: float, style: TextStyle, measure: Measure,
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
        if w + add - a.sq_right > room + EPS:
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
        first_char = measure.width(word.runs[0][1], word.runs[0][0][0]) * style.size
        if room - before >= first_char - EPS or (target == 0 and fill is None):
            head, tail = _split_atom(word, room - before, style, measure)
            return cluster[:target] + [head], [tail] + cluster[target + 1:]
        if target and fill is None:
            return cluster[:target], cluster[target:]
    if fill is not None:
        return [], cluster
    cut = max(over, 1)
    return cluster[:cut], cluster[cut:]


def _greedy(atoms: list[Atom], room_for, style: TextStyle, measure: Measure) -> list[list[Atom]]:
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
                if w - atoms[j - 1].sq_right <= room + EPS:
                    best = j
                if j < n and atoms[j].kind in (WORD, OP):
                    end, cw = _cluster(atoms, j)
                    if cw > full + EPS:
                        # too wide for any line: it will be cut, so start it here
                        remaining = room - w - atoms[j].joint
                        if best == j and remaining >= 2 * style.size:
                            head, tail = _cut_cluster(atoms[j:end], remaining, style, measure, fill=full)
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
            head, tail = _cut_cluster(atoms[i:end], room, style, measure)
            atoms = atoms[:i] + head + tail + atoms[end:]
            n = len(atoms)
            best = i + len(head)
        lines.append(atoms[i:best])
        i = best
    return lines


MIN_LAST = 2  # a paragraph's last line holds this many characters at least, punctuation aside (no 孤字)
MOST_PULLED = 4.0  # ems: what the line before may give up to its last line


def _letters(atoms: Sequence[Atom]) -> int:
    """Return how many characters of `atoms` are Han characters, letters or digits (not punctuation or spaces)."""
    return sum(ch.isalnum() for a in atoms if a.kind not in (OP, CL) for ch in a.text)


def _span(atoms: Sequence[Atom]) -> float:
    """Return the width `atoms` take as a line of their own (the first joint dropped, the end squeezed)."""
    width = atoms[0].width - atoms[0].sq_left
    for a in atoms[1:]:
        width += a.joint + a.width
    return width - atoms[-1].sq_right


def _no_lone_last(lines: list[list[Atom]], room: float, style: TextStyle) -> list[list[Atom]]:
    """Return `lines` with no single character (and its punctuation) alone on the last line.

    Chinese is not set with one character on a paragraph's last line (孤字,
    W3C clreq): the line before gives up what it must, from its last legal
    break, and its justification absorbs the room (at most MOST_PULLED ems).
    `room` is the last line's measure.
    """
    if len(lines) < 2 or not lines[-1] or _letters(lines[-1]) >= MIN_LAST:
        return lines
    before, last = lines[-2], lines[-1]
    for cut in range(len(before) - 1, 0, -1):
        if not before[cut].brk:
            continue
        moved = before[cut:] + last
        if _letters(moved) < MIN_LAST:
            continue
        if _span(moved) > room + EPS or _span(before[cut:]) > MOST_PULLED * style.size:
            break
        return lines[:-2] + [before[:cut], moved]
    return lines


_PAIRS = {"（": "）", "“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "【": "】", "〈": "〉", "(": ")",
          "[": "]", '"': '"', "'": "'"}
_FREE_BEFORE = frozenset("与和及或并")  # a Chinese line may start with a conjunction: a phrase's natural joint
_FREE_AFTER = frozenset("的")


def _joint_penalty(atoms: Sequence[Atom], k: int, depth: int, second: frozenset, word: bool | None) -> float:
    """Return what breaking a short text's line before atoms[k] costs, besides its raggedness.

    `second` holds the first faces of the bilingual edition's second language:
    where the text turns to it (a contents entry in both languages) is the best
    break. `word` says whether a word begins at atoms[k] (ICU's dictionary,
    briefing.typeset.words), None when that is not known.
    """
    a, b = atoms[k - 1], atoms[k]
    if second and b.runs[0][1] in second and a.runs[-1][1] not in second:
        return -0.5
    if depth > 0:
        return 0.35  # inside quotation marks or brackets: the “sweet potato economy” stays one phrase
    if a.kind == ID and b.kind == ID and b.text not in _FREE_BEFORE and a.text not in _FREE_AFTER:
        if word is None:
            return 0.03  # between two Han characters, perhaps inside a word: slightly worse than elsewhere
        return 0.0 if word else 0.4  # inside a word: "核心" is not cut
    return 0.0


def _word_starts(atoms: Sequence[Atom]) -> list[bool | None]:
    """Return, for each atom, whether a word begins at it (ICU's Chinese dictionary), or None without ICU."""
    text, offsets = "", []
    for a in atoms:
        if a.space_w and text:
            text += " "
        offsets.append(len(text))
        text += a.text
    found = boundaries(text)
    return [None if found is None else (at in found) for at in offsets]


def _balance(lines: list[list[Atom]], room_for, style: TextStyle) -> list[list[Atom]]:
    """Return a short text (a heading, a label, a contents entry) in as many lines as `lines`, as even as may be.

    Minimises the lines' squared raggedness (every line's, the last one's too)
    plus a cost for breaking inside quotation marks or brackets, inside a Chinese
    word, or leaving a last line of one word or one character; left as it is
    when no other set of breaks fits.
    """
    atoms = [a for line in lines for a in line]
    n, count = len(atoms), len(lines)
    if count < 2 or count > 8 or n > 400:  # longer is no short text: first fit
        return lines
    prefix = [0.0]
    for a in atoms:
        prefix.append(prefix[-1] + a.joint + a.width)

    def span(i: int, j: int) -> float:  # _span(atoms[i:j]), from the running sums
        return prefix[j] - prefix[i] - atoms[i].joint - atoms[i].sq_left - atoms[j - 1].sq_right

    depth, depths = 0, []  # quotation depth before each atom
    for a in atoms:
        depths.append(depth)
        if a.kind == OP and a.text in _PAIRS:
            depth += 1
        elif a.kind == CL and a.text in _PAIRS.values() and depth:
            depth -= 1
    starts = [0] + [k for k in range(1, n) if atoms[k].brk]
    second = frozenset(style.second_fonts[:1] + style.second_bold_fonts[:1]) - {style.fonts[0], style.bold_fonts[0]}
    words = _word_starts(atoms) if any(a.kind == ID for a in atoms) else [None] * n
    inf = float("inf")
    best = {(0, 0): (0.0, -1)}  # (start, lines so far) -> (cost, previous start)
    for m in range(count):
        room = room_for(m)
        for i in starts:
            if (i, m) not in best:
                continue
            cost = best[(i, m)][0]
            for j in [s for s in starts if s > i] + [n]:
                width = span(i, j)
                if width > room + EPS:
                    break
                last = j == n
                if last != (m == count - 1):
                    continue
                step = ((room - width) / room) ** 2 if room > 0 else 0.0
                if not last:
                    step += _joint_penalty(atoms, j, depths[j], second, words[j])
                else:
                    words = sum(1 for a in atoms[i:j] if a.kind == WORD)
                    if _letters(atoms[i:j]) < MIN_LAST or (words == 1 and all(x.kind != ID for x in atoms[i:j])
                                                          and any(x.space_w for x in atoms[:i])):
                        step += 1.0  # a lone last word or character
                key = (j, m + 1)
                if cost + step < best.get(key, (inf, 0))[0]:
                    best[key] = (cost + step, i)
    if (n, count) not in best:
        return lines
    cuts, j, m = [], n, count
    while m:
        i = best[(j, m)][1]
        cuts.append((i, j))
        j, m = i, m - 1
    return [atoms[i:j] for i, j in reversed(cuts)]


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
    if atoms and natural > room + EPS and atoms[-1].sq_right:
        squeeze = min(atoms[-1].sq_right, natural - room)
        natural -= squeeze
    slack = room - natural
    weights = _weights(atoms)
    total = sum(weights)
    stretch = 0.0  # per unit of weight
    offset = left
    if justify and total and slack > EPS:
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
    return Line(boxes, room, natural, left, justify=bool(justify and (stretch or abs(slack) <= EPS)),
                stretch=stretch, stretchable=sum(1 for w in weights if w), atoms=list(atoms))


def layout(segments: Sequence[Sequence[Atom]], style: TextStyle, width: float, measure: Measure, *,
           first: bool = True, open_end: bool = False) -> list[Line]:
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

        broken = _greedy(list(seg), room_for, style, measure) if seg else [[]]
        if not (final_seg and open_end):  # the part's last line ends the paragraph (or a forced line)
            if style.balance and style.align != "justify":
                broken = _balance(broken, room_for, style)
            broken = _no_lone_last(broken, room_for(len(broken) - 1), style)
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


def break_lines(spans: Sequence[Span], style: TextStyle, width: float, measure: Measure) -> list[Line]:
    """Return the lines of a paragraph of `spans` set in `style` to `width` points (indents inside it).

    `measure` says which characters each font has and how wide they are.
    """
    return layout(atomize(tuple(spans), style, measure), style, width, measure)

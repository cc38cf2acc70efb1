"""Break a paragraph into lines and set them: text in, lines of positioned boxes out.

Owns line breaking (first fit over the atoms of briefing.typeset.atoms, a
unit wider than a line cut as a last resort), a line end's punctuation
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
from briefing.typeset.atoms import CLOSING, ID, OP, WORD, Atom, atomize
from briefing.typeset.metrics import Measure
from briefing.typeset.style import TextStyle

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

"""Tests of the Chinese/Latin line breaker (briefing.typeset): line breaking over many widths, justification.

Widths are measured as the PDF measures them (ReportLab's, briefing/render/pdf/textflow.py); the
flowable that draws the lines is tested in tests/render/pdf/test_textflow.py.
"""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from briefing.render.pdf.textflow import REPORTLAB
from briefing.tree import Span
from briefing.typeset import linebreak
from briefing.typeset.linebreak import line_text
from briefing.typeset.style import TextStyle

from conftest import MIXED, SIZE

WIDTHS = [80 + k * 420 / 96 for k in range(97)]  # 80 pt to 500 pt, 97 measures

# the units of MIXED that must never be cut (unless wider than the line)
MIXED_UNITS = [
    "46.3", "71.5%", "23", "106", "https://www.example.com/a/b?c=d", "info@example.com", "+86 571 8888 0000",
    "Hangzhou", "Qiantang", "New", "Area", "DNA", "5G", "IC", "2025", "1200",
]

CLOSING = set("，。、；：？！）」』》”’〕】〉…—,.;:!?)%")
OPENING = set("（「『《“‘〔【〈(")
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_UNIT = re.compile(r"[A-Za-z0-9]+(?:[.,:/@\-+?=&][A-Za-z0-9]+)*%?")


# ---------------------------------------------------------------------------
# fixtures and helpers

WIDE_OPENING = set("（［｛〔〈《「『【〘〖“‘｟")


def break_lines(spans, style, width):
    """The pure line breaker, measuring as the PDF does."""
    return linebreak.break_lines(spans, style, width, REPORTLAB)


fit_font, missing_chars = REPORTLAB.fit_font, REPORTLAB.missing_chars


def normalised(text: str) -> str:
    """The text as the setter keeps it: runs of spaces collapsed, none at the ends or around line breaks."""
    text = re.sub(r" +", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    return text.strip(" \n")


def line_starts(lines, text: str) -> list[int]:
    """Check that the lines, in order, are exactly `text` less one space or newline at some breaks.

    Return the offset in `text` where each line starts.
    """
    pos, starts = 0, []
    for k, line in enumerate(lines):
        chunk = line_text(line)
        starts.append(pos)
        assert text.startswith(chunk, pos), f"line {k} {chunk!r} is not the text at {pos}: {text[pos:pos + 40]!r}"
        pos += len(chunk)
        if k < len(lines) - 1 and pos < len(text):
            if line.forced:
                assert text[pos] == "\n", f"line {k} ends in a forced break but the text has {text[pos]!r}"
                pos += 1
            elif text[pos] == " ":
                pos += 1  # a space at a break is dropped
            assert text[pos] not in " \n", f"two separators after line {k}"
    assert pos == len(text), f"the lines stop at {pos} of {len(text)}"
    return starts


def quote_roles(text: str) -> dict[int, str]:
    """Return 'open'/'close' for every straight quote, by alternation within each line of `text`."""
    roles, seen = {}, {}
    for i, ch in enumerate(text):
        if ch == "\n":
            seen = {}
        elif ch in "\"'":
            roles[i] = "close" if seen.get(ch) else "open"
            seen[ch] = not seen.get(ch)
    return roles


def check_paragraph(text: str, style: TextStyle, width: float, units=None) -> list:
    """Break `text` at `width` and check every rule of Chinese setting; return the lines."""
    text = normalised(text)
    lines = break_lines([Span(text)], style, width)
    starts = line_starts(lines, text)
    ends = [s + len(line_text(line)) for s, line in zip(starts, lines)]
    roles = quote_roles(text)
    room = width - style.left_indent - style.right_indent
    for k, line in enumerate(lines):
        chunk = line_text(line)
        where = f"width {width:.2f}, line {k} {chunk!r}"
        # never wider than the measure
        assert line.right <= style.left_indent + room + 0.01, where
        # only an opening mark starting the line may hang, by its blank left half (ink on the margin)
        hang = line.boxes[0].width / 2 if line.boxes and line.boxes[0].text[:1] in WIDE_OPENING else 0
        assert all(b.x >= style.left_indent - hang - 0.01 for b in line.boxes), where
        # kinsoku
        if k > 0 and chunk and not lines[k - 1].forced:  # (the text may put a mark after a forced break)
            assert chunk[0] not in CLOSING, f"line starts with closing punctuation: {where}"
            if chunk[0] in "\"'":
                assert roles[starts[k]] == "open", f"line starts with a closing quote: {where}"
        if k < len(lines) - 1 and chunk and not line.forced:
            assert chunk[-1] not in OPENING, f"line ends with opening punctuation: {where}"
            if chunk[-1] in "\"'":
                assert roles[ends[k] - 1] == "close", f"line ends with an opening quote: {where}"
        # justification: all but the last line (and lines before a forced break) reach the margin
        if style.align == "justify" and not line.last and not line.forced:
            if line.stretchable:
                assert line.justify, where
                ragged = line.left + line.width - line.right
                assert abs(ragged) < 0.01, f"ragged by {ragged:.3f}: {where}"
            else:  # nothing to stretch: a lone unit (a piece of a URL, one character before a long one)
                lone = len(line.atoms) == 1
                assert lone or not HAN.search(chunk) and not any(b.kind == "space" for b in line.boxes), where
        else:
            assert not line.justify, where
    # units that must stay whole
    if units is None:
        units = {m.group() for m in LATIN_UNIT.finditer(text)}
    cuts = set(starts[1:])
    for unit in units:
        for m in re.finditer(re.escape(unit), text):
            # the unit with the punctuation bound to it: only if that is wider than the line may it be cut
            start, end = m.start(), m.end()
            while start > 0 and (text[start - 1] in OPENING or text[start - 1] == " " and text[start - 2] in OPENING):
                start -= 1
            while end < len(text) and (text[end] in CLOSING or text[end:end + 2] in {" " + c for c in CLOSING}):
                end += 1
            bound = text[start:end]
            bound_width = sum(pdfmetrics.stringWidth(r, f, style.size) for r, f in fit_font(bound, style.fonts))
            (mark, mark_font), = fit_font(bound[-1], style.fonts)
            fullwidth = pdfmetrics.stringWidth(mark, mark_font, style.size) > style.size * 0.9
            if mark in "，。、；：？！）」』》”’" and fullwidth:
                bound_width -= style.size / 2  # a fullwidth mark may end a line in half its width
            if bound_width <= room:
                inside = [c for c in cuts if m.start() < c < m.end()]
                assert not inside, f"{unit!r} cut at width {width:.2f}"
    return lines


# ---------------------------------------------------------------------------
# line breaking over many widths


def test_article_paragraphs_over_97_widths(zh, article_paragraphs):
    text = "\n".join(article_paragraphs)  # one long paragraph with forced breaks
    total_lines = 0
    for width in WIDTHS:
        total_lines += len(check_paragraph(text, zh, width))
    assert total_lines > 97 * 60


def test_article_as_one_run_over_97_widths(zh, article_paragraphs):
    text = "".join(article_paragraphs)
    for width in WIDTHS:
        check_paragraph(text, zh, width)


def test_mixed_paragraph_over_97_widths(zh):
    text = normalised(MIXED)
    for width in WIDTHS:
        check_paragraph(text, zh, width, units=MIXED_UNITS)


def test_mixed_paragraph_in_english_style_and_indents(en, zh):
    indented = replace(zh, left_indent=14, right_indent=9, first_indent=2 * SIZE)
    for width in WIDTHS[::4]:
        check_paragraph(MIXED, en, width, units=MIXED_UNITS)
        lines = check_paragraph(MIXED, indented, width + 23, units=MIXED_UNITS)
        assert lines[0].left == pytest.approx(14 + 2 * SIZE)
        assert all(line.left == pytest.approx(14) for line in lines[1:])


def test_no_line_starts_with_closing_punctuation_where_reportlab_would(zh):
    # ten Han characters then a comma: at ten em the comma does not fit and may not start line 2,
    # so the tenth character goes down with it
    text = "一二三四五六七八九十，十一十二。"
    lines = break_lines([Span(text)], zh, 10 * SIZE)
    assert [line_text(l) for l in lines] == ["一二三四五六七八九", "十，十一十二。"]
    assert lines[0].right == pytest.approx(10 * SIZE, abs=0.01)


def test_line_end_punctuation_may_lose_its_blank_half(zh):
    text = "一二三四五六七八九十，十一十二。"
    lines = break_lines([Span(text)], zh, 10.5 * SIZE)
    assert line_text(lines[0]) == "一二三四五六七八九十，"
    comma = lines[0].boxes[-1]
    assert comma.text == "，" and comma.advance == pytest.approx(SIZE / 2)
    assert lines[0].right == pytest.approx(10.5 * SIZE, abs=0.01)


def test_adjacent_fullwidth_punctuation_is_squeezed(zh):
    left = replace(zh, align="left")
    line = break_lines([Span("他说：“好。”（完）")], left, 500)[0]
    advances = {b.text: b.advance for b in line.boxes}
    assert advances["："] == pytest.approx(SIZE / 2)  # before an opening quote
    assert advances["。"] == pytest.approx(SIZE / 2)  # before a closing quote
    assert advances["”"] == pytest.approx(SIZE / 2)  # before an opening bracket
    assert advances["好"] == pytest.approx(SIZE)


def test_ellipsis_and_dash_pairs_stay_together_and_follow_their_word(zh):
    text = "这是一个测试……这是另一个测试——结束了，好。" * 6
    for width in WIDTHS:
        lines = break_lines([Span(text)], zh, width)
        for line in lines:
            chunk = line_text(line)
            assert not chunk.startswith(("…", "—")), (width, chunk)
            assert not re.search(r"(^|[^…])…$", chunk) and not re.search(r"(^|[^—])—$", chunk), (width, chunk)


def test_quarter_em_between_han_and_latin_but_not_beside_punctuation(zh):
    left = replace(zh, align="left")
    line = break_lines([Span("投资46.3亿元，5G与DNA。")], left, 500)[0]
    boxes = line.boxes

    def gap_after(text):
        k = next(i for i, b in enumerate(boxes) if b.text == text)
        return boxes[k + 1].x - (boxes[k].x + boxes[k].advance)

    assert gap_after("资") == pytest.approx(SIZE / 4)  # Han, digit
    assert gap_after("46.3") == pytest.approx(SIZE / 4)  # digit, Han
    assert gap_after("5G") == pytest.approx(SIZE / 4)
    assert gap_after("与") == pytest.approx(SIZE / 4)
    assert gap_after("元") == pytest.approx(0)  # Han, punctuation
    assert gap_after("，") == pytest.approx(0)  # punctuation, digit
    assert gap_after("DNA") == pytest.approx(0)
    assert line_text(line) == "投资46.3亿元，5G与DNA。"  # the gap is positioning, not text


def test_gaps_present_on_justified_lines_and_dropped_at_line_ends(zh):
    text = normalised(MIXED)
    for width in WIDTHS:
        for line in break_lines([Span(text)], zh, width):
            boxes = line.boxes
            for a, b in zip(boxes, boxes[1:]):
                han_digit = HAN.fullmatch(a.text[-1]) and b.text[0].isdigit()
                if han_digit or a.text[-1].isdigit() and HAN.fullmatch(b.text[0]):
                    assert b.x - (a.x + a.advance) >= SIZE / 4 - 0.01, (width, a.text, b.text)
            if boxes:  # no gap at the line's start; an opening mark hangs by its blank half
                hang = boxes[0].width / 2 if boxes[0].text[:1] in WIDE_OPENING else 0
                assert boxes[0].x == pytest.approx(line.left - hang)


def test_an_opening_mark_at_line_start_hangs_by_its_blank_half(zh):
    left = replace(zh, align="left")
    (line,) = break_lines([Span("《杭州钱塘新区条例》")], left, 500)
    first = line.boxes[0]
    assert first.text.startswith("《")
    assert first.x == pytest.approx(-SIZE / 2, abs=0.01)  # the mark's ink, not its blank, meets the margin


def test_forced_breaks_and_collapsed_spaces(zh):
    lines = break_lines([Span("第一行   有  空格\n第二行\n\n第四行")], zh, 300)
    assert [line_text(l) for l in lines] == ["第一行 有 空格", "第二行", "", "第四行"]
    assert [l.forced for l in lines] == [True, True, True, False]
    assert not any(l.justify for l in lines)


def test_long_url_is_cut_only_when_wider_than_the_line(zh):
    url = "https://www.example.com/reports/2024/qiantang-new-area/manufacturing?lang=zh&page=3"
    text = f"详见{url}。"
    for width in (60, 90, 130):
        lines = check_paragraph(text, zh, width, units=[url])
        assert len(lines) > 2
        assert "".join(line_text(l) for l in lines) == text
    lines = break_lines([Span(text)], zh, 600)
    assert url in line_text(lines[0])


def test_bold_spans_use_the_bold_faces(zh, names):
    line = break_lines([Span("实现"), Span("制造业投资46.3亿元", bold=True), Span("。")], zh, 500)[0]
    fonts_by_text = {b.text: b.font for b in line.boxes}
    assert fonts_by_text["实"] == names["serif-sc"]
    assert fonts_by_text["制"] == names["serif-sc-bold"]
    assert fonts_by_text["46.3"] == names["serif-sc-bold"]
    assert fonts_by_text["。"] == names["serif-sc"]


def test_english_falls_back_to_the_cjk_face_for_chinese_names(en, names):
    assert fit_font("Hangzhou 钱塘 New Area", en.fonts) == [
        ("Hangzhou ", names["serif"]), ("钱塘 ", names["serif-sc"]), ("New Area", names["serif"]),
    ]  # a space stays in the font of the run it follows
    assert fit_font("钱塘，Qiantang", (names["serif-sc"], names["serif"])) == [("钱塘，Qiantang", names["serif-sc"])]
    line = break_lines([Span("Qiantang New Area (钱塘新区) grew.")], en, 500)[0]
    assert {b.text: b.font for b in line.boxes}["钱"] == names["serif-sc"]


def test_missing_chars(names):
    stack = (names["serif"], names["serif-sc"])
    assert missing_chars("Hangzhou 钱塘\n", stack) == set()
    assert missing_chars("钱塘\U0001F600", stack) == {"\U0001F600"}
    # a character no font has is still set, in the first font
    assert fit_font("a\U0001F600", stack) == [("a\U0001F600", names["serif"])]


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_alignments(zh, align):
    style = replace(zh, align=align)
    lines = break_lines([Span(normalised(MIXED))], style, 300)
    for line in lines:
        if align == "left":
            assert line.boxes[0].x == pytest.approx(0)
        elif align == "right":
            assert line.right == pytest.approx(300, abs=0.01)
        else:
            assert line.boxes[0].x + line.right == pytest.approx(300, abs=0.01)


def test_layout_speed(zh, article_paragraphs):
    text = "".join(article_paragraphs)
    break_lines([Span(text)], zh, 400)  # fonts loaded, atoms cached
    started = time.perf_counter()
    for width in (400.5, 401.5, 402.5, 403.5, 404.5):
        break_lines([Span(text)], zh, width)
    per_layout = (time.perf_counter() - started) / 5
    assert per_layout < 0.1, f"{per_layout * 1000:.0f} ms to break {len(text)} characters"


# ---------------------------------------------------------------------------
# property: random Chinese/Latin paragraphs at random widths obey every rule

UNITS = ["DNA", "5G", "46.3", "71.5%", "Hangzhou", "Qiantang New Area", "https://a.example.com/x?y=z",
         "info@example.com", "+86 571 8888 0000", "2025", "IC"]


def test_random_paragraphs_obey_every_rule(zh, en):
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    han = st.text(alphabet="钱塘新区制造业投资同比增长集群智能汽车生物医药", min_size=1, max_size=8)
    core = st.one_of(han, han, st.sampled_from(UNITS))
    item = st.tuples(st.sampled_from(["", "", "", "（", "“", "《"]), core,
                     st.sampled_from(["", "", "", "，", "。", "、", "”", "）", "》", "……", "——", "：“", "。”"]),
                     st.sampled_from(["", "", "", " ", "\n"]))

    def join(items):
        text = ""
        for part in ("".join(i) for i in items):
            if text and text[-1] < "\u2e80" and part[0] < "\u2e80":
                text += " "  # Latin text is written with spaces (else "DNA+86" is one word)
            text += part
        return text

    paragraph = st.lists(item, min_size=1, max_size=40).map(join)

    @hypothesis.settings(max_examples=200, deadline=None, derandomize=True)
    @hypothesis.given(paragraph, st.floats(min_value=70, max_value=500), st.sampled_from(["zh", "en"]))
    def check(text, width, lang):
        style = zh if lang == "zh" else en
        units = [w for u in UNITS if u in text for w in ([u] if u.startswith("+") else u.split(" "))]
        check_paragraph(text, style, width, units=units)

    check()


# ---------------------------------------------------------------------------
# the stage is pure: no ReportLab, widths from any FontMetrics


def test_typeset_imports_no_reportlab_and_breaks_with_any_metrics():
    script = textwrap.dedent("""
        import pkgutil, sys
        import briefing.typeset
        for info in pkgutil.iter_modules(briefing.typeset.__path__, "briefing.typeset."):
            __import__(info.name)
        from briefing.tree import Span
        from briefing.typeset import Measure, TextStyle, break_lines, line_text

        class Monospace:  # every wide character one em, every other half an em
            def coverage(self, font):
                return frozenset(range(0x20, 0x10000))
            def advance(self, font, ch):
                return 1.0 if ord(ch) > 0x2e80 else 0.5

        style = TextStyle("Body", ("mono",), ("mono-bold",), 10, 17)
        lines = break_lines([Span("一二三四五六七八九十，十一十二。")], style, 100, Measure(Monospace()))
        print([line_text(line) for line in lines], round(lines[0].right, 6))
        print(sorted(m for m in sys.modules if m.split(".")[0] == "reportlab"))
    """)
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    shown, loaded = out.stdout.splitlines()
    assert shown == "['一二三四五六七八九', '十，十一十二。'] 100.0"  # kinsoku with no ReportLab in sight
    assert loaded == "[]"


# ---------------------------------------------------------------------------
# no lone character on a paragraph's last line (孤字)


def letters(line) -> int:
    """Return how many Han characters, letters and digits a line holds (punctuation and spaces aside)."""
    return sum(ch.isalnum() for ch in line_text(line))


def test_no_last_line_holds_a_single_character_over_97_widths(zh, article_paragraphs):
    seen = 0
    for paragraph in article_paragraphs:
        for width in WIDTHS:
            lines = check_paragraph(paragraph, zh, width)
            if len(lines) > 1:
                assert letters(lines[-1]) >= 2, f"width {width:.2f}: {[line_text(line) for line in lines[-2:]]}"
                seen += 1
    assert seen > 1000


def test_the_line_before_gives_up_a_character_and_stays_justified(zh):
    text = "钱塘制造业投资总量居杭州第一。2023年，杭州合成生物学创新产业园也在钱塘正式落户。"
    for width in WIDTHS:
        greedy = linebreak._greedy(list(linebreak.atomize((Span(text),), zh, REPORTLAB)[0]),
                                   lambda k: width, zh, REPORTLAB)
        if len(greedy) > 1 and linebreak._letters(greedy[-1]) < 2:
            break
    else:
        pytest.fail("no width leaves one character alone")
    lines = check_paragraph(text, zh, width)  # every other rule still holds: kinsoku, justification
    assert len(lines) == len(greedy) and line_text(lines[-1]).endswith("落户。")
    assert letters(lines[-1]) == 2 and lines[-2].justify


def test_random_chinese_paragraphs_end_on_two_characters_at_least(zh):
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    han = st.text(alphabet="钱塘新区制造业投资同比增长集群智能汽车生物医药", min_size=1, max_size=12)
    item = st.tuples(st.sampled_from(["", "", "（", "“", "《"]), han,
                     st.sampled_from(["", "", "，", "。", "、", "”", "）。", "》", "……", "——", "。”"]))
    paragraph = st.lists(item, min_size=1, max_size=30).map(lambda items: "".join("".join(i) for i in items))

    @hypothesis.settings(max_examples=300, deadline=None, derandomize=True)
    @hypothesis.given(paragraph, st.floats(min_value=70, max_value=500))
    def check(text, width):
        lines = check_paragraph(text, zh, width)
        if len(lines) > 1:
            assert letters(lines[-1]) >= 2, [line_text(line) for line in lines[-2:]]

    check()


# ---------------------------------------------------------------------------
# short texts (headings, card labels, contents entries): balanced lines, phrases whole


def test_a_balanced_heading_leaves_no_word_alone(en):
    style = replace(en, align="left", balance=True)
    text = "Zhejiang’s comprehensive evaluation of digital economy development"
    for width in WIDTHS:
        greedy = break_lines([Span(text)], replace(style, balance=False), width)
        lines = check_paragraph(text, style, width)
        assert len(lines) == len(greedy)  # never more lines than first fit
        if 1 < len(lines) < 4:  # (narrower, a word a line is all there is room for)
            assert " " in line_text(lines[-1]), [line_text(line) for line in lines]  # no word alone at the end
            widths = [line.natural_width for line in lines]
            assert max(widths) - min(widths) <= max(g.natural_width for g in greedy) - min(
                g.natural_width for g in greedy) + 0.01  # no more ragged than first fit


def test_a_quoted_phrase_stays_on_one_line_where_it_can(en):
    style = replace(en, align="left", balance=True)
    text = "No. 1 Opening-up Project: upgrading the “sweet potato economy”"
    phrase = "“sweet potato economy”"
    for width in WIDTHS:
        lines = check_paragraph(text, style, width)
        if len(lines) == 2 and width > 1.2 * sum(
                pdfmetrics.stringWidth(r, f, style.size) for r, f in fit_font(phrase, style.fonts)):
            assert any(phrase in line_text(line) for line in lines), [line_text(line) for line in lines]


def test_a_balanced_chinese_label_keeps_two_characters_on_its_last_line(zh):
    style = replace(zh, align="left", balance=True)
    for text in ("规上数字经济核心产业营收目标", "杭州经开区实际使用外资在国家级开发区中排名"):
        for width in WIDTHS[:40]:
            lines = check_paragraph(text, style, width)
            if len(lines) > 1:
                assert letters(lines[-1]) >= 2 and abs(lines[0].natural_width - lines[-1].natural_width) < \
                    lines[0].width * 0.6, [line_text(line) for line in lines]


def test_a_balanced_chinese_label_breaks_between_words_where_icu_knows_them(zh):
    from briefing.typeset.words import boundaries

    text = "规上数字经济核心产业营收目标"
    words = boundaries(text)
    if words is None:
        pytest.skip("no ICU (libicuuc) on this machine: Chinese word boundaries are not known")
    assert {2, 4, 6, 8} <= words and 7 not in words  # 规上|数字|经济|核心|…, not 核|心
    style = replace(zh, align="left", balance=True)
    broken = 0
    for width in WIDTHS[:60]:
        lines = check_paragraph(text, style, width)
        starts = line_starts(lines, text)[1:]
        if len(lines) == 2 and width >= 8 * SIZE + 0.5:  # room for 核心产业营收目标: two lines can end on words
            broken += 1
            assert starts[0] in words, [line_text(line) for line in lines]
    assert broken > 5

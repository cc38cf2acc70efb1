"""The bundled faces: present, loadable by ReportLab, distinct, covering, embedded."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import FF_FORCEBOLD
from reportlab.pdfgen import canvas

from briefing import fonts

from conftest import ROOT
ARTICLE = ROOT.parent / "shared" / "seeds" / "qiantang-article.zh.txt"

CJK = [k for k in fonts.FACES if "-sc" in k]
LATIN = [k for k in fonts.FACES if "-sc" not in k]

# Every character of the Qiantang article (shared/seeds/qiantang-article.zh.txt),
# kept here so the test does not depend on the seed being present.
ARTICLE_HANZI = (
    "一万三上下不与专世业东两个中临为主举久之也习了争事于互五交产享京人亿仅今从仓代以"
    "们件价任企优会传位低住体何余作佳使例供依促保信倍借做储催元先光党入全八公六兰共关"
    "兴其具内再军决况净准出分划列则创初判利别到制剂前割力办功加务动助励劳势勇包化北匹"
    "区医十千升半协单占即厂厅历厚去县及发变叠口只召可台史号司各合同名后向告周命和品响"
    "唯商善喷器四因团园围国土在地场均坐块坚型城域培基塘境增壁壤士声壹处备外多大天头奥"
    "好如始委子字存季学宁它宇完宙定宜实客家容富察对寻导将少就层居届展山岛峰川州工差已"
    "市布带常平年并广库应底府度廊建开式引强当形影待得微心必志快念态思性总息悦情意感成"
    "我战截户房所手才打扩批技把抓投报抱拜拥择括拼拿持挑挥挺换据排探控推措提撑攀支收改"
    "攻放政效数整料断新方施旅日旨早旭时昂易是显智更最月有服朝期未本术机材条来杭极构果"
    "标株核根案桥梁检植楼概榜模横橡次正步每比民气水求江汽沙没河沿法波活流测济浓浙浦海"
    "涉深渠港游湾源满滨漆潮激点焕焦牌物特状率环现球理瓜生用由电界留略登百的益目直相省"
    "看着瞄码研破础硬磁示社离科程究空突窗窥立站竞端第等策签管米类系素索累约级纹线组细"
    "织终经结绕统绩续维综绿网署群考而联聚股肩育胎胶能脉脊自至航良色节芯苏荣药获营萧落"
    "薪藏虹融行表裂装要见规视觉角解言计认让议设访证评识词说调象负责货质贸贾资赛走赴起"
    "超越跨路车转轮软达过迈运近还这进退送选逐通速造遇道部酬重量鉴钱铁链锚键长问闯间阔"
    "阵际陆降限院隐障难雄集需青面革项领题首马驱验高鱼"
)
ARTICLE_OTHER = "\"%'()+,.0123456789:;?ADINPX…、。《》"

# The most frequent characters of modern Chinese, some figures-and-money words,
# and a few rarer characters of the Table of General Standard Chinese Characters
# (通用规范汉字表) outside GB 2312, three of them outside the BMP.
COMMON_HANZI = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去"
    "之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方"
    "又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点"
    "月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门"
    "亿万元人民币美元欧元税收投资贸易出口增长率同比环比季度年度招商引资开发区自贸区"
    "鑫垚犇淼焱喆珺昇玥堃琛昊翀铧钰"
    "𬌗𬇙𫘦"
)
CJK_PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·％～￥　〇①②③㎡▲▼△▽●○■□◆※→×÷±°℃"

PINYIN = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜ"
LATIN_SYMBOLS = "‘’“”—–…•‰€£¥₩₹™№℃½⅓←↑→↓−≤≥≈≠①②③▲▼△▽■□●○★✓"


def _missing(key: str, text: str) -> str:
    return "".join(sorted({ch for ch in text if not fonts.covers(key, ch)}))


def test_every_face_file_is_there_and_no_larger_than_planned():
    for key, (file_name, _family, _bold) in fonts.FACES.items():
        path = fonts.font_path(key)
        assert path.name == file_name
        assert path.is_file(), f"{key}: {path} is missing (run scripts/build_fonts.py)"
        limit = 4.5e6 if key in CJK else 0.5e6
        assert 10_000 < path.stat().st_size < limit, (key, path.stat().st_size)
    assert (fonts.FONT_DIR / "OFL.txt").is_file()
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts.FONT_DIR / "OFL.txt").read_text("utf-8")


def test_unknown_key_names_the_known_ones():
    with pytest.raises(KeyError, match="serif-sc"):
        fonts.font_path("comic")


@pytest.mark.parametrize("key", list(fonts.FACES))
def test_every_face_registers_with_reportlab(key):
    name = fonts.register(key)
    assert name == fonts.rl_name(key)
    assert fonts.register(key) == name  # once only
    font = pdfmetrics.getFont(name)
    assert font.face.unitsPerEm == 1000
    assert pdfmetrics.stringWidth("Qiantang 钱塘", name, 10) > 0


def test_faces_have_distinct_postscript_names_and_their_families():
    ps_names = {}
    for key, (_file, family, bold) in fonts.FACES.items():
        face = pdfmetrics.getFont(fonts.register(key)).face
        ps_names[key] = face.name.decode("ascii") if isinstance(face.name, bytes) else face.name
        family_read = face.familyName
        if isinstance(family_read, bytes):
            family_read = family_read.decode("utf-8")
        assert family_read == family == fonts.family_name(key)
        # A real bold face (usWeightClass >= 600), not a regular one faked.
        assert bool(face.flags & FF_FORCEBOLD) == bold, key
        assert ps_names[key].endswith("-Bold" if bold else "-Regular"), ps_names[key]
    assert len(set(ps_names.values())) == len(ps_names), ps_names


@pytest.mark.parametrize("key", CJK)
def test_cjk_faces_cover_the_article_and_common_chinese(key):
    assert _missing(key, ARTICLE_HANZI + ARTICLE_OTHER) == ""
    assert _missing(key, COMMON_HANZI) == ""
    assert _missing(key, CJK_PUNCTUATION) == ""
    assert _missing(key, PINYIN) == ""
    # 8105 characters of the table plus GB 2312, symbols and Latin
    assert len(fonts.coverage(key)) > 10_000


@pytest.mark.skipif(not ARTICLE.is_file(), reason="shared/seeds not beside the work tree")
@pytest.mark.parametrize("key", CJK)
def test_cjk_faces_cover_every_character_of_the_seed_article(key):
    text = ARTICLE.read_text(encoding="utf-8")
    assert _missing(key, "".join(ch for ch in text if not ch.isspace())) == ""


@pytest.mark.parametrize("key", LATIN)
def test_latin_faces_cover_latin_1_extended_a_and_pinyin(key):
    latin = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x180)))
    assert _missing(key, latin) == ""
    assert _missing(key, PINYIN) == ""
    assert _missing(key, LATIN_SYMBOLS) == ""
    assert not fonts.covers(key, "中")


def test_coverage_matches_covers():
    assert fonts.covers("sans-sc", "钱")
    assert ord("钱") in fonts.coverage("sans-sc")
    assert not fonts.covers("sans", "钱")


def _pdf_with(key: str, text: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont(fonts.register(key), 12)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("key", list(fonts.FACES))
def test_a_pdf_drawn_with_a_face_embeds_a_subset_of_it(key):
    text = "钱塘新区 制造业“八八战略”" if key in CJK else "Qiantang New Area — ā é ü ▲3.5%"
    reader = PdfReader(io.BytesIO(_pdf_with(key, text)))
    page = reader.pages[0]
    font_dicts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    ps_name = pdfmetrics.getFont(fonts.rl_name(key)).face.name
    ps_name = ps_name.decode("ascii") if isinstance(ps_name, bytes) else ps_name
    embedded = [f for f in font_dicts if f["/BaseFont"].endswith("+" + ps_name)]
    assert embedded, [f["/BaseFont"] for f in font_dicts]
    for f in embedded:
        assert re.fullmatch(r"/[A-Z]{6}\+" + re.escape(ps_name), f["/BaseFont"]), f["/BaseFont"]
        descriptor = f["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # TrueType outlines, embedded
        assert len(descriptor["/FontFile2"].get_object().get_data()) > 200
    assert page.extract_text().replace("\n", "").replace(" ", "") == text.replace(" ", "")


def test_characters_beyond_the_bmp_copy_out_correctly(tmp_path):
    """𬌗 and 𬬻 are in the General Standard table but outside the BMP."""
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from briefing import fonts

    path = tmp_path / "astral.pdf"
    canvas = Canvas(str(path))
    canvas.setFont(fonts.register("serif-sc"), 12)
    canvas.drawString(72, 720, "钱塘𬌗𬬻新区")
    canvas.save()
    assert "钱塘𬌗𬬻新区" in PdfReader(str(path)).pages[0].extract_text()

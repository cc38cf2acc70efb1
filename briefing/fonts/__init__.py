"""Font files shipped with the package, their registration and glyph coverage.

Each face has a key ("serif-sc", "sans-sc-bold", "serif", ...). ReportLab needs
TrueType outlines, so the CJK faces are Noto Serif/Sans CJK SC converted to
TrueType and subset by scripts/build_fonts.py; the Latin faces are Noto Serif
and Noto Sans, subset the same way. All are under the SIL Open Font License
(OFL.txt beside this file).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).parent
_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname, subset):
    """Return ReportLab's ToUnicode CMap with characters beyond the BMP written as UTF-16.

    ReportLab writes each code point as <%04X>, which for the 196 characters of
    the General Standard table outside the BMP (such as 𬌗) gives five hex digits
    that PDF readers misread: the glyphs print, but copied text is wrong. The
    PDF reference asks for UTF-16BE, which is what this writes.
    """
    cmap = _reportlab_to_unicode(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            cmap = cmap.replace(f"<{code:04X}>", "<" + chr(code).encode("utf-16-be").hex().upper() + ">")
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

# key -> (file name, family name as Word and LibreOffice know it, bold?)
FACES: dict[str, tuple[str, str, bool]] = {
    "serif-sc": ("NotoSerifSC-Regular.ttf", "Noto Serif CJK SC", False),
    "serif-sc-bold": ("NotoSerifSC-Bold.ttf", "Noto Serif CJK SC", True),
    "sans-sc": ("NotoSansSC-Regular.ttf", "Noto Sans CJK SC", False),
    "sans-sc-bold": ("NotoSansSC-Bold.ttf", "Noto Sans CJK SC", True),
    "serif": ("NotoSerif-Regular.ttf", "Noto Serif", False),
    "serif-bold": ("NotoSerif-Bold.ttf", "Noto Serif", True),
    "sans": ("NotoSans-Regular.ttf", "Noto Sans", False),
    "sans-bold": ("NotoSans-Bold.ttf", "Noto Sans", True),
}


def font_path(key: str) -> Path:
    """Return the path of the face `key`; raise KeyError naming the known keys."""
    if key not in FACES:
        raise KeyError(f"unknown font {key!r}; known: {', '.join(FACES)}")
    return FONT_DIR / FACES[key][0]  # an absolute path for faces a brand adds


def add_face(key: str, regular: Path, family: str, bold: Path | None = None) -> None:
    """Make a brand's own TrueType face (and its bold, `key`-bold) available by key."""
    FACES[key] = (str(Path(regular).resolve()), family, False)
    FACES[f"{key}-bold"] = (str(Path(bold or regular).resolve()), family, True)


def rl_name(key: str) -> str:
    """Return the name under which face `key` is registered with ReportLab."""
    return "Briefing-" + key


def family_name(key: str) -> str:
    """Return the family name a word processor uses for face `key`."""
    return FACES[key][1]


@lru_cache(maxsize=None)
def register(key: str) -> str:
    """Register face `key` with ReportLab (once) and return its ReportLab name."""
    name = rl_name(key)
    pdfmetrics.registerFont(TTFont(name, str(font_path(key))))
    return name


@lru_cache(maxsize=None)
def coverage(key: str) -> frozenset[int]:
    """Return the code points face `key` has a glyph for."""
    register(key)
    face = pdfmetrics.getFont(rl_name(key)).face
    return frozenset(face.charToGlyph)


def covers(key: str, char: str) -> bool:
    """Return whether face `key` has a glyph for `char`."""
    return ord(char) in coverage(key)

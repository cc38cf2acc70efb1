"""Fonts carried inside a .docx: each face it names, subset to its characters and obfuscated (ECMA-376 17.8.1).

Word's "embed fonts in the file" + "embed only the characters used", as a step
on the saved package's parts (`embed_fonts(parts)`): for every family the
document's parts name that is one of briefing.fonts' faces, its regular and bold
faces are subset with fontTools to the characters the document holds (TrueType
outlines, names, OS/2, cmap and layout tables kept), obfuscated with a font key
(a GUID: the first 32 bytes XORed with the key's 16 bytes in reverse order, as
17.8.1 specifies), and stored as word/fonts/fontN.odttf, referred to from the
font table (w:embedRegular / w:embedBold with r:id and w:fontKey) through
word/_rels/fontTable.xml.rels; settings.xml gets w:embedTrueTypeFonts and
w:saveSubsetFonts. Word, LibreOffice and WPS then set the text in these faces
whether or not the reader has them installed.

Each embedded family is renamed for its subset: "Noto Sans" becomes "Noto Sans
3FA2B1" (a tag made from the faces and the characters), in the font's name
table, the font table and every rFonts of the document. LibreOffice keeps the
embedded fonts of every document it has opened in one session under their
family's name, and a second document's font of the same name is not loaded
("assume it's already been added"): the first document's subset then sets the
second, and whatever it lacks (the English list bullet, the Japan letter's
characters) shows as empty boxes, even with the full face installed. A name
per subset keeps two documents apart, and the same characters still give the
same name (and bytes).

Subsets are cached by (face's hash, character set) in memory and in the user's
cache folder ($XDG_CACHE_HOME/briefing/fonts or ~/.cache/briefing/fonts), so a
rebuild of unchanged content does not subset again; an unreadable or unwritable
cache only costs the time. Everything is derived from the content (the font key
is a hash of the subset), so the same document gives the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
from functools import lru_cache
from pathlib import Path

from briefing import fonts as fontfiles

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_FAMILY = re.compile(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')
_LEVEL_TEXT = re.compile(r'<w:lvlText w:val="([^"]*)"')  # list bullets and numbers
_TAGGED = re.compile(r"^(.+) ([0-9A-F]{6})$")  # "Noto Sans 3FA2B1": a family renamed for its subset
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
# settings.xml children that come before w:embedTrueTypeFonts in CT_Settings' sequence
_BEFORE_EMBED = ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                 "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                 "printFractionalCharacterWidth", "printFormsData")

_MEMORY: dict[tuple[str, str], bytes] = {}


def cache_dir() -> Path | None:
    """Return the folder subsets are kept in between runs (it may not exist yet), or None: no disk cache."""
    from briefing.fonts.cache import user_cache

    return user_cache("fonts")


def used_text(parts: dict[str, bytes]) -> str:
    """Return every character the document's text parts show (body, headers, footers, list bullets), sorted, once each.

    Page-number fields show digits, which every document's text holds anyway
    (its contents); "0123456789" are added all the same. Each letter's capital is
    added too: a style may set its text in capitals (the cover's kicker is "caps",
    and a restyled reference may make any style so), which LibreOffice and Word
    draw from the capitals' glyphs ("Investment Briefing" shows V and G).
    """
    chars: set[str] = set("0123456789")
    for name, data in parts.items():
        if _TEXT_PARTS.match(name):
            found = _TEXT.findall(data.decode("utf-8"))
        elif name == "word/numbering.xml":
            found = _LEVEL_TEXT.findall(data.decode("utf-8"))
        else:
            continue
        for text in found:
            text = _unescape(text)
            chars.update(text)
            chars.update(text.upper())
    return "".join(sorted(chars))


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&")


def family_of(name: str) -> str:
    """Return the bundled family a font name stands for ("Noto Sans 3FA2B1" -> "Noto Sans"), else the name itself."""
    match = _TAGGED.match(name)
    known = {family for _, family, _ in fontfiles.FACES.values()}
    return match.group(1) if match and match.group(1) in known else name


def subset_family(family: str, chars: str) -> str:
    """Return the name `family`'s faces carry when subset to `chars`: the family and a tag of faces and characters."""
    keys = sorted(key for key, (_, fam, _) in fontfiles.FACES.items() if fam == family)
    digest = hashlib.sha256("\0".join([family, *map(face_hash, keys), chars]).encode("utf-8", "surrogatepass"))
    return f"{family} {digest.hexdigest()[:6].upper()}"


def used_faces(parts: dict[str, bytes]) -> dict[str, tuple[str, str]]:
    """Return family name -> (regular face key, bold face key) for each known family the parts name (tagged or not)."""
    named: set[str] = set()
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and "fontTable" not in name:
            named.update(family_of(found) for found in _FAMILY.findall(data.decode("utf-8")))
    faces: dict[str, dict[bool, str]] = {}
    for key, (_, family, bold) in fontfiles.FACES.items():
        if family in named:
            faces.setdefault(family, {}).setdefault(bold, key)
    return {family: (both.get(False) or both[True], both.get(True) or both[False])
            for family, both in sorted(faces.items())}


@lru_cache(maxsize=None)
def _face_hash(path: str, mtime: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def face_hash(key: str) -> str:
    """Return the SHA-256 of face `key`'s file (read once per file version)."""
    path = Path(fontfiles.font_path(key))
    stat = path.stat()
    return _face_hash(str(path), stat.st_mtime_ns, stat.st_size)


def subset(key: str, chars: str, family: str | None = None) -> bytes:
    """Return face `key` as a TrueType file holding only what `chars` need: from memory, the disk cache, or fontTools.

    With `family`, the face is renamed to it (family, full, unique and
    PostScript names), as embed_fonts does for each subset.
    """
    digest = face_hash(key)
    wanted = hashlib.sha256((chars + "\0" + (family or "")).encode("utf-8", "surrogatepass")).hexdigest()
    mem = (digest, wanted)
    if mem in _MEMORY:
        return _MEMORY[mem]
    from briefing.fonts.cache import trusted

    folder = cache_dir()
    file = folder / f"{digest[:24]}-{wanted[:24]}.ttf" if folder is not None else None
    data = None
    if file is not None and trusted(folder) and trusted(file):  # what goes into every Word file: only ours
        try:
            data = file.read_bytes()
        except OSError:
            data = None
    if not data:
        data = _make_subset(Path(fontfiles.font_path(key)), chars, family)
        try:
            if file is None:
                raise OSError("no cache folder")
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not trusted(folder):
                raise OSError("a cache folder others may write")
            temp = file.with_name(f"{file.name}.{os.getpid()}.tmp")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, file)
        except OSError:
            pass  # no cache this time: the next build subsets again
    _MEMORY[mem] = data
    return data


def _make_subset(path: Path, chars: str, family: str | None = None) -> bytes:
    """Subset the TrueType file at `path` to `chars` with fontTools (names, OS/2, layout features kept), renamed to `family`."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    options = ftsubset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False  # the same characters, the same bytes
    options.drop_tables = list(options.drop_tables) + ["DSIG"]
    font = TTFont(str(path), recalcTimestamp=False)
    sub = ftsubset.Subsetter(options)
    sub.populate(unicodes={ord(c) for c in chars} | {0x20})
    sub.subset(font)
    if family:
        _rename(font, family)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _rename(font, family: str) -> None:
    """Give `font` the family name `family` (its own family's name, then a tag): names 1, 3, 4, 6 and 16."""
    table = font["name"]
    old = table.getDebugName(16) or table.getDebugName(1)
    tag = family[len(old):].strip() if family.startswith(old) else hashlib.sha256(family.encode()).hexdigest()[:6]
    for record in table.names:
        if record.nameID in (1, 4, 16):
            text = record.toUnicode()
            record.string = family + text[len(old):] if text.startswith(old) else family
        elif record.nameID == 3:
            record.string = f"{record.toUnicode()};{tag}"
        elif record.nameID == 6:
            base, _, style = record.toUnicode().partition("-")
            record.string = f"{base}{tag}-{style}" if style else f"{base}{tag}"


def font_key(data: bytes) -> str:
    """Return a GUID font key, as {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, derived from the font's bytes."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """Return font bytes obfuscated with GUID `key` (ECMA-376 Part 1, 17.8.1); applying it twice restores them.

    The key's 32 hex digits, read as 16 bytes from the last to the first, are
    XORed over the first 32 bytes of the font (twice round the key).
    """
    digits = re.sub(r"[^0-9A-Fa-f]", "", key)
    if len(digits) != 32:
        raise ValueError(f"not a GUID font key: {key!r}")
    reverse = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ reverse[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def embed_fonts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Return the package's parts with its known faces embedded, subset and obfuscated; the rest unchanged.

    `parts` maps part names (as in the zip) to bytes, in the package's order;
    new parts are added after word/fontTable.xml. A document naming none of
    briefing.fonts' families, or without a font table, is returned as it is.
    """
    faces = used_faces(parts)
    table_name = "word/fontTable.xml"
    if not faces or table_name not in parts:
        return parts
    chars = used_text(parts)
    names = {family: subset_family(family, chars) for family in faces}
    table = parts[table_name].decode("utf-8")
    fonts_added: dict[str, bytes] = {}
    rels: list[tuple[str, str]] = []
    embeds: dict[str, str] = {}
    for family, (regular, bold) in faces.items():
        elements = []
        for kind, key in (("embedRegular", regular), ("embedBold", bold)):
            data = subset(key, chars, names[family])
            guid = font_key(data)
            n = len(fonts_added) + 1
            fonts_added[f"word/fonts/font{n}.odttf"] = obfuscate(data, guid)
            rid = f"rId{n}"
            rels.append((rid, f"fonts/font{n}.odttf"))
            elements.append(f'<w:{kind} r:id="{rid}" w:fontKey="{guid}"/>')
        embeds[names[family]] = "".join(elements)
    table = _add_embeds(re.sub(r"<w:embed(?:Regular|Bold|Italic|BoldItalic)\b[^>]*/>", "", _renamed(table, names, table=True)),
                        embeds)
    out: dict[str, bytes] = {}
    for name, data in parts.items():
        if name.startswith("word/fonts/") or name == "word/_rels/fontTable.xml.rels":
            continue  # a template's own embedded fonts: replaced by this document's
        if name == "[Content_Types].xml":
            data = _content_types(data)
        elif name == "word/settings.xml":
            data = _settings(data)
        elif name == table_name:
            data = table.encode("utf-8")
        elif name.startswith("word/") and name.endswith(".xml"):
            data = _renamed(data.decode("utf-8"), names).encode("utf-8")
        out[name] = data
        if name == table_name:
            out["word/_rels/fontTable.xml.rels"] = _relationships(rels)
            out.update(fonts_added)
    return out


def _renamed(xml: str, names: dict[str, str], table: bool = False) -> str:
    """Return a part's XML with every face (rFonts slot; with `table`, font table entry) of a family in `names`
    (plain or tagged) named by its new name."""
    def swap(match: re.Match) -> str:
        new = names.get(family_of(_unescape(match.group(2))))
        return match.group(1) + _escape(new) + match.group(3) if new else match.group(0)
    attrs = r'(<w:font w:name=")' if table else r'(w:(?:ascii|hAnsi|eastAsia|cs)=")'
    return re.sub(attrs + r'([^"]+)(")', swap, xml)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _add_embeds(table: str, embeds: dict[str, str]) -> str:
    """Return fontTable.xml with each family's embed elements last in its w:font (adding the entry if missing)."""
    for family, elements in embeds.items():
        name = family.replace("&", "&amp;").replace('"', "&quot;")
        pattern = re.compile(r'(<w:font w:name="' + re.escape(name) + r'"(?:\s[^>]*)?>)(.*?)(</w:font>)', re.S)
        match = pattern.search(table)
        if match:
            body = re.sub(r"<w:embed(?:Regular|Bold|Italic|BoldItalic)\b[^>]*/>", "", match.group(2))
            table = table[:match.start()] + match.group(1) + body + elements + match.group(3) + table[match.end():]
        else:
            table = table.replace("</w:fonts>", f'<w:font w:name="{name}">{elements}</w:font></w:fonts>')
    if 'xmlns:r="' not in table[:table.index(">", table.index("<w:fonts")) + 1]:
        table = table.replace("<w:fonts ", f'<w:fonts xmlns:r="{R_NS}" ', 1)
    return table


def _relationships(rels: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<Relationship Id="{rid}" Type="{FONT_REL}" Target="{target}"/>' for rid, target in rels)
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<Relationships xmlns="{REL_NS}">{items}</Relationships>').encode("utf-8")


def _content_types(data: bytes) -> bytes:
    text = data.decode("utf-8")
    if 'Extension="odttf"' not in text:
        text = text.replace("<Default ", f'<Default Extension="odttf" ContentType="{ODTTF}"/><Default ', 1)
    return text.encode("utf-8")


def _settings(data: bytes) -> bytes:
    """Return settings.xml with w:embedTrueTypeFonts and w:saveSubsetFonts, in their place in the sequence."""
    text = data.decode("utf-8")
    text = re.sub(r"<w:(?:embedTrueTypeFonts|embedSystemFonts|saveSubsetFonts)\b[^>]*/>", "", text)
    flags = "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>"
    at = None
    for tag in _BEFORE_EMBED:
        for match in re.finditer(rf"<w:{tag}\b[^>]*?(?:/>|>.*?</w:{tag}>)", text, re.S):
            at = match.end() if at is None else max(at, match.end())
    if at is None:
        start = re.search(r"<w:settings\b[^>]*>", text)
        at = start.end()
    return (text[:at] + flags + text[at:]).encode("utf-8")

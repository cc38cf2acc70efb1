"""templates/<brand>/_brand.yml -> Brand, in the brand.yml convention (posit-dev/brand-yml).

brand.yml's sections are `meta`, `logo`, `color` and `typography`; we read the
parts that make sense in print and add what print needs: `page` (size and
margins), `header`/`footer` texts, per-script faces, and for press output a
`cmyk` value per palette colour and a `cmyk-small-text` value, the one ink its
text under 12 pt prints in. Unknown keys are refused with a suggestion,
located like content errors (file:line:col).
"""
from __future__ import annotations

import math

import os
import re
from pathlib import Path

from briefing import fonts
from briefing.brand.images import check_image
from briefing.brand.model import MM, PAGE_SIZES, Brand
from briefing.errors import ContentError, Problem, UsageError
from briefing.content.loader import compose
from briefing.errors import display_path
from briefing.content.printable import text_problem
from briefing.brand import boxes
from briefing.brand.contrast import contrast_problems
from briefing.brand.styles_check import styles_problem
from briefing.content.width import width_units
from briefing.safeio import Unreadable, check_regular, inside
from briefing.content.schema import Context, Enum, Field, Invalid, ListOf, Num, Obj, Str, Type, describe, scalar

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
HEX = r"#[0-9A-Fa-f]{6}"
ROLES = ("primary", "secondary", "tertiary", "accent", "foreground", "background", "muted", "light", "dark",
         "rule", "success", "danger", "info", "warning")


class Length(Type):
    """A length in print units: 25mm, 1in, 12pt, or a bare number of points."""

    UNITS = {"mm": MM, "cm": 10 * MM, "in": 72.0, "pt": 1.0, "": 1.0}

    def check(self, node, path, ctx, depth):
        raw = scalar(node, "a length such as 20mm, 0.75in or 12pt")
        match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?) *(mm|cm|in|pt)?", raw.strip(), re.ASCII)  # linear
        if not match:
            raise Invalid(f"expected a length such as 20mm, 0.75in or 12pt, found {describe(node)}")
        return float(match.group(1)) * self.UNITS[match.group(2) or ""]

    def json(self):
        return {"type": ["string", "number"], "pattern": r"^[0-9]+(\.[0-9]+)?\s*(mm|cm|in|pt)?$"}


class Localised(Type):
    """A text that may be one string for every language or a {zh:, en:} mapping."""

    def check(self, node, path, ctx, depth):
        import yaml

        if isinstance(node, yaml.MappingNode):
            out = {}
            for key, value in node.value:
                if key.value not in ("zh", "en"):
                    ctx.report(key, f"{path}.{key.value}", f"expected zh or en, found {key.value!r}")
                    continue
                out[key.value] = scalar(value, "a text")
            return out
        value = scalar(node, "a text, or one per language ({zh: ..., en: ...})")
        return {"zh": value, "en": value}

    def json(self):
        return {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"zh": {"type": "string"},
                                                                                "en": {"type": "string"}}}]}


class Cmyk(Type):
    def check(self, node, path, ctx, depth):
        import yaml

        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 4:
            raise Invalid(f"expected four percentages [c, m, y, k], found {describe(node)}")
        values = []
        for child in node.value:
            raw = scalar(child, "a percentage from 0 to 100")
            try:
                value = float(raw)
            except ValueError:
                raise Invalid(f"expected percentages from 0 to 100, found {raw!r}") from None
            if not 0 <= value <= 100:
                raise Invalid(f"expected percentages from 0 to 100, found {raw!r}")
            values.append(value)
        return tuple(values)

    def json(self):
        return {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 100}, "minItems": 4,
                "maxItems": 4}


INKS = ("C", "M", "Y", "K")
PLATES = {2: "two", 3: "three", 4: "four"}


class OneInk(Cmyk):
    """A CMYK value on one plate: one ink, or none (the paper, for a colour close to white)."""

    def check(self, node, path, ctx, depth):
        values = super().check(node, path, ctx, depth)
        inks = [name for name, value in zip(INKS, values) if value > 0]
        if len(inks) > 1:
            shown = ", ".join(f"{v:g}" for v in values)
            raise Invalid(f"text under 12 pt prints on one plate, so that it stays sharp when the plates are "
                          f"slightly out of register: give one ink, such as [0, 0, 0, 85] or [100, 0, 0, 0]; "
                          f"[{shown}] prints on {PLATES[len(inks)]} plates ({', '.join(inks)})")
        return values


class Mapping(Type):
    """A mapping from free names to values of one type (a palette)."""

    def __init__(self, value: Type, key_pattern: str = r"[a-z][a-z0-9-]*"):
        self.value, self.key_pattern = value, re.compile(key_pattern)

    def check(self, node, path, ctx, depth):
        import yaml

        if not isinstance(node, yaml.MappingNode):
            raise Invalid(f"expected a mapping of names to values, found {describe(node)}")
        out = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if not self.key_pattern.fullmatch(name):
                ctx.report(key, f"{path}.{name}", "a name is lower-case letters, digits and hyphens")
                continue
            if name in out:
                ctx.report(key, f"{path}.{name}", f"{name!r} is given twice")
                continue
            result = self.value.validate(value, f"{path}.{name}", ctx, depth + 1)
            if result is not None:
                out[name] = result
        return out

    def json(self):
        return {"type": "object", "additionalProperties": self.value.json()}


def _opt(t):
    return Field(t)


FACE = Obj("face", {"key": Field(Str(r"[a-z][a-z0-9-]*", "a face key"), required=True),
                    "path": Field(Str(expected="the path of a .ttf file"), required=True),
                    "bold": _opt(Str(expected="the path of the bold .ttf file")),
                    "family": Field(Str(expected="the family name Word should use"), required=True)})
SCRIPT_FACES = {"cjk": _opt(Str(r"[a-z][a-z0-9-]*", "a face key")),
                "latin": _opt(Str(r"[a-z][a-z0-9-]*", "a face key"))}

BRAND = Obj("brand file", {
    "meta": _opt(Obj("meta", {"name": _opt(Localised()), "link": _opt(Str(r"https?://\S+", "a web address"))})),
    "logo": _opt(Obj("logo", {
        "images": _opt(Mapping(Obj("image", {"path": Field(Str(expected="an image path"), required=True),
                                             "alt": _opt(Localised())}))),
        "small": _opt(Str(expected="an image name")),
        "medium": _opt(Str(expected="an image name")),
        "large": _opt(Str(expected="an image name")),
    })),
    "color": _opt(Obj("color", {
        "palette": _opt(Mapping(Str(HEX, "a colour such as #0B4F8A"))),
        "cmyk": _opt(Mapping(Cmyk())),
        "cmyk-small-text": _opt(Mapping(OneInk())),
        **{role: _opt(Str(expected="a palette name or a colour such as #0B4F8A")) for role in ROLES},
    })),
    "typography": _opt(Obj("typography", {
        "fonts": _opt(ListOf(FACE)),
        "base": _opt(Obj("base", {"size": _opt(Length()), "line-height": _opt(Num(minimum=1))})),
        "body": _opt(Obj("body", SCRIPT_FACES)),
        "headings": _opt(Obj("headings", {**SCRIPT_FACES, "color": _opt(Str(expected="a colour role"))})),
    })),
    "page": _opt(Obj("page", {
        "size": _opt(Enum(*PAGE_SIZES, aliases={"a4": "A4", "letter": "Letter", "US Letter": "Letter"})),
        "margins": _opt(Obj("margins", {side: _opt(Length()) for side in ("top", "bottom", "left", "right")})),
        "chapter_break": _opt(Enum("auto", "always")),
    })),
    "header": _opt(Localised()),
    "disclaimer": _opt(Localised()),
    "footer": _opt(Localised()),
})


def find_brand_file(ref: str) -> Path:
    """Return the _brand.yml a --brand value names: a folder under templates/, a folder, or a file."""
    candidates = [Path(ref), Path(ref) / "_brand.yml", TEMPLATES / ref / "_brand.yml"]
    for path in candidates:
        if path.is_file():
            return path
    for path in candidates:  # a pipe, a device, a dangling link or a link loop: say so, not "no brand"
        if os.path.lexists(path) and not path.is_dir():
            try:
                check_regular(path, "a brand file")
            except Unreadable as exc:
                raise UsageError(f"--brand {ref}: {display_path(path)} {exc}", hint="give a folder under "
                                 "templates/, or the path of a _brand.yml") from None
    known = sorted(p.parent.name for p in TEMPLATES.glob("*/_brand.yml"))
    raise UsageError(f"no brand {ref!r}", hint=f"brands in templates/: {', '.join(known) or 'none'}; "
                     "or give the path of a _brand.yml")


def load_brand(ref: str | Path) -> Brand:
    """Return the Brand of a brand file, or raise ContentError listing every problem."""
    path = find_brand_file(str(ref))
    root, name = compose(path)
    ctx = Context(file=name, languages=["zh", "en"])
    values = BRAND.validate(root, "", ctx)
    brand = Brand(source=path)
    if values is not None:
        _apply(values, brand, path, ctx)
    if ctx.problems:
        raise ContentError(sorted(ctx.problems, key=lambda p: (p.line, p.column)))
    return brand


def _apply(values: dict, brand: Brand, path: Path, ctx: Context) -> None:
    """Fill `brand` from validated values, reporting names that point nowhere."""
    base = path.parent

    def problem(at: str, message: str) -> None:
        line, col = ctx.locations.get(at, (0, 0))
        ctx.problems.append(Problem(ctx.file, line, col, at, message))

    meta = values.get("meta", {})
    if "name" in meta:
        brand.name = meta["name"]
    color = values.get("color", {})
    palette = color.get("palette", {})
    for role in ROLES:
        if role in color:
            ref = color[role]
            if re.fullmatch(HEX, ref):
                brand.colors[role] = ref
            elif ref in palette:
                brand.colors[role] = palette[ref]
                if ref in color.get("cmyk", {}):
                    brand.cmyk[role] = color["cmyk"][ref]
                if ref in color.get("cmyk-small-text", {}):
                    brand.cmyk_small_text[role] = color["cmyk-small-text"][ref]
            else:
                problem(f"color.{role}", f"{ref!r} is not in the palette; it has: {', '.join(palette) or 'nothing'}")
    if "accent" not in color and "tertiary" in brand.colors:
        brand.colors["accent"] = brand.colors["tertiary"]
    for key in ("cmyk", "cmyk-small-text"):
        for name in color.get(key, {}):
            if name not in palette:
                problem(f"color.{key}.{name}", f"{name!r} is not in the palette; it has: {', '.join(palette) or 'nothing'}")
    for name, value in color.get("cmyk-small-text", {}).items():
        if name in palette and not any(value) and not near_white(palette[name]):
            problem(f"color.cmyk-small-text.{name}", f"[0, 0, 0, 0] prints no ink: text in {name!r} "
                    f"({palette[name]}) would vanish on white paper; only a colour close to white may print as the "
                    "paper (light text on a dark ground); give one ink, such as [0, 0, 0, 60]")
    for role, message in contrast_problems(brand):  # text that cannot be read (a foreground equal to its ground)
        problem(f"color.{role}" if role in color else "color", message)
    typo = values.get("typography", {})
    for i, face in enumerate(typo.get("fonts", [])):
        files = {}
        for which in ("path", "bold"):
            try:
                files[which] = inside(base, face.get(which, face["path"]))
                check_regular(files[which])
            except Unreadable as exc:
                shown = display_path(base / face.get(which, face["path"])) if which in files else "the path"
                problem(f"typography.fonts[{i}].{which}", f"no font file at {shown}" if str(exc) == "no such file"
                        else f"{shown} {exc}" if which in files else f"{exc}")
                break
            error = fonts.font_problem(files[which])
            if error:
                problem(f"typography.fonts[{i}].{which}", f"{display_path(files[which])} {error}")
                break
        else:
            fonts.add_face(face["key"], files["path"], face["family"], files["bold"])
    if "base" in typo:
        brand.base_size = typo["base"].get("size", brand.base_size)
        brand.line_height = typo["base"].get("line-height", brand.line_height)
    for role, kind in (("body", "serif"), ("headings", "sans")):
        for script in ("cjk", "latin"):
            key = typo.get(role, {}).get(script)
            if key is None:
                continue
            if key not in fonts.FACES or f"{key}-bold" not in fonts.FACES:
                problem(f"typography.{role}.{script}", f"no face {key!r} with a bold face; faces: "
                        + ", ".join(k for k in fonts.FACES if not k.endswith("-bold")))
                continue
            brand.fonts[f"{kind}-{script}"] = key
    page = values.get("page", {})
    brand.page_size = page.get("size", brand.page_size)
    brand.margins.update(page.get("margins", {}))
    brand.chapter_break = page.get("chapter_break", brand.chapter_break)
    brand.disclaimer = values.get("disclaimer")
    _check_geometry(brand, problem, page, typo.get("base", {}))
    brand.header = values.get("header")
    brand.footer = values.get("footer")
    for at, texts in (("meta.name", meta.get("name")), ("header", brand.header), ("footer", brand.footer)):
        for lang, value in (texts or {}).items():
            message = brand_text_problem(brand, lang, value, NAME_UNITS if at == "meta.name" else LINE_UNITS, at)
            if message:
                problem(at, f"the {lang} text {message}")
                break
    logo = values.get("logo", {})
    images = logo.get("images", {})
    for size in ("small", "medium", "large"):
        if size in logo and logo[size] not in images:
            problem(f"logo.{size}", f"no image {logo[size]!r}; images: {', '.join(images) or 'none'}")
    refused: list[str] = []
    for name, image in list(images.items()):
        at = f"logo.images.{name}.path"
        line, col = ctx.locations.get(at, (0, 0))
        try:
            inside(base, image["path"])
        except Unreadable as exc:  # logos and fonts come from the brand's folder, never from elsewhere
            problem(at, str(exc))
            del images[name]
            refused.append(name)  # one message: not also "this brand has no PNG"
            continue
        ctx.problems += check_image(base / image["path"], ctx.file, line, col, at)
    chosen = logo.get("large") or logo.get("medium") or logo.get("small") or next(iter(images), None)
    raster = [n for n in (chosen, *images) if n and n in images and Path(images[n]["path"]).suffix.lower() == ".png"]
    if images and not raster and not refused:  # only a PNG is drawn: JPEG or SVG logos would build with no emblem
        name = next(iter(images))
        problem(f"logo.images.{name}.path", "the briefings draw the logo from a PNG image and this brand has "
                "none; add a PNG of the logo (an image program's Export as PNG) to logo.images")
    if raster:
        brand.logo = base / images[raster[0]]["path"]
        brand.logo_alt = images[raster[0]].get("alt")
    reference = base / "reference.docx"
    if reference.exists() or reference.is_symlink():
        try:
            inside(base, "reference.docx")
            check_regular(reference)
        except Unreadable as exc:
            ctx.problems.append(Problem(display_path(reference), 0, 0, "", str(exc)))
            return
        message = check_reference(reference)
        if message:
            ctx.problems.append(Problem(display_path(reference), 0, 0, "", message))


NEAR_WHITE = 0xE0  # a colour whose red, green and blue are all this light or lighter is close to white


def near_white(hex_value: str) -> bool:
    """Return whether a #RRGGBB colour is close to white (its text may print as the bare paper)."""
    return all(int(hex_value[i:i + 2], 16) >= NEAR_WHITE for i in (1, 3, 5))


MAX_PART_BYTES = 20_000_000  # one part of a reference.docx, unpacked
MAX_PACKAGE_BYTES = 100_000_000  # all of them
MAX_PARTS = 2_000


MIN_TEXT_WIDTH, MIN_TEXT_HEIGHT = 80 * MM, 100 * MM  # the text area a briefing needs
BASE_SIZES = (6.0, 24.0)  # points
LINE_HEIGHTS = (1.0, 3.0)  # times the base size


def _check_geometry(brand: Brand, problem, page: dict, base: dict) -> None:
    """Report a page whose margins leave too little room, or a base size or line height no text can be set in."""
    width, height = brand.page
    text_w = width - brand.margins["left"] - brand.margins["right"]
    text_h = height - brand.margins["top"] - brand.margins["bottom"]
    mm = lambda v: f"{v / MM:.0f} mm"  # noqa: E731
    if text_w < MIN_TEXT_WIDTH:
        problem("page.margins.left" if "left" in page.get("margins", {}) else "page.margins",
                f"the margins leave a text area {mm(text_w)} wide on a {mm(width)} page; it must be at least "
                f"{mm(MIN_TEXT_WIDTH)}: make the left and right margins smaller")
    if text_h < MIN_TEXT_HEIGHT:
        problem("page.margins.top" if "top" in page.get("margins", {}) else "page.margins",
                f"the margins leave a text area {mm(text_h)} tall on a {mm(height)} page; it must be at least "
                f"{mm(MIN_TEXT_HEIGHT)}: make the top and bottom margins smaller")
    if not BASE_SIZES[0] <= brand.base_size <= BASE_SIZES[1]:
        problem("typography.base.size", f"a base size of {brand.base_size:g} pt cannot be set; choose from "
                f"{BASE_SIZES[0]:g} to {BASE_SIZES[1]:g} pt (10 or 11 pt for body text)")
    if brand.line_height is not None and not LINE_HEIGHTS[0] <= brand.line_height <= LINE_HEIGHTS[1]:
        problem("typography.base.line-height", f"a line height of {brand.line_height:g} cannot be set; choose "
                f"from {LINE_HEIGHTS[0]:g} to {LINE_HEIGHTS[1]:g} times the size (1.5 is usual)")


NAME_UNITS = 120  # the brand's name (the issuer under the cover's facts), in width units (a Chinese character: 2)
LINE_UNITS = 100  # a running header or footer text: one line beside the page label


def brand_text_problem(brand: Brand, lang: str, value: str, limit: int, at: str = "meta.name") -> str | None:
    """Return why a brand text (name, header, footer) in `lang` cannot be printed, or None.

    The same checks as content texts: printable (no bidi or other controls, not
    only invisible characters), every character in the faces that set `lang`, and
    a length that fits: the header and the footer are measured against their one
    line in both formats (brand/boxes.py).
    """
    message = text_problem(value)
    if message:
        return message
    units = width_units(value)
    if units > limit:
        return (f"is too long to print: {len(value):,} characters; it is set on one line, at most {limit // 2} "
                f"Chinese characters or {limit} letters and spaces")
    try:
        stacks = tuple(tuple(brand.font_stack(kind, lang, bold)) for kind in ("serif", "sans") for bold in (False, True))
        common = fonts.covered_by_every(stacks)  # what every stack has
    except (KeyError, OSError, ValueError):
        return None  # a face the brand names wrongly is reported by itself
    missing = sorted({ch for ch in value if not ch.isspace() and ord(ch) not in common})
    if missing:
        names = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:5])
        return f"has characters the fonts have no glyph for: {names}; they would print as blank boxes"
    if at in ("header", "footer"):
        return _line_problem(brand, lang, value, at)
    return None


def _line_problem(brand: Brand, lang: str, value: str, at: str) -> str | None:
    """Return how much too long a header or footer text is for its one line in either format, or None."""
    from briefing.fonts import measure

    keys = brand.font_stack("sans", lang)
    for g in boxes.FORMATS:
        room = g.header_width(brand) if at == "header" else g.footer_width(brand)
        wide = measure.width(value, keys, brand.base_size * g.running)
        if wide > room:
            cut = math.ceil(len(value) * (1 - room / wide))
            where = "beside the emblem" if at == "header" else "beside the page number"
            return (f"is too long for its one line: {wide:.0f} pt wide at {brand.base_size * g.running:.1f} pt, and "
                    f"the {at} line {where} holds {room:.0f} pt in the {g.name} file; shorten it by about {cut} "
                    f"character{'s' if cut != 1 else ''}")
    return None


def check_reference(path: Path) -> str | None:
    """Return what is wrong with a brand's reference.docx (not a Word document, too large, damaged), or None.

    The unpacked size of every part is bounded before any is read; every XML part
    is parsed (no entities, no network) and python-docx must open the package, so
    a damaged part is reported here rather than by the Word renderer. A file of at
    most REMEMBERED_BYTES is read once and checked from memory; its verdict is kept
    for its path and contents (a long-lived process, `serve`, loads the brand at
    every build).
    """
    import hashlib
    import io

    try:
        data = path.read_bytes() if path.stat().st_size <= REMEMBERED_BYTES else None
    except OSError:
        data = None
    if data is None:
        return _check_reference(path, path)
    key = (str(path), hashlib.sha256(data).digest())
    if key not in _REFERENCES:
        if len(_REFERENCES) >= 16:
            _REFERENCES.pop(next(iter(_REFERENCES)))
        _REFERENCES[key] = _check_reference(path, io.BytesIO(data))
    return _REFERENCES[key]


REMEMBERED_BYTES = 4_000_000
_REFERENCES: dict[tuple[str, bytes], str | None] = {}


def _check_reference(path: Path, source) -> str | None:
    """check_reference's checks of the package `source` (its path, or its bytes in a BytesIO) at `path`."""
    import zipfile

    import docx
    from lxml import etree

    hint = f"; write a new one with: briefing reference-doc --brand {path.parent.name} --force"
    try:
        with zipfile.ZipFile(source) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                return f"not a usable Word document ({len(infos)} parts; at most {MAX_PARTS})" + hint
            sizes = {info.filename: info.file_size for info in infos}
            if "word/document.xml" not in sizes or "word/styles.xml" not in sizes:
                return "not a Word document (no word/document.xml or word/styles.xml)" + hint
            big = next((name for name, size in sizes.items() if size > MAX_PART_BYTES), None)
            if big or sum(sizes.values()) > MAX_PACKAGE_BYTES:
                return (f"too large for a reference document ({_short(big)} unpacks to over "
                        f"{MAX_PART_BYTES // 1_000_000} MB)" if big else
                        f"too large for a reference document (over {MAX_PACKAGE_BYTES // 1_000_000} MB unpacked)") + hint
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
            for name in sizes:
                if name.endswith((".xml", ".rels")):
                    try:
                        root = etree.fromstring(z.read(name), parser)
                    except etree.XMLSyntaxError as exc:
                        return f"not a usable Word document: its part {_short(name)} is damaged ({_short(str(exc))})" + hint
                    if name == "word/styles.xml" and (wrong := styles_problem(root)):
                        return f"not a usable reference document: {wrong}" + hint
        if not isinstance(source, Path):
            source.seek(0)
        docx.Document(str(source) if isinstance(source, Path) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        return f"not a Word document ({type(exc).__name__}: {_short(str(exc))})" + hint
    except Exception as exc:  # python-docx refuses a package in many ways (a macro-enabled .docm, a missing part)
        return f"not a usable Word document ({type(exc).__name__}: {_short(str(exc))})" + hint
    return None


def _short(text: str | None, limit: int = 100) -> str:
    """Return at most `limit` characters of a message from a library about a file (never the file itself)."""
    text = text or ""
    return text if len(text) <= limit else text[:limit - 3] + "..."

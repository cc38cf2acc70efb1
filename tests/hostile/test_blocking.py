"""Nothing blocks or grows: pipes, devices, sparse files, link loops, adversarial text for every pattern,
crafted fonts and images, unpacked sizes of a reference.docx, and previews of odd PDFs.

The CLI runs in a subprocess under an address-space limit (hostile_run.MEMORY_LIMIT)
and the runner's timeout; after each refusal the output folder is byte for byte
as it was.
"""
from __future__ import annotations

import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from hostile_run import MINIMAL, ROOT, clean, cli, project, snapshot

pytestmark = pytest.mark.timeout(240)


def _sparse(path: Path, size: int = 3 * 1024 ** 3) -> None:
    """Make a file of `size` bytes that takes no room on disk (a hole)."""
    with path.open("wb") as f:
        f.truncate(size)


def _refused(run, *words: str) -> None:
    assert run.returncode == 1, (run.returncode, run.stderr)
    assert clean(run.stderr), run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


@pytest.mark.parametrize("make, words", [
    (lambda p: os.mkfifo(p), "is a named pipe, not a content file"),
    (lambda p: os.symlink("/dev/zero", p), "is a device, not a content file"),
    (lambda p: os.symlink(p, p), "a link loop"),
    (lambda p: p.mkdir(), "is a folder, not a content file"),
    (_sparse, "content files are limited to 5.0 MiB"),
])
def test_a_content_file_that_is_not_a_file_is_refused_unread(tmp_path, make, words):
    root = project(tmp_path, "alpha")
    out = root / "output"
    assert cli("build", "data/alpha.yaml", cwd=root).returncode == 0
    before = snapshot(out)
    make(root / "data" / "odd.yaml")
    _refused(cli("build", "data/odd.yaml", cwd=root, memory=512 * 1024 * 1024), "data/odd.yaml", words)
    _refused(cli("check", "data/odd.yaml", cwd=root, memory=512 * 1024 * 1024), words)
    assert snapshot(out) == before


def test_a_pipe_in_data_fails_alone_in_a_batch(tmp_path):
    root = project(tmp_path, "alpha", "beta")
    os.mkfifo(root / "data" / "gamma.yaml")
    os.symlink("/dev/zero", root / "data" / "zero.yaml")
    run = cli("build", "--all", cwd=root)
    assert run.returncode == 1 and clean(run.stderr + run.stdout), run.stdout + run.stderr
    assert "built 8 files" in run.stdout and "failed 2" in run.stdout, run.stdout
    assert "gamma.yaml: is a named pipe" in run.stdout + run.stderr


@pytest.mark.parametrize("make, words", [
    (lambda p: os.mkfifo(p), "is a named pipe"),
    (lambda p: os.symlink("/dev/zero", p), "is a link leading outside the folder"),
    (lambda p: os.symlink(p.name, p), "a link loop"),
    (_sparse, "images are limited to 20 MiB"),
])
def test_a_logo_that_is_not_a_file_is_refused_unread(tmp_path, make, words):
    root = project(tmp_path, "alpha", brand=True)
    (root / "brand" / "logo.png").unlink()
    make(root / "brand" / "logo.png")
    _refused(cli("build", "data/alpha.yaml", "--brand", "brand", cwd=root, memory=512 * 1024 * 1024),
             "logo.images.tide.path", words)
    assert not (root / "output").exists()


# -- patterns: each is linear, so a megabyte of the worst text for it is checked within the timeout ------------

MEGA = 1024 * 1024


@pytest.mark.timeout(60)
@pytest.mark.parametrize("field, text", [
    ("email", "a@" + "b." * (MEGA // 2) + "@"),
    ("email", "a@" + "b" * MEGA + " "),
    ("email", "@" * 10 + "a" * MEGA),
    ("url", "https://" + "a" * MEGA + " x"),
    ("phone", "+1" + " " * MEGA + "x"),
], ids=["email-dots", "email-long-domain", "email-ats", "url", "phone"])
def test_contact_patterns_are_linear(tmp_path, field, text):
    path = tmp_path / "region.yaml"
    path.write_text(MINIMAL + f"contacts:\n  - name: {{zh: 甲, en: A}}\n    {field}: '{text}'\n", encoding="utf-8")
    run = cli("check", str(path))
    _refused(run, f"contacts[0].{field}")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", ["a@" + "b." * (MEGA // 2) + "@ x", "x" * MEGA + "@" + "y." * 1000,
                                  "**" + "a*" * (MEGA // 2), "1," * (MEGA // 2) + "x"],
                         ids=["email-dots", "long-local", "stars", "digits"])
def test_text_patterns_are_linear(tmp_path, text):
    """The untranslated-text check, bold markup and figures' digits over the same megabyte in zh and en."""
    from briefing.checks.translation import needs_translation
    from briefing.layout.markup import inline, strip_markup, NUMBER

    assert needs_translation(text) in (True, False)
    assert inline(text) and strip_markup(text)
    assert NUMBER.search(text) is not None or True


@pytest.mark.timeout(60)
@pytest.mark.parametrize("size", ["1" + " " * MEGA + "x", " " * MEGA + "1x", "1" * MEGA + "mmx", "1." + "0" * MEGA + "q"],
                         ids=["spaces", "leading", "digits", "decimals"])
def test_the_brand_length_pattern_is_linear(tmp_path, size):
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "_brand.yml").write_text(f"page:\n  margins:\n    top: '{size}'\n", encoding="utf-8")
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    run = cli("build", str(region), "--brand", str(brand), "--out", str(tmp_path / "out"))
    _refused(run, "page.margins.top", "expected a length")
    assert len(run.stderr) < 1000


# -- fonts, images, reference documents ----------------------------------------------------------------------


def _font_with_cmap(cmap: bytes, target: Path) -> None:
    """Copy Noto Sans with its character map replaced by `cmap` (appended, the directory pointed at it)."""
    data = bytearray((ROOT / "briefing" / "fonts" / "NotoSans-Regular.ttf").read_bytes())
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        if data[12 + 16 * i:16 + 16 * i] == b"cmap":
            struct.pack_into(">II", data, 12 + 16 * i + 8, len(data), len(cmap))
    target.write_bytes(bytes(data) + cmap)


def _format12(groups: list[tuple[int, int, int]], claimed: int | None = None) -> bytes:
    n = len(groups) if claimed is None else claimed
    body = b"".join(struct.pack(">III", *g) for g in groups)
    sub = struct.pack(">HHIII", 12, 0, 16 + len(body), 0, n) + body
    return struct.pack(">HH", 0, 1) + struct.pack(">HHI", 3, 10, 12) + sub


@pytest.mark.parametrize("make, words", [
    (lambda p: _font_with_cmap(_format12([(0, 0xFFFFFFF0, 1)]), p), "character map"),
    (lambda p: _font_with_cmap(_format12([(0x20, 0x7E, 1)] * 40000), p), "character map"),
    (lambda p: _font_with_cmap(_format12([(0x20, 0x7E, 1)], claimed=0x7FFFFFFF), p), "character map"),
    (lambda p: p.write_bytes(b"OTTO" + b"\0" * 400), "PostScript (CFF) outlines"),
    (lambda p: p.write_bytes(b"ttcf" + b"\0" * 400), "a font collection"),
    (lambda p: p.write_bytes(b"<html>not a font</html>"), "is not a TrueType font"),
    (lambda p: p.write_bytes(b"\0\1\0\0" + b"\xff\xff" + b"\0" * 100), "is damaged"),
    (lambda p: os.mkfifo(p), "is a named pipe"),
])
def test_a_brand_font_that_cannot_be_used_is_refused_in_bounded_memory(tmp_path, make, words):
    root = project(tmp_path, "alpha", brand=True)
    make(root / "brand" / "mine.ttf")
    (root / "brand" / "_brand.yml").write_text(
        "typography:\n  fonts:\n    - key: mine\n      path: mine.ttf\n      family: Mine\n"
        "  body: {latin: mine}\n", encoding="utf-8")
    run = cli("build", "data/alpha.yaml", "--brand", "brand", cwd=root, memory=1024 * 1024 * 1024)
    _refused(run, "typography.fonts[0].path", words)
    assert not (root / "output").exists()


def _png_header(width: int, height: int, extra: bytes = b"") -> bytes:
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(b"\0" * 64)) \
        + chunk(b"IEND", b"")


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(_png_header(9000, 8800)), "megapixels"),
    (lambda p: p.write_bytes(_png_header(100_000, 100_000)), "megapixels"),
    (lambda p: __import__("PIL.Image").Image.new("RGB", (64, 64), "blue").save(p, dpi=(0.0254, 0.0254)),
     "dpi"),
    (lambda p: __import__("PIL.Image").Image.new("I;16", (64, 64)).save(p), "colour"),
    (lambda p: p.write_bytes((ROOT / "templates" / "qiantang" / "logo.svg").read_bytes()), "SVG image named .png"),
    (lambda p: p.write_bytes(_png_header(64, 64)[:40]), "cannot be read"),
])
def test_a_logo_beyond_the_limits_is_refused_also_for_print(tmp_path, make, words):
    root = project(tmp_path, "alpha", brand=True)
    assert cli("build", "data/alpha.yaml", "--brand", "brand", "--print", cwd=root).returncode == 0
    before = snapshot(root / "output")
    make(root / "brand" / "logo.png")
    run = cli("build", "data/alpha.yaml", "--brand", "brand", "--print", cwd=root, memory=1024 * 1024 * 1024)
    _refused(run, "logo.png", words)
    assert snapshot(root / "output") == before


def test_a_logo_at_the_pixel_limit_builds_for_print_in_bounded_memory(tmp_path):
    from PIL import Image

    root = project(tmp_path, "alpha", brand=True)
    size = (3000, 3000)  # 9 megapixels, the limit, in more colours than are converted one by one
    Image.merge("RGB", [Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
                        Image.linear_gradient("L").rotate(90).resize(size)]).save(root / "brand" / "logo.png")
    run = cli("build", "data/alpha.yaml", "--brand", "brand", "--print", "--lang", "en", "--format", "pdf",
              cwd=root, memory=1536 * 1024 * 1024)
    assert run.returncode == 0 and clean(run.stderr), run.stderr
    assert (root / "output" / "alpha-en-print.pdf").stat().st_size > 0


def _reference_with(part: str, data: bytes, target: Path, method=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(ROOT / "templates" / "qiantang" / "reference.docx") as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts[part] = data
    with zipfile.ZipFile(target, "w", method) as z:
        for name, content in parts.items():
            z.writestr(name, content)


@pytest.mark.parametrize("part, data, words", [
    ("word/styles.xml", b"<a>" + b" " * 30_000_000 + b"</a>", "too large"),
    ("word/extra.xml", b" " * 25_000_000, "too large"),
    ("word/document.xml", b"<w:document", "word/document.xml"),
    ("word/numbering.xml", b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY b 'c'>]><a>&b;&b;</a>", ""),
    ("[Content_Types].xml", b"<Types/>", "not a usable Word document"),
], ids=["styles-30MB", "part-25MB", "document-cut", "entity", "content-types"])
def test_a_broken_or_huge_reference_docx_is_refused_with_its_name(tmp_path, part, data, words):
    root = project(tmp_path, "alpha", brand=True)
    assert cli("build", "data/alpha.yaml", "--brand", "brand", cwd=root).returncode == 0
    before = snapshot(root / "output")
    _reference_with(part, data, root / "brand" / "reference.docx")
    run = cli("build", "data/alpha.yaml", "--brand", "brand", cwd=root, memory=1024 * 1024 * 1024)
    if part == "word/numbering.xml" and run.returncode == 0:
        return  # an entity is never expanded: the part is read as it is, and that is fine too
    _refused(run, "reference.docx", words)
    assert len(run.stderr) < 1500, run.stderr
    assert snapshot(root / "output") == before


# -- preview ---------------------------------------------------------------------------------------------------


def _pdf(pages: int, box: str) -> bytes:
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{3 + i} 0 R' for i in range(pages))}] /Count {pages} >>"]
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox {box} >>"] * pages
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


@pytest.mark.parametrize("pages, box", [(1, "[0 0 0.01 14400]"), (1, "[0 0 14400 0.01]"), (50_000, "[0 0 595 842]"),
                                        (3, "[0 0 0 0]")])
def test_preview_is_bounded_in_pixels_and_pages(tmp_path, pages, box):
    from PIL import Image

    pdf = tmp_path / "odd.pdf"
    pdf.write_bytes(_pdf(pages, box))
    run = cli("preview", str(pdf), memory=768 * 1024 * 1024)
    assert clean(run.stderr), run.stderr
    if run.returncode == 0:
        with Image.open(tmp_path / "odd-preview.png") as sheet:
            assert sheet.width * sheet.height < 60_000_000
    else:
        assert run.returncode == 1 and "odd.pdf" in run.stderr, run.stderr


@pytest.mark.parametrize("make, words", [(lambda p: os.mkfifo(p), "is a named pipe"),
                                         (lambda p: os.symlink("/dev/zero", p), "is a device")])
def test_preview_refuses_what_is_not_a_file(tmp_path, make, words):
    make(tmp_path / "odd.pdf")
    run = cli("preview", str(tmp_path / "odd.pdf"), memory=512 * 1024 * 1024)
    assert run.returncode == 2 and clean(run.stderr) and words in run.stderr, run.stderr
    shutil.rmtree(tmp_path, ignore_errors=True)

"""The per-user cache of parsed faces (briefing/fonts/cache.py): hit, miss, stale, corrupt, untrusted, unwritable."""
from __future__ import annotations

import os
import stat

import pytest
from reportlab.pdfbase import ttfonts

from briefing import fonts
from briefing.fonts import cache

LATIN = fonts.FONT_DIR / "NotoSans-Regular.ttf"
CJK = fonts.FONT_DIR / "NotoSansSC-Regular.ttf"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "briefing" / "faces"


def entries(folder):
    return sorted(folder.glob("*.face"))


def same_font(a: ttfonts.TTFont, b: ttfonts.TTFont) -> None:
    """Assert two fonts hold the same parsed state (the scale lambda compared by its results)."""
    fa = {k: v for k, v in a.face.__dict__.items() if k != "_pdfScale"}
    fb = {k: v for k, v in b.face.__dict__.items() if k != "_pdfScale"}
    assert fa == fb
    assert [type(a.face.__dict__[k]) for k in fa] == [type(b.face.__dict__[k]) for k in fa]
    assert a.face.name.ustr == b.face.name.ustr
    assert a.face._pdfScale(517) == b.face._pdfScale(517)
    assert set(a.__dict__) == set(b.__dict__)
    assert (a.fontName, a._asciiReadable, a.shapable) == (b.fontName, b._asciiReadable, b.shapable)


@pytest.mark.parametrize("path", [LATIN, CJK], ids=["latin", "cjk"])
def test_a_miss_parses_and_writes_an_entry_a_hit_reads_it(home, path, monkeypatch):
    parsed = cache.load_font("Test-Miss", path)
    same_font(parsed, ttfonts.TTFont("Test-Miss", str(path)))
    [entry] = entries(home)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    with monkeypatch.context() as m:
        m.setattr(ttfonts, "TTFontFace", lambda *a, **k: pytest.fail("parsed on a hit"))
        hit = cache.load_font("Test-Miss", path)
    same_font(hit, parsed)
    assert hit.face is not parsed.face


def test_a_hit_subsets_the_font_as_a_parse_does(home):
    cache.load_font("Warm", CJK)
    hit, parsed = cache.load_font("A", CJK), ttfonts.TTFont("A", str(CJK))
    subset = [0, 32, ord("钱"), ord("塘"), ord("A")]
    assert hit.face.makeSubset(subset) == parsed.face.makeSubset(subset)


def test_each_face_file_has_its_own_entry_keyed_by_its_contents(home, tmp_path):
    cache.load_font("A", LATIN)
    copy = tmp_path / "elsewhere.ttf"
    copy.write_bytes(LATIN.read_bytes())
    cache.load_font("B", copy)
    assert len(entries(home)) == 1  # same bytes, same entry
    changed = tmp_path / "changed.ttf"
    changed.write_bytes(fonts.FONT_DIR.joinpath("NotoSans-Bold.ttf").read_bytes())
    font = cache.load_font("C", changed)
    assert len(entries(home)) == 2
    assert font.face.filename == str(changed)


def test_a_stale_entry_is_not_trusted_and_is_rewritten(home, monkeypatch):
    cache.load_font("A", LATIN)
    [entry] = entries(home)
    other = cache.face_state(ttfonts.TTFontFace(str(fonts.FONT_DIR / "NotoSans-Bold.ttf")))
    other.update(font="0" * 64, format=cache.FORMAT)  # an entry that describes another file
    payload = cache.marshal.dumps(other)
    entry.write_bytes(cache.MAGIC + cache.hashlib.sha256(payload).digest() + payload)
    font = cache.load_font("A", LATIN)
    same_font(font, ttfonts.TTFont("A", str(LATIN)))
    assert b"0" * 64 not in entry.read_bytes()  # rewritten for the right file


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_entry_falls_back_to_parsing_and_is_repaired(home, damage):
    cache.load_font("A", LATIN)
    [entry] = entries(home)
    blob = entry.read_bytes()
    entry.write_bytes({"truncate": blob[:len(blob) // 2], "flip": blob[:-10] + bytes(10),
                       "garbage": os.urandom(500), "empty": b""}[damage])
    font = cache.load_font("A", LATIN)
    same_font(font, ttfonts.TTFont("A", str(LATIN)))
    assert entry.read_bytes() == blob


def test_an_entry_others_may_write_is_ignored(home):
    cache.load_font("A", LATIN)
    [entry] = entries(home)
    entry.chmod(0o666)
    assert cache._read(entry, "x", str(LATIN), LATIN.read_bytes()) is None
    cache.load_font("A", LATIN)  # parsed, and the entry replaced by one of our own
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    home.chmod(0o777)
    assert not cache._trusted(home)
    font = cache.load_font("A", LATIN)
    same_font(font, ttfonts.TTFont("A", str(LATIN)))


def test_an_unwritable_cache_folder_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    font = cache.load_font("A", LATIN)
    same_font(font, ttfonts.TTFont("A", str(LATIN)))
    assert blocker.is_file()


def test_the_folder_follows_xdg_and_defaults_to_dot_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "briefing" / "faces"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the spec: only absolute paths count
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() is None  # no home folder: no cache, and no home folder made
    (tmp_path / "home").mkdir()
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "briefing" / "faces"


def test_coverage_is_cached_and_equals_reading_the_cmap(home):
    calls = []

    def compute(data):
        calls.append(1)
        return fonts._cmap_coverage(data)

    first = cache.load_coverage(CJK, compute)
    assert first == fonts._cmap_coverage(CJK.read_bytes()) and ord("钱") in first
    [entry] = home.glob("*.codes")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert cache.load_coverage(CJK, compute) == first and len(calls) == 1  # a hit
    entry.write_bytes(entry.read_bytes()[:-7])  # cut short: recomputed, and repaired
    assert cache.load_coverage(CJK, compute) == first and len(calls) == 2
    assert cache.load_coverage(CJK, compute) == first and len(calls) == 2


def test_coverage_that_cannot_be_computed_is_not_cached(home):
    def fails(data):
        raise ValueError("no cmap")

    with pytest.raises(ValueError):
        cache.load_coverage(LATIN, fails)
    assert not list(home.glob("*.codes"))


def test_no_home_folder_means_no_cache_not_a_failure(monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(cache.Path, "home", staticmethod(no_home))
    assert cache.cache_dir() is None
    font = cache.load_font("A", LATIN)
    same_font(font, ttfonts.TTFont("A", str(LATIN)))
    assert cache.load_coverage(LATIN, fonts._cmap_coverage) == fonts._cmap_coverage(LATIN.read_bytes())

"""Where the words of a Chinese text begin: ICU's dictionary word breaks, for breaking short texts between words.

Chinese is written without spaces, so a line may break between any two Han
characters; a heading or a card label set in two lines reads best broken
between words ("规上数字经济 / 核心产业营收目标", not "…核 / 心…"). ICU, the
library every browser and LibreOffice break CJK text with, ships a Chinese word
dictionary; `boundaries(text)` asks the system's ICU (libicuuc, through
ctypes) for the word boundaries of `text`. Without ICU on the machine it
returns None and the line breaker does without (every joint between Han
characters then costs alike).

Must not know lines or renderers: text in, offsets out.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

_WORD = 1  # UBRK_WORD
_DONE = -1  # UBRK_DONE


@lru_cache(maxsize=1)
def _icu():
    """Return (ubrk_open, ubrk_next, ubrk_close) of the system's ICU, or None when it has none."""
    name = ctypes.util.find_library("icuuc")
    if not name:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    suffix = next((f"_{v}" for v in range(40, 120) if hasattr(lib, f"ubrk_open_{v}")),
                  "" if hasattr(lib, "ubrk_open") else None)
    if suffix is None:
        return None
    open_, next_, close = (getattr(lib, f"ubrk_{f}{suffix}") for f in ("open", "next", "close"))
    open_.restype = ctypes.c_void_p
    open_.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int)]
    next_.restype = ctypes.c_int32
    next_.argtypes = [ctypes.c_void_p]
    close.restype = None
    close.argtypes = [ctypes.c_void_p]
    return open_, next_, close


@lru_cache(maxsize=1024)
def boundaries(text: str) -> frozenset[int] | None:
    """Return the offsets i of `text` where a word begins (0 < i < len), or None without ICU."""
    icu = _icu()
    if icu is None or not text:
        return None
    open_, next_, close = icu
    utf16 = text.encode("utf-16-le")
    units = len(utf16) // 2
    buffer = ctypes.create_string_buffer(utf16, len(utf16) + 2)
    status = ctypes.c_int(0)
    handle = open_(_WORD, b"zh", buffer, units, ctypes.byref(status))
    if status.value > 0 or not handle:
        return None
    index, offset, found = {}, 0, set()
    for i, ch in enumerate(text):  # UTF-16 offsets back to characters
        index[offset] = i
        offset += 2 if ord(ch) > 0xFFFF else 1
    try:
        while True:
            at = next_(handle)
            if at == _DONE or at >= units:
                break
            if at in index:
                found.add(index[at])
    finally:
        close(handle)
    return frozenset(found)

"""Translation: texts left in the other language, or still the starter's placeholder."""
from __future__ import annotations

import re


from briefing.errors import Problem
from briefing.content.model import Text
from briefing.content.starter import PLACEHOLDER_MARKS



_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")  # linear: labels exclude dots
_NAME_TOKEN = re.compile(r"[A-Z0-9&.+\-]+")


def needs_translation(text: str) -> bool:
    """Return whether a text that reads the same in Chinese and English was probably left untranslated.

    Chinese characters in the English text always count. Latin text counts unless it
    is one word of capitals and digits (DNA, 5G, SAIC, H&M) or of three letters at
    most, or a web or e-mail address; texts without letters (numbers) never count.
    """
    text = text.strip()
    if _WIDE.search(text):
        return True
    if not _LATIN_WORD.search(text) or _ADDRESS.fullmatch(text):
        return False
    if len(text.split()) == 1 and (_NAME_TOKEN.fullmatch(text) or len(text) <= 3):
        return False
    return True


def untranslated(texts: list[Text], languages: list[str], locations: dict[str, tuple[int, int]],
                  file: str) -> list[Problem]:
    """Return a warning for each text identical in Chinese and English, and each placeholder left in."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for text in texts:
        if text.path in seen:
            continue
        seen.add(text.path)
        values = {lang: text.values.get(lang, "") for lang in languages}
        placeholder = [lang for lang, v in values.items() if any(mark in v for mark in PLACEHOLDER_MARKS)]
        if placeholder:
            path = f"{text.path}.{placeholder[0]}"
            problems.append(Problem(file, *locations.get(path, (0, 0)), text.path,
                                    "still the starter's placeholder; write the text", "warning"))
            continue
        zh, en = values.get("zh"), values.get("en")
        if zh is None or en is None or " ".join(zh.split()) != " ".join(en.split()) or not needs_translation(zh):
            continue
        lang = "en" if _WIDE.search(zh) else "zh"  # the language the text is not written in
        path = f"{text.path}.{lang}"
        sample = zh.strip() if len(zh.strip()) <= 40 else zh.strip()[:37] + "..."
        problems.append(Problem(file, *locations.get(path, (0, 0)), path,
                                f"the zh and en texts are the same ({sample!r}); translate the {lang} text", "warning"))
    return problems

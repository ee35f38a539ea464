"""The six official languages of the United Nations, and the line of a
document's front matter that says which of them it was written in
("Original: English", in Chinese versions also "原文：英文").

One table: the document header's links to the other language versions
(undocs.org takes the language code) and the original's name read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as undocs.org takes it
    english: str  # as the distribution line of a UN document names it
    chinese: str  # as a Chinese document names it (原文：英文)
    own: str  # the language's name in itself, as a link to that version reads


# In the order of undocs.org's language menu (the English names' order).
OFFICIAL_LANGUAGES: tuple[Language, ...] = (
    Language("ar", "Arabic", "阿拉伯文", "العربية"),
    Language("zh", "Chinese", "中文", "中文"),
    Language("en", "English", "英文", "English"),
    Language("fr", "French", "法文", "Français"),
    Language("ru", "Russian", "俄文", "Русский"),
    Language("es", "Spanish", "西班牙文", "Español"),
)
BY_CODE = {lang.code: lang for lang in OFFICIAL_LANGUAGES}

_NAMES = {name: lang.code for lang in OFFICIAL_LANGUAGES for name in (lang.english, lang.chinese)}
_ORIGINAL = re.compile(r"^\s*(?:Original\s*:|原文\s*[:：])\s*(?P<name>\S+?)\s*$")


def original_language(line: str) -> str:
    """The code of the language a front-matter line says is the original
    (``Original: English`` -> ``en``); "" when the line says none, or names
    a language that is not an official one (the line is then only kept)."""
    m = _ORIGINAL.match(line)
    return _NAMES.get(m.group("name"), "") if m else ""

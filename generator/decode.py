"""Decode a source file's bytes into text, or refuse it.

Accepted: UTF-8 (with or without BOM) and GB18030, the usual legacy
encoding of Chinese files; line ends CRLF, CR or LF. Anything else would be
published as mojibake, so it is refused with the line where it goes wrong.
"""

from __future__ import annotations

import re

from .errors import BuildError

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Control characters that never occur in a text file (tab, LF, CR, FF allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_source(data: bytes, path: str) -> str:
    """Return the text of a source file with ``\\n`` line ends."""
    if not data.strip():
        raise BuildError("file is empty or holds only whitespace", path)
    if b"\x00" in data:
        raise BuildError("binary data (NUL bytes), not a text file", path, _line_of(data, data.index(b"\x00")))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = _decode_gb18030(data, path, utf8_error)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise BuildError(f"control character U+{ord(bad.group()):04X}: binary data, not a text file", path, line)
    if not text.strip():
        raise BuildError("file is empty or holds only whitespace", path)
    return text


def _decode_gb18030(data: bytes, path: str, utf8_error: UnicodeDecodeError) -> str:
    """GB18030 is accepted only when it decodes to Chinese text.

    Latin-1 and other single-byte encodings mostly fail to decode as
    GB18030; when they happen to decode, the result is not Chinese.
    """
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = _line_of(data, utf8_error.start)
        raise BuildError("not UTF-8 or GB18030 text (unknown encoding or binary data)", path, line) from None
    non_ascii = [c for c in text if ord(c) > 127]
    cjk = sum(1 for c in non_ascii if _CJK.match(c))
    if not non_ascii or cjk / len(non_ascii) < 0.9:
        line = _line_of(data, utf8_error.start)
        raise BuildError("not UTF-8 or GB18030 text (looks like another legacy encoding)", path, line)
    return text

"""Decode a source file's bytes into text, or refuse it.

Accepted: UTF-8 (with or without BOM) and GB18030, the usual legacy
encoding of Chinese files; line ends CRLF, CR or LF. Anything else would be
published as mojibake, so it is refused with the line where it goes wrong.

GB18030 assigns a character to almost every pair of high bytes, so "it
decodes" proves nothing: Latin-1 "España" and UTF-8 Chinese with one stray
byte both decode to Chinese-looking garbage. A text is taken as GB18030 only
when it does not look like broken UTF-8 and its ideographs are the common
ones of GB2312, as real Chinese text's are.
"""

from __future__ import annotations

import re

from ..errors import BuildError

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Control characters that never occur in a text file (tab, LF, CR, FF allowed).
# C1 controls (U+0080–U+009F) are what Windows-1252 bytes become when read as
# Latin-1: mojibake, not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# A line of UTF-8 that was once decoded as Latin-1/Windows-1252 and saved
# again shows runs of these characters where Chinese text was.
_CP1252_HIGH = bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore") + "\x81\x8d\x8f\x90\x9d"
_LATIN_RUN = re.compile(f"[{re.escape(_CP1252_HIGH)}]{{2,}}")
_BOM = b"\xef\xbb\xbf"
# Share of common (GB2312) ideographs below which a GB18030 reading is garbage.
_MIN_COMMON_HAN = 0.8


def _line_of(data: bytes, offset: int) -> int:
    """1-based line of byte ``offset``, counting CRLF, CR and LF line ends."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _line_in_text(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def decode_source(data: bytes, path: str) -> str:
    """Return the text of a source file with ``\\n`` line ends."""
    if not data.strip():
        raise BuildError("file is empty or holds only whitespace", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BuildError("UTF-16 text is not accepted; save the file as UTF-8", path)
    if b"\x00" in data:
        raise BuildError("binary data (NUL bytes), not a text file", path, _line_of(data, data.index(b"\x00")))
    has_bom = data.startswith(_BOM)
    if has_bom:
        data = data[len(_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        if has_bom or _mostly_utf8(data):
            # The file is UTF-8 with damage in it: reading it as GB18030 would
            # turn every Chinese character into garbage.
            raise BuildError(f"invalid UTF-8 (byte 0x{data[utf8_error.start]:02X}): damaged or mixed-encoding text",
                             path, _line_of(data, utf8_error.start)) from None
        text = _decode_gb18030(data, path, utf8_error)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_text(text, path)
    if not text.strip():
        raise BuildError("file is empty or holds only whitespace", path)
    return text


def _mostly_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 characters than invalid bytes.

    GB18030 Chinese read as UTF-8 gives about four invalid bytes for each
    accidental valid sequence; UTF-8 with a stray byte is the other way round.
    """
    decoded = data.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd")
    valid = sum(1 for c in decoded if c > "\x7f") - invalid
    return valid > invalid


def _check_text(text: str, path: str) -> None:
    bad = _CONTROL.search(text)
    if bad:
        raise BuildError(f"control character U+{ord(bad.group()):04X}: binary data or mojibake, not a text file", path,
                         _line_in_text(text, bad.start()))
    replacement = text.find("\ufffd")
    if replacement >= 0:
        raise BuildError("replacement character U+FFFD: the text was damaged by an earlier conversion", path,
                         _line_in_text(text, replacement))
    for run in _LATIN_RUN.finditer(text):
        if _is_double_encoded(run.group()):
            raise BuildError("UTF-8 text that was once read as Latin-1/Windows-1252 (mojibake)", path,
                             _line_in_text(text, run.start()))


def _is_double_encoded(run: str) -> bool:
    """``run`` is the Latin-1/Windows-1252 reading of UTF-8 bytes of Chinese text."""
    for encoding in ("cp1252", "latin-1"):
        try:
            original = run.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if _CJK.search(original):
            return True
    return False


def _decode_gb18030(data: bytes, path: str, utf8_error: UnicodeDecodeError) -> str:
    """GB18030 is accepted only when it decodes to common Chinese text.

    Latin-1 and other single-byte encodings mostly fail to decode as
    GB18030; when they happen to decode, the result is not Chinese, or it is
    made of rare ideographs (an accented letter followed by an ASCII letter
    is a valid GBK pair, but never a GB2312 one).
    """
    line = _line_of(data, utf8_error.start)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise BuildError("not UTF-8 or GB18030 text (unknown encoding or binary data)", path, line) from None
    non_ascii = [c for c in text if c > "\x7f"]
    cjk = sum(1 for c in non_ascii if _CJK.match(c))
    han = _HAN.findall(text)
    common = sum(1 for c in han if _in_gb2312(c))
    if not non_ascii or cjk / len(non_ascii) < 0.9 or not han or common / len(han) < _MIN_COMMON_HAN:
        raise BuildError("not UTF-8 or GB18030 text (looks like another legacy encoding)", path, line)
    return text


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True

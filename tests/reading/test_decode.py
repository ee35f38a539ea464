"""Decoding source bytes: the accepted encodings build, everything else is refused.

A refused file must never reach the page as mojibake, and the refusal names
the file and, where it applies, the line where the text goes wrong.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import BuildError
from generator.reading.decode import decode_source

CHINESE = "联合国打击跨国有组织犯罪公约缔约方会议\n第十一届会议，2022年10月17日至21日，维也纳。\n1. 秘书处的说明（CTOC/COP/2022/5）。\n"


def refused(data: bytes, path: str = "source/bad.txt") -> BuildError:
    with pytest.raises(BuildError) as info:
        decode_source(data, path)
    error = info.value
    assert error.path == path
    # One line, naming the file first, as the CLI prints it.
    assert "\n" not in error.one_line() and error.one_line().startswith(path)
    return error


# 1. Accepted encodings -----------------------------------------------------

@pytest.mark.parametrize("data", [
    CHINESE.encode("utf-8"),
    b"\xef\xbb\xbf" + CHINESE.encode("utf-8"),
    CHINESE.replace("\n", "\r\n").encode("utf-8"),
    CHINESE.replace("\n", "\r").encode("utf-8"),
    b"\xef\xbb\xbf" + CHINESE.replace("\n", "\r\n").encode("utf-8"),
    CHINESE.encode("gb18030"),
    CHINESE.replace("\n", "\r\n").encode("gb18030"),
], ids=["utf8", "utf8-bom", "utf8-crlf", "utf8-cr", "utf8-bom-crlf", "gb18030", "gb18030-crlf"])
def test_accepted_encodings_give_the_same_text(data):
    # The page says nothing of the encoding: the text is identical, with
    # no BOM and only \n line ends.
    assert decode_source(data, "x.txt") == CHINESE


def test_gb18030_four_byte_characters():
    # Characters outside GBK are four-byte sequences in GB18030.
    text = "会议纪要：𠀀和€。\n" + CHINESE
    assert decode_source(text.encode("gb18030"), "x.txt") == text


def test_utf8_european_text_is_fine():
    # Accented letters and typographic quotes in real UTF-8 are text, not mojibake.
    text = "Café — “résumé”, naïve, España 中文\n"
    assert decode_source(text.encode("utf-8"), "x.txt") == text


# Characters a Windows-1252 reading of UTF-8 produces: runs of them are
# checked for double encoding, so they are drawn separately below.
_CP1252_HIGH = bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore")


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=_CP1252_HIGH + "\ufffd")
               | st.sampled_from(list("\t\n中文é“")), min_size=1).filter(str.strip))
def test_any_utf8_text_without_controls_decodes_to_itself(text):
    assert decode_source(text.encode("utf-8"), "x.txt") == text


# 2. Broken files -----------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", "\u3000\n".encode()],
                         ids=["empty", "whitespace", "bom-only", "ideographic-space"])
def test_empty_files_are_refused(data):
    assert "empty" in refused(data).message


def test_binary_data_is_refused_with_its_line():
    error = refused(b"first line\nsecond\n\x89PNG\x00\x00\x00\rIHDR")
    assert error.line == 3 and "binary" in error.message


def test_control_character_is_refused_with_its_line():
    error = refused("第一行\n第二行\x1b[31m\n".encode())
    assert error.line == 2 and "U+001B" in error.message


def test_utf16_is_refused_by_name():
    assert "UTF-16" in refused(CHINESE.encode("utf-16")).message


# 1. Other encodings are refused, never published as mojibake ----------------

@pytest.mark.parametrize("text", [
    "Le résumé de l'été, à Genève.\nDeuxième ligne: coût élevé.\n",
    # Every accented letter followed by a letter: each pair is valid GBK,
    # so GB18030 "decodes" this to Chinese-looking garbage.
    "España y el año\n",
    "Mañana señor\n",
])
def test_latin1_is_refused(text):
    error = refused(text.encode("latin-1"))
    assert error.line == 1
    assert "not UTF-8 or GB18030" in error.message


def test_windows_1252_is_refused():
    refused("“Quoted” text – with a dash…\n".encode("cp1252"))


@pytest.mark.parametrize(("data", "line"), [
    # UTF-8 Chinese with one stray byte: as GB18030 it "decodes" to 涓枃…
    ("中文缔约方报告\n".encode() + b"\x80\n", 2),
    ("第一行\r第二行\r".encode() + b"\xff" + "第三行".encode(), 3),
    ("中文报告".encode() + "“x”".encode("cp1252") + b"\n", 1),
    # Truncated in the middle of a character.
    ("第一段。\n第二段中文".encode()[:-1], 2),
    # A BOM says UTF-8: never fall back to another encoding.
    (b"\xef\xbb\xbf" + CHINESE.encode("gb18030"), 1),
])
def test_damaged_utf8_is_refused_at_its_line(data, line):
    error = refused(data)
    assert error.line == line, error.one_line()


@pytest.mark.parametrize(("data", "line"), [
    (b"abc\r\ndef\r\n\xe9t\xe9 \r\n", 3),
    (b"abc\rdef\r\xe9t\xe9 \r", 3),  # CR line ends count as lines too
    (b"abc\ndef\n\xe9t\xe9 \n", 3),
])
def test_refusal_line_counts_every_kind_of_line_end(data, line):
    assert refused(data).line == line


def test_double_encoded_utf8_is_refused():
    # UTF-8 that someone opened as Windows-1252 and saved again: valid UTF-8,
    # but the Chinese is gone.
    mojibake = "中文报告".encode().decode("cp1252")
    error = refused(f"first line\n{mojibake}\n".encode())
    assert error.line == 2 and "mojibake" in error.message


def test_replacement_character_is_refused():
    # U+FFFD means an earlier conversion already lost the text.
    error = refused("第一行\n第二\ufffd行\n".encode())
    assert error.line == 2


def test_c1_controls_are_refused():
    # Windows-1252 bytes read as Latin-1 become C1 controls.
    assert refused("中文\n\u0093quoted\u0094\n".encode()).line == 2

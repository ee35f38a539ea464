"""The one place where source text enters Markdown.

Source text is data, never markup: every character that Python-Markdown or
its extensions could read as syntax (emphasis, links, raw HTML, attribute
lists, tables, headings, list markers) is written as a numeric character
reference, which Markdown passes through unchanged and the browser shows as
the character itself.
"""

from __future__ import annotations

import json
import posixpath
import re
from html import escape as html_escape

from ..model import Span

# ASCII punctuation that has a meaning to Markdown or an enabled extension
# anywhere in a line: emphasis, code, links and images (their brackets),
# raw HTML and entities, attribute lists, tables, escapes, heading hashes.
# Characters that matter only at the start of a block are handled there.
_SPECIAL = "\\`*_{}[]<>#|&"
# What opens a block construct at the start of a line: list bullets,
# block quotes, headings, rules, setext underlines.
_BLOCK_START = frozenset("-+*>#=_~:")
# Each special character to its character reference, in one translation table.
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
# Line breaks and tabs: a rendered block is one line, so a run is one space.
_BREAKS = re.compile(r"[\t\r\n\f\v]+")
# A block that starts like an ordered list item ("12. ", "3) ").
_LEADING_ORDINAL = re.compile(r"^(\d+)([.)])")


def escape_inline(text: str) -> str:
    """Escape text that continues a block (after a link, say)."""
    out = _BREAKS.sub(" ", text).translate(_ESCAPES)
    if out.endswith("  "):
        # Two spaces before the line end that a template puts after the text
        # would be a hard line break: a <br> element made by the source.
        out = out[:-1] + "&#32;"
    return out


def escape_markdown(text: str) -> str:
    """Return ``text`` as a Markdown block that renders to exactly these characters.

    Line breaks and tabs become single spaces: a rendered block is one line.
    """
    out = escape_inline(text)
    out = _LEADING_ORDINAL.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", out)
    if out[:1] == " ":
        # Leading spaces would start an indented code block.
        out = "&#32;" + out[1:]
    elif out[:1] in _BLOCK_START:
        out = f"&#{ord(out[0])};" + out[1:]
    return out


def escape_html(text: str) -> str:
    """Text for raw HTML blocks inside the Markdown (tables, header block)."""
    return html_escape(re.sub(r"[\t\r\n]+", " ", text), quote=True)


def script_json(value: object) -> str:
    """``value`` as JSON inside a ``<script>`` element of a page: no ``<``
    (so no ``</script>``) and no ``&``, whatever the source text holds."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def relative_href(href: str, page: str) -> str:
    """Make a site-root-relative ``href`` relative to the page at ``page``."""
    if href.startswith(("http://", "https://", "#")):
        return href
    path, _, fragment = href.partition("#")
    if path == page:
        rel = ""
    else:
        rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return rel + ("#" + fragment if fragment else "")


def render_text(text: str, spans: list[Span], page: str) -> str:
    """Markdown for ``text`` with its link spans, escaped everywhere else.

    Overlapping spans keep the first one (spans are sorted by start).
    """
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos or span.end > len(text) or span.start >= span.end:
            continue
        before = text[pos:span.start]
        out.append(escape_inline(before) if pos else escape_markdown(before))
        # Markdown still reads inline syntax between raw HTML tags ("\\*",
        # "**x**"), so the link text is escaped for Markdown, which also
        # escapes it for HTML; the title attribute too, and its quotes.
        inner = escape_inline(text[span.start:span.end])
        href = escape_html(relative_href(span.href, page))
        attrs = f' href="{href}" class="ref-{span.role}"'
        if span.title:
            attrs += f' title="{escape_inline(span.title).replace(chr(34), "&#34;")}"'
        if span.role == "footnote-ref":
            id_attr = f' id="{span.anchor_id}"' if span.anchor_id else ""
            out.append(f'<sup class="fnref"{id_attr}><a{attrs}>{inner}</a></sup>')
        else:
            out.append(f"<a{attrs}>{inner}</a>")
        pos = span.end
    out.append(escape_inline(text[pos:]) if pos else escape_markdown(text))
    return "".join(out)

"""Source text is data: whatever it holds, it renders as exactly that text.

The escapers in ``generator.rendering.mdtext`` are the one place text enters
Markdown. These tests render their output with Python-Markdown configured
like the site (the extensions and settings of ``mkdocs.yml``) and read the
HTML back with BeautifulSoup: the characters must all be there, in order,
and nothing but the element the generator itself writes may appear.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.model import Span
from generator.rendering.mdtext import escape_html, escape_inline, escape_markdown, relative_href, render_text

MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"

# What generator.reading.decode lets through: no surrogates, no C0/C1 controls other
# than tab, line feed, form feed and carriage return.
_REFUSED = "".join(chr(c) for c in [*range(0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters=_REFUSED)
# Markdown's and HTML's own characters, drawn often so that they combine.
MARKUP = st.sampled_from(list("\\`*_{}[]()<>#+-!|~^=&:\"'$%@.;/ \t\n\r\f") + [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "**", "__",
    "# ", "## ", "| a | b |", "{#para-2}", "{: #x .y }", "<!-- c -->", "&amp;", "&#60;", "&lt;",
    "1. ", "12) ", "- ", "* ", "+ ", "> ", "    ", "```", "~~~", "---", "===", "[TOC]", "<http://x.org>",
    "![i](x.png)", "[^1]", "*[HTML]: x", "\\*", "  \n", "javascript:", "\u3000", "\u00a0", "\u2028",
])
TEXT = st.lists(st.one_of(CHARS, MARKUP, st.sampled_from(list("第十一届会议决议报告。，（）"))),
                max_size=40).map("".join)
# Texts a block can hold: something visible, as every parsed block has.
BLOCK_TEXT = TEXT.filter(lambda t: t.strip())

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def _site_extensions() -> tuple[list[str], dict]:
    """The markdown_extensions of mkdocs.yml, as Python-Markdown arguments."""
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    names: list[str] = []
    configs: dict = {}
    for item in config["markdown_extensions"]:
        if isinstance(item, str):
            names.append(item)
        else:
            ((name, options),) = item.items()
            names.append(name)
            configs[name] = options or {}
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _site_extensions()


def to_html(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def norm(text: str) -> str:
    return " ".join(text.split())


def only_child(html: str) -> Tag:
    """The single top-level element of ``html``; fails on anything else."""
    soup = BeautifulSoup(html, "html.parser")
    elements = soup.find_all(True, recursive=False)
    loose = [s for s in soup.find_all(string=True, recursive=False) if s.strip()]
    assert len(elements) == 1 and not loose, html
    return elements[0]


def assert_plain(tag: Tag, html: str) -> None:
    """``tag`` holds text only: no element, hence no attribute, id or link."""
    assert tag.find_all(True) == [], html


def test_site_extensions_are_those_that_read_attributes_and_ids():
    # The escapes below are tested against the site's own Markdown setup; if
    # mkdocs.yml gains an extension, these tests must run with it too.
    assert "attr_list" in EXTENSIONS and "toc" in EXTENSIONS


@SETTINGS
@given(BLOCK_TEXT)
@example("<script>alert(1)</script>")
@example("<img src=x onerror=alert(1)>")
@example("[x](javascript:alert(1))")
@example("**bold** and _em_")
@example("# heading at the start of a line")
@example("| a | b |\n|---|---|\n| 1 | 2 |")
@example("{#para-2}")
@example("text {: #evil .cls onclick=x }")
@example("<!-- comment -->")
@example("12. not a list item")
@example("    not code")
@example("\t\tnot code either")
@example("***")
@example("a\n===")
@example("&lt;b&gt; &#60; &amp;")
@example("<https://evil.example/>")
@example("[TOC]")
@example("x\u2028y")
def test_escape_markdown_is_exactly_the_text(text):
    html = to_html(escape_markdown(text))
    p = only_child(html)
    assert p.name == "p" and p.attrs == {}, html
    assert_plain(p, html)
    assert norm(p.get_text()) == norm(text)


@SETTINGS
@given(BLOCK_TEXT, st.sampled_from(["para-3", "item-2-a-p1", "res-11-1-op-2-b"]))
@example("1.  ", "para-3")  # trailing spaces before the attribute list: a hard line break (<br>)
@example("text {: #evil }", "para-3")
def test_paragraph_with_attribute_list_gets_only_its_own_id(text, anchor):
    # How blocks.md.j2 writes a paragraph: the escaped text, then the
    # generator's attribute list on the next line. Nothing in the text may
    # change which id and classes the paragraph gets.
    html = to_html(f"{escape_markdown(text)}\n{{: #{anchor} .k-paragraph .d-0 }}")
    p = only_child(html)
    assert p.name == "p" and p.attrs == {"id": anchor, "class": ["k-paragraph", "d-0"]}, html
    assert_plain(p, html)
    assert norm(p.get_text()) == norm(text)


@SETTINGS
@given(BLOCK_TEXT, BLOCK_TEXT)
def test_heading_keeps_label_and_text_and_only_its_own_id(label, text):
    # How blocks.md.j2 writes a heading: "## label text {: #id .k-heading }".
    # toc adds the permalink; that is the one link allowed in it.
    html = to_html(f"## {escape_markdown(label)} {escape_markdown(text)} {{: #sec-h1 .k-heading }}")
    h = only_child(html)
    assert h.name == "h2" and h.attrs == {"id": "sec-h1", "class": ["k-heading"]}, html
    links = h.find_all(True)
    assert [(a.name, a.get("href"), a.get("class")) for a in links] == [("a", "#sec-h1", ["headerlink"])], html
    links[0].extract()
    assert norm(h.get_text()) == norm(f"{label} {text}")


@SETTINGS
@given(BLOCK_TEXT)
def test_quote_is_exactly_the_text(text):
    # How blocks.md.j2 writes a quoted block.
    html = to_html(f"> {escape_markdown(text)}\n> {{: #para-4-p1 .k-quote .d-1 }}")
    quote = only_child(html)
    assert quote.name == "blockquote" and quote.attrs == {}, html
    (p,) = quote.find_all(True)
    assert p.name == "p" and p.attrs == {"id": "para-4-p1", "class": ["k-quote", "d-1"]}, html
    assert norm(p.get_text()) == norm(text)


@SETTINGS
@given(BLOCK_TEXT, TEXT)
def test_escape_inline_continues_a_block_as_text(first, rest):
    html = to_html(escape_markdown(first) + escape_inline(rest))
    p = only_child(html)
    assert_plain(p, html)
    assert norm(p.get_text()) == norm(first + rest)


def test_escape_inline_is_one_line():
    # A line break inside inline text would end the heading or table cell it sits in.
    assert "\n" not in escape_inline("a\nb\r\nc\rd\te\f")


@st.composite
def text_with_spans(draw):
    """A text and non-overlapping link spans over it, some of them hostile."""
    text = draw(BLOCK_TEXT.filter(lambda t: len(t) >= 2))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start == end:
            continue
        role = draw(st.sampled_from(["instrument", "symbol", "footnote-ref"]))
        href = draw(st.sampled_from(["documents/x.html#para-3", "resolutions.html#cop-res-7-1", "#fn-1",
                                     'documents/a.html#x" onclick="alert(1)', "documents/<b>.html"]))
        title = draw(st.one_of(st.sampled_from(["", "标题", '"><script>alert(1)</script>', "\\* **x**"]), TEXT))
        anchor = "fnref-1" if role == "footnote-ref" and not any(s.anchor_id for s in spans) else ""
        spans.append(Span(start, end, href, role, title, anchor))
    return text, spans


@SETTINGS
@given(text_with_spans())
@example(("0\\* **b**", [Span(0, 8, "documents/x.html#para-3", "instrument", "\\* **t**")]))
def test_render_text_links_only_its_spans(case):
    text, spans = case
    page = "documents/this.html"
    html = to_html(render_text(text, spans, page))
    p = only_child(html)
    assert p.name == "p" and p.attrs == {}, html
    assert norm(p.get_text()) == norm(text)
    links = p.find_all("a")
    # Exactly one link per span, to the span's own target, over the span's own text.
    assert [a.get("href") for a in links] == [relative_href(s.href, page) for s in spans], html
    assert [norm(a.get_text()) for a in links] == [norm(text[s.start:s.end]) for s in spans], html
    assert [norm(a.get("title", "")) for a in links] == [norm(s.title) for s in spans], html
    for a in links:
        assert set(a.attrs) <= {"href", "class", "title"}, html
    # No element other than the span links and the footnote <sup> wrapper.
    others = [t for t in p.find_all(True) if t.name not in ("a", "sup")]
    assert others == [], html
    ids = [t["id"] for t in p.find_all(True) if t.has_attr("id")]
    assert ids == [s.anchor_id for s in spans if s.anchor_id], html


def test_render_text_skips_overlapping_and_out_of_range_spans():
    text = "见第11/1号决议和第11/2号决议"
    spans = [Span(1, 8, "resolutions.html#a", "instrument"), Span(3, 10, "resolutions.html#b", "instrument"),
             Span(5, 99, "resolutions.html#c", "instrument")]
    p = only_child(to_html(render_text(text, spans, "documents/x.html")))
    assert [a["href"] for a in p.find_all("a")] == ["../resolutions.html#a"]
    assert p.get_text() == text


@SETTINGS
@given(TEXT)
def test_escape_html_in_an_attribute_and_an_element(text):
    # Table cells and header values are raw HTML blocks: the text must stay
    # inside its element and its attribute.
    html = to_html(f'<div class="x" data-citation="{escape_html(text)}">\n<dd>{escape_html(text)}</dd>\n</div>')
    div = only_child(html)
    assert div.name == "div" and set(div.attrs) == {"class", "data-citation"}, html
    assert norm(div["data-citation"]) == norm(text)
    (dd,) = div.find_all(True)
    assert dd.name == "dd" and dd.attrs == {} and norm(dd.get_text()) == norm(text), html


@pytest.mark.parametrize(("href", "page", "expected"), [
    ("documents/a.html#para-1", "documents/b.html", "a.html#para-1"),
    ("documents/b.html#para-1", "documents/b.html", "#para-1"),
    ("resolutions.html#x", "documents/b.html", "../resolutions.html#x"),
    ("#fn-1", "documents/b.html", "#fn-1"),
])
def test_relative_href(href, page, expected):
    assert relative_href(href, page) == expected


def test_no_raw_markup_characters_survive_escaping():
    # The property tests above prove the rendering; this pins the reason:
    # no character Markdown or attr_list reads as syntax anywhere in a line
    # is left as itself, and a block never opens with a block marker.
    out = escape_markdown("<>[]{}*_`#|&\\")
    assert re.fullmatch(r"(&#\d+;)+", out), out
    for marker in "-+*>#=_~:":
        assert escape_markdown(marker + " 文字").startswith(f"&#{ord(marker)};"), marker
    # Punctuation that means nothing in the middle of a line stays readable.
    assert escape_markdown("第 7(a) 段，CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4") == \
        "第 7(a) 段，CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4"
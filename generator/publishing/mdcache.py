"""Markdown conversions kept by content: a Python-Markdown extension.

Converting the document pages is the largest part of MkDocs' build: every
paragraph carries an id and classes, every citation and footnote a link.
MkDocs converts one page after another in one process. This extension lets
the generator convert the document pages beforehand, on every core, and
keep each conversion between builds:

* in ``fill`` mode (the generator's worker processes, see
  ``site.convert_pages``) a conversion is kept in the build's store
  (``cache.store``, stage ``conversion``) under the page's Markdown and
  everything else it depends on (``salt``: the Markdown extensions and
  their settings): the HTML, the table of contents and the warnings it
  logged;
* in ``serve`` mode (MkDocs' own build) a page whose stored conversion
  exists is not parsed again: the stored HTML is the result, its table of
  contents is the page's, and its warnings are logged again, so that
  nothing is lost; any other page is converted as usual.

Only pages whose conversion depends on nothing but their Markdown may be
stored: the generator stores the document pages and their anchor pages,
whose links it writes as HTML with paths already relative to the page
(MkDocs rewrites only Markdown links, which depend on the page's place). A test builds the site
with and without stored conversions and compares every byte.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..cache.store import Store

STAGE = "conversion"
STORED_FIELDS = {"html", "toc_tokens", "anchor_ids", "warnings"}


def conversion_key(salt: str, markdown_text: str) -> str:
    """The store's key of a page's conversion."""
    return Store.key(STAGE, salt, markdown_text)


class _Conversion(logging.Handler):
    """What one page's conversion carries between the two processors,
    including the warnings logged while it is converted (fill mode)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.key = ""
        self.served: dict[str, Any] | None = None
        self.warnings: list[tuple[int, str]] = []
        # Set once the tree is done: the postprocessors' next run is on the
        # whole page. (The toc extension runs them on each heading too.)
        self.whole_page = False

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings.append((record.levelno, record.getMessage()))


class _Lookup(Preprocessor):
    """First of all preprocessors: name the page's conversion, and skip the
    parse when it is stored (serve mode)."""

    def __init__(self, md: Markdown, ext: ConversionCache, state: _Conversion) -> None:
        super().__init__(md)
        self.ext = ext
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        # Markdown.convert splits the page on "\n": this is its text exactly.
        self.state.key = conversion_key(self.ext.getConfig("salt"), "\n".join(lines))
        self.state.served = None
        if self.ext.getConfig("mode") == "fill":
            self.state.warnings = []
            logging.getLogger("mkdocs").addHandler(self.state)
            _leave_out_what_cannot_match(self.md, "\n".join(lines))
            return lines
        if self.ext.getConfig("mode") != "serve":
            return lines
        stored = Store(Path(self.ext.getConfig("store"))).get(self.state.key)
        if not isinstance(stored, dict) or not STORED_FIELDS <= stored.keys():
            return lines  # not stored, cut short, or not what this code stores: convert it here
        self.state.served = stored
        return []


# Processors of Python-Markdown (and the extensions MkDocs always loads)
# that only ever match at one of these strings: a page without any of
# them converts to the same HTML without them. The generator's pages hold
# none (rendering/mdtext.py writes each such character of a source text as
# a character reference, and the templates write links as HTML), and
# trying each pattern on every run of text was a fifth of the time of
# converting a page.
_MATCH_ONLY_AT: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("inlinePatterns", "backtick", ("`",)),
    ("inlinePatterns", "escape", ("\\",)),
    ("inlinePatterns", "em_strong", ("*", "_")),
    ("inlinePatterns", "autolink", ("<http", "<ftp")),  # in any case: looked for in the text lowered
    ("inlinePatterns", "automail", ("@",)),
    *(("inlinePatterns", name, ("[",)) for name in ("reference", "link", "image_link", "image_reference",
                                                     "short_reference", "short_image_ref")),
    ("blockprocessors", "reference", ("[",)),
    ("blockprocessors", "table", ("|",)),
)


def _leave_out_what_cannot_match(md: Markdown, text: str) -> None:
    """Take out of this page's Markdown (MkDocs makes one for each page)
    the processors that cannot match anywhere in its text."""
    registries = {"inlinePatterns": md.inlinePatterns, "blockprocessors": md.parser.blockprocessors}
    lowered = text.lower()
    for registry, name, needles in _MATCH_ONLY_AT:
        if name in registries[registry] and not any(needle in text or needle in lowered for needle in needles):
            registries[registry].deregister(name)


class _TreeDone(Treeprocessor):
    """Last of all treeprocessors: what the postprocessors run on next is
    the whole page."""

    def __init__(self, md: Markdown, state: _Conversion) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: Any) -> None:
        self.state.whole_page = True


# MkDocs' processors that note the ids a page holds, which it checks the
# links between pages against (Page.render reads them after the conversion).
_ANCHOR_NOTERS = (("treeprocessors", "mkdocs_extract_anchors"), ("preprocessors", "mkdocs_raw_html"))


def _noted_anchor_ids(md: Markdown) -> list[str]:
    found: set[str] = set()
    for registry, name in _ANCHOR_NOTERS:
        if name in getattr(md, registry):
            found |= getattr(getattr(md, registry)[name], "present_anchor_ids", set())
    return sorted(found)


def _note_anchor_ids(md: Markdown, ids: list[str]) -> None:
    for registry, name in _ANCHOR_NOTERS:
        if name in getattr(md, registry):
            getattr(md, registry)[name].present_anchor_ids = set(ids) if registry == "treeprocessors" else set()


class _Result(Postprocessor):
    """Last of all postprocessors: give the stored result (serve mode), or
    store this one (fill mode)."""

    def __init__(self, md: Markdown, ext: ConversionCache, state: _Conversion) -> None:
        super().__init__(md)
        self.ext = ext
        self.state = state

    def run(self, text: str) -> str:
        if not self.state.whole_page:
            return text  # a heading's text, for the table of contents
        self.state.whole_page = False
        served = self.state.served
        if served is not None:
            self.md.toc_tokens = served["toc_tokens"]  # type: ignore[attr-defined]
            _note_anchor_ids(self.md, served["anchor_ids"])
            log = logging.getLogger("mkdocs")
            for level, message in served["warnings"]:
                log.log(level, message)
            return served["html"]
        if self.ext.getConfig("mode") == "fill":
            logging.getLogger("mkdocs").removeHandler(self.state)
            Store(Path(self.ext.getConfig("store"))).put(self.state.key, {
                "html": text.strip(),
                "toc_tokens": getattr(self.md, "toc_tokens", []),
                "anchor_ids": _noted_anchor_ids(self.md),
                "warnings": self.state.warnings,
            })
        return text


class ConversionCache(Extension):
    """Serve or store whole-page conversions, keyed by content."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "store": ["", "folder of the build's store (cache.store)"],
            "salt": ["", "what conversions depend on besides the page's Markdown"],
            "mode": ["serve", "serve: use stored conversions; fill: store every conversion"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.getConfig("store"):
            return
        state = _Conversion()
        # Above NormalizeWhitespace (30): the page's text as given to convert().
        md.preprocessors.register(_Lookup(md, self, state), "conversion_cache", 40)
        md.treeprocessors.register(_TreeDone(md, state), "conversion_cache", -1000)
        # Below every other postprocessor (raw_html 30, amp_substitute 20).
        md.postprocessors.register(_Result(md, self, state), "conversion_cache", 1)


def makeExtension(**kwargs: Any) -> ConversionCache:
    return ConversionCache(**kwargs)

"""The old ids of a page, for readers of old links (CONTRACT.md, aliases):
a hidden element at the end of the page's Markdown. The aliases come from
``corpus.manifest``'s lock."""

from __future__ import annotations

import json

from ..corpus.manifest import Lock
from .mdtext import escape_html


def page_aliases(lock: Lock, slug: str) -> str:
    """The aliases of one page, as a hidden element at the end of its
    Markdown: anchor-aliases.js reads them, from file:// too (no fetch).
    Empty when the page has none."""
    return alias_element({a["id"]: {"now": a["now"], "since": a["since"]} for a in lock.aliases if a["doc"] == slug})


def alias_element(shown: dict[str, dict]) -> str:
    """The hidden element holding a page's old ids (id -> {now, since}: now
    an id of the page, a link to another page (a timeline entry that moved
    to another year), or null when withdrawn). Empty when there are none."""
    if not shown:
        return ""
    data = json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f'\n<div class="anchor-aliases" hidden data-aliases="{escape_html(data)}"></div>\n'

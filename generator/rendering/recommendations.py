"""The recommendations page: each endorsed text beside the recommendation it
came from, the differences marked. The pairs come from
``corpus.recommendations``."""

from __future__ import annotations

from difflib import SequenceMatcher

from jinja2 import Environment

from ..corpus.recommendations import Pairing
from ..ids import anchor_href, markdown_href
from .mdtext import escape_html, escape_inline
from .templating import plain_overlay


def diff_html(old: str, new: str) -> str:
    """``new`` as an edit of ``old``: removed text in <del>, added in <ins>.

    Character level, because Chinese has no word boundaries to diff on.
    Changes that only add or remove whitespace are typesetting (line joins),
    so the new text is shown without marking them. All text is escaped.
    """
    out: list[str] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = old[i1:i2], new[j1:j2]
        if tag == "equal" or (not removed.strip() and not added.strip()):
            out.append(escape_html(added))
            continue
        if removed:
            out.append(f"<del>{escape_html(removed)}</del>")
        if added:
            out.append(f"<ins>{escape_html(added)}</ins>")
    return "".join(out)


def _environment() -> Environment:
    env = plain_overlay()
    # Source text reaches the page only through these two filters.
    env.filters["md"] = escape_inline
    env.filters["html"] = escape_html
    return env


def recommendations_page(pairings: list[Pairing]) -> str:
    """Markdown of ``recommendations.md``: the pairs grouped by annex."""
    groups: list[dict] = []
    for pair in pairings:
        if not groups or groups[-1]["id"] != f"{pair.target_doc}-{pair.annex_id}":
            groups.append({"id": f"{pair.target_doc}-{pair.annex_id}", "label": pair.annex_label,
                           "href": markdown_href(anchor_href(pair.target_doc, pair.annex_id)), "pairs": []})
        groups[-1]["pairs"].append({
            "id": f"rec-{pair.target_doc}-{pair.target_id}",
            "pair": pair,
            "source_href": markdown_href(anchor_href(pair.source_doc, pair.source_id)),
            "target_href": markdown_href(anchor_href(pair.target_doc, pair.target_id)),
            "percent": f"{pair.similarity * 100:.0f}%",
            "diff": diff_html(pair.source_text, pair.target_text),
        })
    return _environment().get_template("recommendations.md.j2").render(
        groups=groups, total=len(pairings), changed=sum(p.changed for p in pairings))

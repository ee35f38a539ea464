"""The anchor manifest (``site/anchors.json``) and the anchor lock.

The lock under ``site_config/`` records every published anchor with its
page. A build that would drop one, or move it to another page, is refused
unless the change is accepted on purpose.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import BuildError
from .model import Document, Node
from .render import page_path

MANIFEST_VERSION = 1


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _kind(node: Node) -> str:
    if node.kind == "preamble" and node.role == "formula":
        return "preamble"
    if node.kind == "heading" or node.role in ("annex-title", "list-title", "nested-heading", "subheading"):
        return "heading"
    if node.kind in ("paragraph",) and node.role in ("list-item", "continuation", "nested-item", "other"):
        return "other" if node.role != "nested-item" else "subparagraph"
    if node.kind == "documents" and node.role == "entry":
        return "documents"
    if node.kind == "item" or (node.kind == "paragraph" and node.role == "item-para"):
        return "item" if node.kind == "item" else "paragraph"
    return node.kind


def document_anchors(doc: Document) -> list[dict]:
    url = page_path(doc.info.slug)
    entries = [{"doc": doc.info.slug, "id": "title", "kind": "heading", "url": f"{url}#title",
                "text": plain(doc.info.title)}]
    for node in doc.walk():
        entries.append({"doc": doc.info.slug, "id": node.id, "kind": _kind(node), "url": f"{url}#{node.id}",
                        "text": plain(node.full_text if node.kind not in ("resolution", "decision")
                                      else f"{node.label} {node.text}")})
    for fn in doc.footnotes:
        entries.append({"doc": doc.info.slug, "id": fn.id, "kind": "footnote", "url": f"{url}#{fn.id}",
                        "text": plain(f"{fn.marker} {fn.text}")})
    for fn in doc.footnotes:
        if fn.ref_id:  # the footnote's first reference: a link target too
            entries.append({"doc": doc.info.slug, "id": fn.ref_id, "kind": "other", "url": f"{url}#{fn.ref_id}",
                            "text": fn.marker})
    return entries


def build_manifest(docs: list[Document], anchors: dict[str, list[dict]]) -> dict:
    """The manifest of ``docs``; ``anchors``: ``document_anchors`` of each
    document by slug (listed when the document is read)."""
    documents = [{
        "slug": d.info.slug, "source": d.info.source_path, "source_sha256": d.info.source_sha256,
        "symbol": d.info.symbol, "title": d.info.title, "url": page_path(d.info.slug),
    } for d in docs]
    listed = [a for d in docs for a in anchors[d.info.slug]]
    return {"version": MANIFEST_VERSION, "documents": documents, "anchors": listed}


def lock_entries(manifest: dict) -> dict[str, list[str]]:
    """The lock's content: each page with its sorted anchor ids."""
    pages: dict[str, list[str]] = {}
    for anchor in manifest["anchors"]:
        pages.setdefault(anchor["url"].split("#")[0], []).append(anchor["id"])
    return {page: sorted(ids) for page, ids in sorted(pages.items())}


def read_lock(path: Path) -> dict[str, list[str]] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {page: list(ids) for page, ids in data["pages"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildError(f"anchor lock is not valid: {exc}", str(path)) from None


def write_lock(path: Path, entries: dict[str, list[str]]) -> None:
    data = {"version": 1, "note": "Published anchors. Rewrite only with --accept-anchor-changes.",
            "pages": entries}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def check_lock(locked: dict[str, list[str]], current: dict[str, list[str]], lock_path: str) -> None:
    """Refuse a build that drops a published anchor or moves it to another page."""
    where: dict[str, set[str]] = {}
    for page, ids in current.items():
        for anchor in ids:
            where.setdefault(anchor, set()).add(page)
    problems: list[str] = []
    for page, ids in locked.items():
        present = set(current.get(page, []))
        for anchor in ids:
            if anchor in present:
                continue
            moved = sorted(p for p in where.get(anchor, ()) if p != page)
            problems.append(f"{page}#{anchor}" + (f" (now on {moved[0]})" if moved else ""))
    if problems:
        shown = ", ".join(problems[:20]) + (f" and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BuildError(
            f"{len(problems)} published anchor(s) would be dropped or moved: {shown}; "
            "rebuild with --accept-anchor-changes to accept this and rewrite the lock", lock_path)

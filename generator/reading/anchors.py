"""Assign every element its contract id (CONTRACT.md, "Anchor ids").

Ids come from the document's own numbering, so the same paragraph has the
same id in every build. What the contract does not name is ``p{k}`` in
document order inside the nearest anchored parent.
"""

from __future__ import annotations

from ..grammar.numerals import superscript_digits
from ..ids import footnote_id, instrument_id
from ..model import Document, Node
from .contents import link_contents


class _Ids:
    """Hands out ids, keeping them unique within the page."""

    def __init__(self, doc: Document) -> None:
        self.used: set[str] = set()
        self.doc = doc

    def take(self, wanted: str, node: Node | None = None) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}-{n}"
        if n > 1:
            where = f"line {node.line}: " if node is not None and node.line else ""
            self.doc.warnings.append(f"{where}duplicate numbering; anchor {wanted} given as {candidate}")
        self.used.add(candidate)
        return candidate


def assign_anchors(doc: Document) -> None:
    ids = _Ids(doc)
    path: list[str] = []  # keys of the numbered headings above
    unlabelled: dict[str, int] = {}
    for node in doc.body:
        kind = node.kind
        if kind == "heading" and node.role in ("agenda-heading", "annotations-heading"):
            node.id = ids.take(_heading_id(path, unlabelled), node)
        elif kind == "heading":
            if node.key and node.level in (1, 2, 3):
                depth = node.level - 1
                path[:] = path[:depth] + [node.key]
                node.id = ids.take("sec-" + "-".join(path), node)
            else:
                node.id = ids.take(_heading_id(path, unlabelled), node)
        elif kind == "paragraph" and node.key:
            node.id = ids.take(f"para-{node.key}", node)
        elif kind in ("resolution", "decision"):
            node.id = ids.take(instrument_id(kind, node.key), node)
            _instrument_children(node, ids)
            continue
        elif kind == "annex":
            node.id = ids.take(f"annex-{node.key}", node)
            _annex_children(node, node.id, ids)
            continue
        elif kind == "agenda-item":
            node.id = ids.take(f"agenda-{node.key}", node)
        elif kind == "item":
            node.id = ids.take(f"item-{node.key}", node)
            _item_children(node, ids)
            continue
        else:
            parent = "sec-" + "-".join(path) if path else ""
            key = parent or "top"
            unlabelled[key + "#p"] = unlabelled.get(key + "#p", 0) + 1
            k = unlabelled[key + "#p"]
            node.id = ids.take(f"{parent}-p{k}" if parent else f"p-{k}", node)
        _children(node, ids)
    _footnote_ids(doc, ids)
    link_contents(doc)  # the document's own contents link to the ids just given


def _heading_id(path: list[str], unlabelled: dict[str, int]) -> str:
    key = "-".join(path)
    unlabelled[key] = unlabelled.get(key, 0) + 1
    k = unlabelled[key]
    return f"sec-{key}-h{k}" if key else f"sec-h{k}"


def _children(node: Node, ids: _Ids) -> None:
    """Nested elements: lettered/roman sub-items by key, the rest p{k}."""
    other = 0
    for child in node.children:
        if child.kind in ("subparagraph", "agenda-item") and child.key or child.role == "nested-item" and child.key:
            child.id = ids.take(f"{node.id}-{child.key}", child)
        else:
            other += 1
            child.id = ids.take(f"{node.id}-p{other}", child)
        _children(child, ids)


def _instrument_children(res: Node, ids: _Ids) -> None:
    pre = other = 0
    for child in res.children:
        if child.role == "formula":
            child.id = ids.take(f"{res.id}-formula", child)
        elif child.kind == "preamble":
            pre += 1
            child.id = ids.take(f"{res.id}-pre-{pre}", child)
        elif child.kind == "operative":
            child.id = ids.take(f"{res.id}-op-{child.key}", child)
        elif child.kind == "annex":
            child.id = ids.take(f"{res.id}-annex-{child.key}", child)
            _annex_children(child, child.id, ids)
            continue
        elif child.kind == "agenda-item":
            child.id = ids.take(f"{res.id}-item-{child.key}", child)
        else:
            other += 1
            child.id = ids.take(f"{res.id}-p{other}", child)
        _children(child, ids)


def _annex_children(annex: Node, prefix: str, ids: _Ids) -> None:
    other = rows = 0
    for child in annex.children:
        if child.kind == "table-row":
            rows += 1
            child.id = ids.take(f"{prefix}-row-{rows}", child)
        elif child.kind == "subparagraph" and child.key:
            child.id = ids.take(f"{prefix}-{child.key}", child)
        elif child.kind == "paragraph" and child.key:
            child.id = ids.take(f"{prefix}-para-{child.key}", child)
        elif child.kind in ("resolution", "decision"):
            child.id = ids.take(f"{prefix}-{instrument_id(child.kind, child.key)}", child)
            _instrument_children(child, ids)
            continue
        else:
            other += 1
            child.id = ids.take(f"{prefix}-p{other}", child)
        _children(child, ids)


def _item_children(item: Node, ids: _Ids) -> None:
    paras = 0
    for child in item.children:
        if child.kind == "documents":
            child.id = ids.take(f"{item.id}-docs", child)
            for j, entry in enumerate(child.children, 1):
                entry.id = ids.take(f"{item.id}-docs-{j}", entry)
            continue
        paras += 1
        child.id = ids.take(f"{item.id}-p{paras}", child)
        _children(child, ids)


def _footnote_ids(doc: Document, ids: _Ids) -> None:
    annex_lines = [n.line for n in doc.body if n.kind == "annex"]
    for fn in doc.footnotes:
        wanted = footnote_id(superscript_digits(fn.marker))
        if wanted in ids.used and annex_lines and fn.line > annex_lines[0]:
            # Footnote numbering starts again in the document's annex.
            k = sum(1 for line in annex_lines if line < fn.line)
            wanted = f"annex-{k}-{wanted}"
        fn.id = ids.take(wanted)

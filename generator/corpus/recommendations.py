"""Recommendations that travel: from a working-group report into a resolution.

Working groups adopt lettered recommendations "for endorsement by the
Conference" in their reports; the Conference then endorses them in the annex
of a resolution, sometimes reworded. The annex says where its text comes from
in a footnote on its opening line ("CTOC/COP/WG.2/2022/4-CTOC/COP/WG.3/2022/4，
第 7 段和第 10 段"). This stage runs on the whole corpus after anchors,
footnotes and cross-references:

1. ``match_recommendations``: for every annex whose own (unlettered) blocks
   cite, through a footnote or in their text, paragraphs of a corpus
   document, align the annex's lettered items with the lettered items of
   those paragraphs (taken in citation order, one list). The alignment is the
   order-preserving one-to-one matching with the greatest total text
   similarity, using only pairs at or above ``THRESHOLD``. Nothing is keyed
   to particular ids: the footnotes say which blocks may pair, the texts say
   which items do. One report paragraph can feed several annexes (the joint
   paragraph 10 went into both 11/1 and 11/2), so items are matched one-to-one
   within each annex, not across the corpus.
2. ``add_recommendation_links``: a ``Link`` beside each item to its
   counterpart, both ways.
3. ``recommendations_page``: ``recommendations.md`` at the site root, one
   block per pair with both links and a character-level diff of the wordings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..grammar.citations import find_symbols, split_symbol
from ..grammar.numerals import SUPERSCRIPTS
from ..ids import anchor_href
from ..instruments import BY_KIND
from ..model import Document, Footnote, Link, Node
from .xref import numbered_paragraph

# Pairs below this similarity are never aligned. Endorsed wordings of the
# corpus' recommendations score 0.83 or more against their source (the most
# reworded, 11/2 annex I (b), 0.82); the best-scoring wrong pair among
# the blocks the footnotes allow scores 0.54 (see the tests). 0.65 sits
# between with room on both sides.
THRESHOLD = 0.65

# "(a)" … "(z)", "(aa)": the lettered items that carry recommendations.
_LETTERED = re.compile(r"^\(([a-z]{1,2})\)$")
_MARKER = re.compile(f"[{SUPERSCRIPTS}]+")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Pairing:
    """A recommendation of a report and the annex item that endorsed it."""

    source_doc: str  # slug of the report
    source_id: str  # anchor of the lettered item, e.g. para-7-a
    source_text: str  # its wording, without the label
    target_doc: str  # slug of the document holding the resolution
    target_id: str  # e.g. res-11-1-annex-2-a
    target_text: str
    similarity: float  # 0..1, SequenceMatcher ratio ignoring whitespace
    source_label: str = ""  # how readers cite it: "CTOC/COP/…，第 7 段(a)项"
    target_label: str = ""  # "第 11/1 号决议附件二(a)"
    annex_id: str = ""  # the annex the target belongs to: res-11-1-annex-2
    annex_label: str = ""  # "第 11/1 号决议附件二"
    source_item: str = ""  # the item's own label, "(a)"
    target_item: str = ""

    @property
    def source_href(self) -> str:
        return anchor_href(self.source_doc, self.source_id)

    @property
    def target_href(self) -> str:
        return anchor_href(self.target_doc, self.target_id)

    @property
    def changed(self) -> bool:
        return _squeeze(self.source_text) != _squeeze(self.target_text)


@dataclass(frozen=True)
class _Item:
    node: Node
    label: str  # how the page names it, for the link text


@dataclass(frozen=True)
class _Annex:
    doc: Document
    node: Node
    name: str  # "第 11/1 号决议附件二"


# --- Reading the corpus -----------------------------------------------------

def _squeeze(text: str) -> str:
    """Text without whitespace: line joins leave spaces ("第 17 条" / "第17条")
    that are typesetting, not wording."""
    return _WHITESPACE.sub("", text)


def similarity(a: str, b: str) -> float:
    """How alike two wordings are, 0..1, whitespace ignored.

    ``autojunk`` is off: with it, characters frequent in a long Chinese text
    (的, 和) would be ignored as junk and the ratio would drop erratically.
    """
    return SequenceMatcher(None, _squeeze(a), _squeeze(b), autojunk=False).ratio()


def lettered_items(node: Node) -> list[Node]:
    """The lettered items below ``node``, in order, not looking inside them
    (their own (i), (ii) sub-items belong to them)."""
    found: list[Node] = []
    for child in node.children:
        if child.kind == "subparagraph" and _LETTERED.match(child.label.strip()):
            found.append(child)
        else:
            found.extend(lettered_items(child))
    return found


def _annexes(doc: Document) -> Iterator[_Annex]:
    """Every annex of ``doc``, named after the resolution or decision holding it."""

    def visit(nodes: list[Node], holder: Node | None) -> Iterator[_Annex]:
        for node in nodes:
            if node.kind == "annex" and node.id:
                owner = holder.label if holder is not None else (doc.info.symbol or doc.info.slug)
                yield _Annex(doc, node, f"{owner}{node.label}")
            inner = node if node.kind in BY_KIND else holder
            yield from visit(node.children, inner)

    yield from visit(doc.body, None)


def _lead_nodes(annex: Node) -> Iterator[Node]:
    """The annex's own blocks (title, opening line, headings), not its items:
    that is where an annex says what it reproduces. An item citing a report
    does so for its substance, not as the item's origin."""
    for node in annex.walk():
        if node is annex:
            continue
        if node.kind == "subparagraph" and _LETTERED.match(node.label.strip()):
            continue
        yield node


def _footnotes_cited(doc: Document, node: Node) -> list[Footnote]:
    """Footnotes a node refers to: by its footnote-ref spans, else by bare
    superscript markers in its text (the footnote stage links only the first
    reference, and not every marker: ¹⁰ in resolution 11/3 stays unlinked).

    A marker can repeat in one document (numbering restarts), so a bare
    marker means the first footnote with it printed at or after the node, as
    footnotes are printed below their reference; else the last one before.
    """
    by_id = {note.id: note for note in doc.footnotes if note.id}
    found: list[Footnote] = []
    for span in node.spans:
        if span.role == "footnote-ref":
            note = by_id.get(span.href.partition("#")[2])
            if note is not None and note not in found:
                found.append(note)
    for match in _MARKER.finditer(node.text):
        candidates = [n for n in doc.footnotes if n.marker == match.group()]
        after = [n for n in candidates if n.line >= node.line]
        note = min(after, key=lambda n: n.line) if after else (
            max(candidates, key=lambda n: n.line) if candidates else None)
        if note is not None and note not in found:
            found.append(note)
    return found


def cited_paragraphs(text: str) -> list[tuple[str, list[int]]]:
    """(symbol, paragraph numbers) for each symbol in ``text`` followed by
    "第 n 段" style paragraph numbers (``grammar.citations`` pinpoints);
    ranges are expanded."""
    return [(m.symbol, m.paragraphs) for m in find_symbols(text) if m.pinpoints]


def _find_document(symbol: str, documents: list[Document]) -> Document | None:
    """The corpus document with this symbol, or one of whose joint symbol's
    parts it is (a joint report is often cited by one of its symbols)."""
    parts = set(split_symbol(symbol))
    for doc in documents:
        if doc.info.symbol and (doc.info.symbol == symbol or parts & set(split_symbol(doc.info.symbol))):
            return doc
    return None


def _source_items(annex: _Annex, documents: list[Document]) -> list[tuple[Document, _Item]]:
    """The lettered items of every paragraph the annex cites, in citation order."""
    items: list[tuple[Document, _Item]] = []
    seen: set[tuple[str, str]] = set()
    for lead in _lead_nodes(annex.node):
        texts = [lead.text] + [note.text for note in _footnotes_cited(annex.doc, lead)]
        for text in texts:
            for symbol, numbers in cited_paragraphs(text):
                source = _find_document(symbol, documents)
                if source is None or source is annex.doc:
                    continue
                for number in numbers:
                    paragraph = numbered_paragraph(source, number)
                    if paragraph is None or (source.info.slug, paragraph.id) in seen:
                        continue
                    seen.add((source.info.slug, paragraph.id))
                    name = source.info.symbol or source.info.slug
                    items.extend((source, _Item(item, f"{name}，第 {number} 段{item.label.strip()}项"))
                                 for item in lettered_items(paragraph) if item.id)
    return items


# --- Alignment ----------------------------------------------------------------

def align(sources: list[str], targets: list[str], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """The order-preserving one-to-one pairing of ``sources`` with ``targets``
    that maximises the summed similarity, using only pairs >= ``threshold``.

    Dynamic programming as for a longest common subsequence, where a match
    scores its similarity and a skip scores nothing. Returns (source index,
    target index, similarity) in order.
    """
    n, m = len(sources), len(targets)
    score = [[similarity(s, t) for t in targets] for s in sources]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [best[i - 1][j], best[i][j - 1]]
            if score[i - 1][j - 1] >= threshold:
                options.append(best[i - 1][j - 1] + score[i - 1][j - 1])
            best[i][j] = max(options)
    pairs: list[tuple[int, int, float]] = []
    i, j = n, m
    while i and j:
        s = score[i - 1][j - 1]
        # Prefer the match when it accounts for the best score, so that equal
        # totals resolve the same way every build.
        if s >= threshold and best[i][j] == best[i - 1][j - 1] + s:
            pairs.append((i - 1, j - 1, s))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def match_recommendations(documents: list[Document], threshold: float = THRESHOLD) -> list[Pairing]:
    """Every recommendation endorsed in an annex, paired with its source item.

    In corpus order of the annexes, then of their items.
    """
    pairings: list[Pairing] = []
    for doc in documents:
        for annex in _annexes(doc):
            sources = _source_items(annex, documents)
            if not sources:
                continue
            targets = [_Item(item, f"{annex.name}{item.label.strip()}")
                       for item in lettered_items(annex.node) if item.id]
            for i, j, score in align([s.node.text for _, s in sources], [t.node.text for t in targets],
                                     threshold):
                source_doc, source = sources[i]
                target = targets[j]
                pairings.append(Pairing(
                    source_doc=source_doc.info.slug, source_id=source.node.id, source_text=source.node.text,
                    target_doc=doc.info.slug, target_id=target.node.id, target_text=target.node.text,
                    similarity=round(score, 4), source_label=source.label, target_label=target.label,
                    annex_id=annex.node.id, annex_label=annex.name,
                    source_item=source.node.label.strip(), target_item=target.node.label.strip()))
    return pairings


# --- Links and page -----------------------------------------------------------

def add_recommendation_links(documents: list[Document], pairings: list[Pairing]) -> None:
    """A link beside each endorsed item to its source and back, once each."""
    nodes = {(doc.info.slug, node.id): node for doc in documents for node in doc.walk() if node.id}
    for pair in pairings:
        source = nodes.get((pair.source_doc, pair.source_id))
        target = nodes.get((pair.target_doc, pair.target_id))
        if source is None or target is None:
            continue
        for node, link in (
            (source, Link(f"经{pair.annex_label}核可：{pair.target_item}", pair.target_href, "endorsed-as")),
            (target, Link(f"源自 {pair.source_label}", pair.source_href, "endorses")),
        ):
            if link not in node.backlinks:
                node.backlinks.append(link)

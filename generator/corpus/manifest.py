"""The anchor manifest (``site/anchors.json``, each document's anchors in
``site/anchors/<slug>.json``) and the anchor lock.

The lock under ``site_config/`` records every published anchor with its
page and a digest of its text (CONTRACT.md, "Permanence"). A build that
would drop one, move it to another page or give it other text is refused
unless the change is accepted on purpose; an accepted change is kept in the
lock as aliases (the old id, the text it held, the id that holds that text
now), which the manifest lists and each page carries for its readers.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError
from ..ids import akn_path, anchors_json_path, page_path, page_slug
from ..instruments import BY_KIND
from ..model import Document
from ..numbering import FOOTNOTE, REFERENCE, TITLE
from ..reading.anchors import numbered
from .timeline.published import EventLock

# Version 2: anchors.json lists the documents and the aliases, and each
# document's anchors are a file of their own, so that no file grows with
# the collection (a single anchors.json passed 25 MiB at about 330
# documents, the largest file the common static hosts take).
MANIFEST_VERSION = 2
LOCK_VERSION = 2
# A page's anchors in the lock: id -> digest of its text (None: recorded by
# a lock of version 1, which kept ids only; its text is taken at the next
# accepted build).
PageLock = dict[str, "str | None"]


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def text_digest(text: str) -> str:
    """The lock's record of an anchor's text: compared with whitespace
    removed (CONTRACT.md), so re-joined lines and spacing never count as a
    change. 16 hex digits keep the lock readable; a collision among the
    anchors of one page is out of reach."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()[:16]


def document_anchors(doc: Document) -> list[dict]:
    """Every anchor of ``doc`` (CONTRACT.md, "Anchor manifest"): its title,
    its elements in document order, each with the kind its row of the
    numbering table gives, its footnotes, then the references to them."""
    doc = numbered(doc)
    slug, url = doc.info.slug, page_path(doc.info.slug)

    def anchor(anchor_id: str, kind: str, text: str) -> dict:
        return {"doc": slug, "id": anchor_id, "kind": kind, "url": f"{url}#{anchor_id}", "text": text}

    entries = [anchor(TITLE.id, TITLE.kind, plain(doc.info.title))]
    entries += [anchor(node.id, node.row.kind, plain(f"{node.label} {node.text}" if node.kind in BY_KIND
                                                     else node.full_text)) for node in doc.walk()]
    entries += [anchor(fn.id, FOOTNOTE.kind, plain(f"{fn.marker} {fn.text}")) for fn in doc.footnotes]
    # The first reference to each footnote, then every later one: the
    # footnote's way back to each.
    entries += [anchor(fn.ref_id, REFERENCE.kind, fn.marker) for fn in doc.footnotes if fn.ref_id]
    markers = {f"#{fn.id}": fn.marker for fn in doc.footnotes}
    listed = {e["id"] for e in entries}
    for node in doc.walk():
        for span in node.spans:
            if span.role == "footnote-ref" and span.anchor_id and span.anchor_id not in listed:
                listed.add(span.anchor_id)
                entries.append(anchor(span.anchor_id, REFERENCE.kind, markers.get(span.href, "")))
    return entries


def build_manifest(docs: list[Document]) -> dict:
    """The manifest of ``docs`` (``anchors.json``): the documents, each
    naming the file of its anchors (``anchor_file``). Its ``aliases`` come
    from the lock, once the build has been checked against it
    (``manifest_aliases``)."""
    documents = [{
        "slug": d.info.slug, "source": d.info.source_path, "source_sha256": d.info.source_sha256,
        "symbol": d.info.symbol, "title": d.info.title, "url": page_path(d.info.slug),
        "akn": akn_path(d.info.slug),  # the document's Akoma Ntoso XML (rendering/akn.py)
        "anchors": anchors_json_path(d.info.slug),
    } for d in docs]
    return {"version": MANIFEST_VERSION, "documents": documents, "aliases": []}


def anchor_file(slug: str, anchors: list[dict]) -> dict:
    """``anchors/<slug>.json``: one document's anchors (``document_anchors``)."""
    return {"version": MANIFEST_VERSION, "doc": slug, "anchors": anchors}


def manifest_aliases(lock: Lock) -> list[dict]:
    """The lock's aliases as the manifest lists them (CONTRACT.md)."""
    return [{"doc": a["doc"], "id": a["id"], "now": a["now"], "since": a["since"]} for a in lock.aliases]


def lock_entries(anchors: dict[str, list[dict]]) -> dict[str, PageLock]:
    """The lock's record of a build (``anchors``: each document's anchors,
    by slug): each page with its anchors' text digests, by id."""
    pages: dict[str, PageLock] = {}
    for listed in anchors.values():
        for anchor in listed:
            pages.setdefault(anchor["url"].split("#")[0], {})[anchor["id"]] = text_digest(anchor["text"])
    return {page: dict(sorted(ids.items())) for page, ids in sorted(pages.items())}


@dataclass
class Lock:
    """The published anchors (``pages``) and what became of those whose
    text was moved or withdrawn by an accepted change (``aliases``: doc,
    id, the digest of the text it held, now, since); the timeline's
    published entries (``events``, see corpus/timeline/published.py)."""

    pages: dict[str, PageLock]
    aliases: list[dict] = field(default_factory=list)
    events: EventLock = field(default_factory=EventLock)


def read_lock(path: Path) -> Lock | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages: dict[str, PageLock] = {}
        for page, ids in data["pages"].items():
            # Version 1 listed the ids without their text.
            pages[page] = dict.fromkeys(ids) if isinstance(ids, list) else {str(k): v for k, v in ids.items()}
        aliases = [{"doc": str(a["doc"]), "id": str(a["id"]), "text": str(a["text"]), "now": a["now"],
                    "since": str(a["since"])} for a in data.get("aliases", [])]
        events = EventLock({str(page): {str(k): [str(c) for c in v] for k, v in ids.items()}
                            for page, ids in data.get("events", {}).items()},
                           [{"page": str(a["page"]), "id": str(a["id"]), "now": a["now"], "since": str(a["since"])}
                            for a in data.get("event_aliases", [])])
        return Lock(pages, aliases, events)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuildError(f"anchor lock is not valid: {exc}", str(path)) from None


def write_lock(path: Path, lock: Lock) -> None:
    data = {"version": LOCK_VERSION,
            "note": "Published anchors (id: digest of its text, whitespace removed) and aliases of the ids "
                    "whose text moved or was withdrawn. Rewrite only with --accept-anchor-changes. "
                    "Published timeline entries (id: the claims of the event, digests of what each source "
                    "states) and their aliases; a build adds the entries it publishes first.",
            "pages": lock.pages, "aliases": lock.aliases,
            "events": lock.events.pages, "event_aliases": lock.events.aliases}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def check_lock(locked: dict[str, PageLock], current: dict[str, PageLock], lock_path: str) -> None:
    """Refuse a build that drops a published anchor, moves it to another
    page or gives it other text."""
    where: dict[str, set[str]] = {}
    for page, ids in current.items():
        for anchor in ids:
            where.setdefault(anchor, set()).add(page)
    problems: list[str] = []
    for page, ids in locked.items():
        present = current.get(page, {})
        for anchor, digest in ids.items():
            if anchor in present:
                if digest is not None and present[anchor] != digest:
                    problems.append(f"{page}#{anchor} (other text)")
                continue
            moved = sorted(p for p in where.get(anchor, ()) if p != page)
            problems.append(f"{page}#{anchor}" + (f" (now on {moved[0]})" if moved else ""))
    if problems:
        shown = ", ".join(problems[:20]) + (f" and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BuildError(
            f"{len(problems)} published anchor(s) would be dropped, moved or given other text: {shown}; "
            "rebuild with --accept-anchor-changes to accept this and rewrite the lock", lock_path)


def acceptance_date() -> str:
    """The date an accepted change is recorded with: SOURCE_DATE_EPOCH's
    (UTC) when set, so that the same inputs give the same lock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch) if epoch else time.time()))


def accept_changes(locked: Lock | None, anchors: dict[str, list[dict]], since: str) -> Lock:
    """The lock after an accepted build: the build's anchors (each
    document's, by slug), and an alias for every id once published for
    other text than it holds now.

    An alias keeps the first text its id was published with (the one the
    oldest links cite) and is dropped when the id holds that text again;
    its ``now`` is looked up again at each accepted change, its ``since``
    kept from the change that made it.
    """
    current = lock_entries(anchors)
    if locked is None:
        return Lock(current)
    published: dict[tuple[str, str], tuple[str, str | None]] = {}  # (doc, id) -> (digest, since)
    found_before: dict[tuple[str, str], str] = {}  # (doc, id) -> where its text was found last time
    for alias in locked.aliases:
        published[(alias["doc"], alias["id"])] = (alias["text"], alias["since"])
        if alias["now"]:
            found_before[(alias["doc"], alias["id"])] = alias["now"]
    for page, ids in locked.pages.items():
        doc = page_slug(page)
        for anchor, digest in ids.items():
            if digest is not None:
                published.setdefault((doc, anchor), (digest, None))
    order: dict[str, list[dict]] = {}
    for listed in anchors.values():
        for anchor in listed:
            order.setdefault(anchor["doc"], []).append(anchor)
    finders: dict[str, _Finder] = {}
    aliases = []
    for (doc, anchor), (digest, accepted) in sorted(published.items()):
        page = page_path(doc)
        if current.get(page, {}).get(anchor) == digest:
            continue
        if doc not in finders:
            finders[doc] = _Finder(order.get(doc, []), locked.pages.get(page, {}))
        before = found_before.get((doc, anchor))
        # Where the text was found at an earlier change, if it still stands
        # there (the answer does not drift as other changes are accepted).
        now = before if before and finders[doc].holds(before, digest) else finders[doc].now(digest)
        if now is None and anchor in current.get(page, {}):
            # Its text is nowhere else and the element is still there: it
            # was corrected in place (extraction debris taken out of it), and
            # a link to it lands where it meant.
            now = anchor
        aliases.append({"doc": doc, "id": anchor, "text": digest, "now": now, "since": accepted or since})
    return Lock(current, aliases)


# The most pieces one element is looked for in when it was split.
_MOST_PIECES = 8


class _Finder:
    """Where the text an old id held stands now, on the same page.

    The parser's corrections move text in three ways: renumbered (the text
    is whole under another id), split (one element cut into consecutive
    ones, such as a quotation into its quoted paragraphs: the text begins at
    the first) and joined (the text is the beginning or the end of an
    element that was two). Digests are compared, as the lock keeps no text.
    """

    def __init__(self, anchors: list[dict], locked: PageLock) -> None:
        self.ids = [a["id"] for a in anchors]
        self.texts = [re.sub(r"\s+", "", a["text"]) for a in anchors]
        self.digests = [text_digest(t) for t in self.texts]
        # Ids whose text changed or that are new: where moved text went.
        self.changed = [locked.get(i) != d for i, d in zip(self.ids, self.digests, strict=True)]
        self.locked = locked
        self._parts: dict[str, list[int]] | None = None

    def now(self, digest: str) -> str | None:
        """The id holding the text of digest ``digest`` now."""
        exact = [k for k, d in enumerate(self.digests) if d == digest]
        if exact:
            return self.ids[next((k for k in exact if self.changed[k]), exact[0])]
        for size in range(2, _MOST_PIECES + 1):
            for k in range(len(self.texts) - size + 1):
                if text_digest("".join(self.texts[k:k + size])) == digest:
                    return self.ids[k]
        found = self.parts().get(digest, [])
        if not found:
            return None
        # The element it was joined to: the rest of it is another element's
        # old text (annex-1-row-10 "技术援助问题政府专家工作组" joined the row of
        # its time slot); else one that changed; not one that merely begins
        # or ends with the same words.
        return self.ids[max(found, key=lambda k: (self.joined(k, digest), self.changed[k], -k))]

    def joined(self, k: int, digest: str) -> bool:
        """Whether element ``k`` is the text of ``digest`` joined with the old
        text of another element (before or after it)."""
        old = set(self.locked.values())
        text = self.texts[k]
        for cut in range(1, len(text)):
            if text_digest(text[:cut]) == digest and text_digest(text[cut:]) in old:
                return True
            if text_digest(text[cut:]) == digest and text_digest(text[:cut]) in old:
                return True
        return False

    def holds(self, anchor: str, digest: str) -> bool:
        """Whether element ``anchor`` holds the text of ``digest``: whole, as
        its beginning or end, or as the first of the elements it was split into."""
        if anchor not in self.ids:
            return False
        k = self.ids.index(anchor)
        if self.digests[k] == digest or k in self.parts().get(digest, []):
            return True
        return any(text_digest("".join(self.texts[k:k + size])) == digest for size in range(2, _MOST_PIECES + 1))

    def parts(self) -> dict[str, list[int]]:
        """Digests of the beginnings and ends of the elements, each with the
        elements that begin or end so (computed when first needed: most
        accepted changes never ask)."""
        if self._parts is None:
            self._parts = {}
            for k, text in enumerate(self.texts):
                for cut in range(1, len(text)):
                    for piece in {text_digest(text[:cut]), text_digest(text[cut:])}:
                        self._parts.setdefault(piece, []).append(k)
        return self._parts

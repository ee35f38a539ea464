"""The numbering table: how each element of a document is numbered where it
stands (CONTRACT.md, "Anchor ids"), and what follows from that.

For each kind of element (and its role) under its parent, one row gives the
part of the contract id it adds to its parent's, the part of its Akoma
Ntoso eId, its place in the words of a citation, the kind the anchor
manifest gives it, the Akoma Ntoso element it is written as, and the hint
by which the page and the AKN writer lay it out. The numbering pass
(``reading.anchors``) walks a document once, finds each node's row and
stores on the node its id, eId and citation place (``Node.id``,
``Node.eid``, ``Node.place``) and its row; nothing later formats or parses
an id. As in Laws.Africa's ``IdGenerator``, an element's id is its
parent's with its own part added, and what has no number of its own is
counted among its siblings.

A row's ``id`` and ``eid`` are added to the parent's: a part starting with
``-`` (``_`` for an eId) hangs on the parent, any other stands at the top
of the document. ``{key}`` is the element's own numbering (``Node.key``),
``{k}`` its count among the siblings the row counts (``counts``), ``{sub}``
the AKN level of a part numbered by its key below its parent (each row's
``below``: ``para_7__subpara_a__point_ii``).

A row's ``cite`` is the element's place as a citation words it: ``{at}``
the parent's place, ``{sep}`` the comma after it (none when the parent has
no place), ``{n}`` the number as printed (``12.`` → ``12``, ``一.`` → ``一``),
``{label}`` the label as printed, ``{annex}`` an annex's number (附件二) or
附件, ``{words}`` a heading's own words, ``{instrument}`` a resolution's or
decision's name (缔约方会议第 11/4 号决议), ``{item}`` the number of the
agenda item above, ``{c}`` a number the document does not print, counted
(among the siblings ``tally`` counts, else those of ``counts``) and
written in brackets (``[6]``); ``{unit}`` and ``{under}`` join an item to
its parent (项 or 目 below a 项; 下 below a heading's words, else ，).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# The AKN levels of the parts numbered by their key below a level: a
# paragraph's letter is its subparagraph, that one's numeral a point.
PARAGRAPH_LEVELS = ("subpara", "point")
SECTION_LEVELS = ("subsec",)
ITEM_LEVELS = ("subitem",)
REFERENCE_LEVELS = ("ref",)

# How the page and the AKN writer lay an element out (``Row.hint``): a
# titled container (AKN's <heading>; a heading of the page at the top), a
# table row, a quoted block, a footnote; "" a block of text.
HEADING, TABLE_ROW, QUOTE, NOTE = "heading", "row", "quote", "note"


@dataclass(frozen=True)
class Place:
    """Where an element stands, as a citation names it inside its document
    (``text``); ``instrument`` when it is inside a resolution or decision
    (which is then cited first); ``counted``: the element's own number when
    the document does not print it and it was counted (``[6]``), shown
    beside the element."""

    text: str
    instrument: bool = False
    counted: str = ""


def counted(number: int) -> str:
    """How a citation writes a number the document does not print: ``[6]``.
    The one agreed form (README, "Reading and citing")."""
    return f"[{number}]"


@dataclass(frozen=True)
class Row:
    """How one kind of element is numbered under one kind of parent (see
    the module's docstring for the placeholders)."""

    under: str  # the context of the parent (NUMBERING's keys)
    element: str  # "kind", or "kind/role" ("kind/" for none); "*" any other element
    form: str  # which of them: "key" (numbered by its key), "letter" (labelled (a)), "number" (12.),
    # "none" (no label), "digit" / "letter-key" (a quote's own number), "level1".."level3" (a section), "again"
    # (a footnote whose number an earlier one took), "" any
    id: str
    eid: str
    cite: str
    kind: str  # the manifest's kind (CONTRACT.md, "Anchor manifest"); "" the element's own
    akn: str  # the AKN element, "hcontainer:<name>" a container of that name; "" one named after the element
    hint: str = ""
    inner: str = "nested"  # the context its children are numbered in
    counts: str = ""  # the siblings {k} counts
    tally: str = ""  # the siblings {c} counts, when not those of {k}
    below: tuple[str, ...] = PARAGRAPH_LEVELS

    def __reduce__(self) -> tuple:
        """Pickled as its place in the table (a row filled in for an element,
        ``as_element``, as that element): the model pickles a row with each
        node, and a document's identity (``cache.store.identity``) is its
        pickle without a memo."""
        at = _POSITIONS.get(self)
        return (_table_row, at) if at is not None else (_filled_row, (self.under, self.element))

    def matches(self, kind: str, role: str, forms: set[str]) -> bool:
        wanted, slash, wanted_role = self.element.partition("/")
        return (self.element == "*" or wanted == kind and (not slash or wanted_role == role)) \
            and (not self.form or self.form in forms)


def _rows(under: str, *rows: tuple) -> tuple[Row, ...]:
    return tuple(Row(under, *row) for row in rows)


def _headings(under: str, id_: str, eid: str, counts: str, roles: tuple[str, ...]) -> tuple[Row, ...]:
    """An unnumbered heading of each role: cited by its own words."""
    return _rows(under, *((f"heading/{role}", "", id_, eid, "{at}{sep}标题“{words}”", "heading",
                           "hcontainer:heading" + "".join(w.title() for w in role.split("-")), HEADING, "nested",
                           counts) for role in roles))


_TOP_HEADINGS = ("", "agenda-heading", "annotations-heading")
_NESTED_HEADINGS = ("", "annex-title", "list-title", "nested-heading", "subheading")
_UNNUMBERED = "{at}{sep}第 {c} 个未编号段落"

# The rows of each context, tried in order (then those of the context it
# falls back to, FALLS_BACK; a row of element "*" last).
NUMBERING: dict[str, tuple[Row, ...]] = {
    # The top of the document before its first section heading, and below
    # one: a section heading hangs on the section above it, an unnumbered
    # element on its section; the numbered ones stand at the top ("body").
    "document": (
        *_rows("document",
               ("heading/", "level1", "sec-{key}", "sec_{key}", "{at}第{n}章", "heading", "hcontainer:heading",
                HEADING, "nested", "", "", SECTION_LEVELS),
               ("heading/", "level2", "sec-{key}", "sec_{key}", "{at} {n} 节", "heading", "hcontainer:heading",
                HEADING, "nested", "", "", SECTION_LEVELS),
               ("heading/", "level3", "sec-{key}", "sec_{key}", "{at}第 {n} 小节", "heading", "hcontainer:heading",
                HEADING, "nested", "", "", SECTION_LEVELS)),
        *_headings("document", "sec-h{k}", "sec__hdg_{k}", "h", _TOP_HEADINGS),
        *_rows("document",
               ("paragraph/unnumbered", "", "p-{k}", "p_{k}", _UNNUMBERED, "paragraph", "paragraph", "", "nested", "p"),
               ("table-row/", "", "p-{k}", "p_{k}", _UNNUMBERED, "table-row", "tr", TABLE_ROW, "nested", "p"),
               ("table-row/header", "", "p-{k}", "p_{k}", _UNNUMBERED, "table-row", "tr", TABLE_ROW, "nested", "p"),
               ("*", "", "p-{k}", "p_{k}", _UNNUMBERED, "", "", "", "nested", "p")),
    ),
    "section": (
        *_rows("section",
               ("heading/", "level2", "-{key}", "__{sub}_{key}", "{at} {n} 节", "heading", "hcontainer:heading",
                HEADING, "nested", "", "", SECTION_LEVELS),
               ("heading/", "level3", "-{key}", "__{sub}_{key}", "{at}第 {n} 小节", "heading", "hcontainer:heading",
                HEADING, "nested", "", "", SECTION_LEVELS)),
        *_headings("section", "-h{k}", "__hdg_{k}", "h", _TOP_HEADINGS),
        *_rows("section",
               ("paragraph/unnumbered", "", "-p{k}", "__p_{k}", _UNNUMBERED, "paragraph", "paragraph", "", "nested",
                "p"),
               ("table-row/", "", "-p{k}", "__p_{k}", _UNNUMBERED, "table-row", "tr", TABLE_ROW, "nested", "p"),
               ("table-row/header", "", "-p{k}", "__p_{k}", _UNNUMBERED, "table-row", "tr", TABLE_ROW, "nested", "p"),
               ("*", "", "-p{k}", "__p_{k}", _UNNUMBERED, "", "", "", "nested", "p")),
    ),
    "body": _rows(
        "body",
        ("paragraph/", "key", "para-{key}", "para_{key}", "第 {n} 段", "paragraph", "paragraph"),
        ("resolution", "key", "res-{key}", "res_{key}", "{instrument}", "resolution", "hcontainer:resolution",
         HEADING, "instrument", "", "", ()),
        ("decision", "key", "dec-{key}", "dec_{key}", "{instrument}", "decision", "hcontainer:decision", HEADING,
         "instrument", "", "", ()),
        ("annex", "", "annex-{key}", "annex_{key}", "{annex}", "annex", "hcontainer:annex", HEADING, "annex"),
        ("agenda-item/", "", "agenda-{key}", "agenda_{key}", "临时议程项目 {n}", "agenda-item", "hcontainer:agendaItem",
         "", "agenda", "", "", ITEM_LEVELS),
        ("agenda-item/inferred", "", "agenda-{key}", "agenda_{key}", "临时议程项目 {n}", "agenda-item",
         "hcontainer:agendaItem", "", "agenda", "", "", ITEM_LEVELS),
        # An annotated agenda item (1. 组织事项), and a sub-item ((a) 会议开
        # 幕) numbered below the item before it.
        ("item", "number", "item-{key}", "item_{key}", "项目 {n} 说明", "item", "hcontainer:item", HEADING, "item", "",
         "", ITEM_LEVELS),
        ("item", "letter", "-{letter}", "__{sub}_{letter}", "项目 {item}{label} 说明", "item", "hcontainer:item",
         HEADING, "item", "", "", ITEM_LEVELS),
    ),
    # Nested in a paragraph, a sub-paragraph, a heading, a quotation.
    "nested": (
        *_rows("nested",
               ("subparagraph", "key", "-{key}", "__{sub}_{key}", "{at}{label}{unit}", "subparagraph", "subparagraph"),
               ("agenda-item", "key", "-{key}", "__{sub}_{key}", "{at}{label}{unit}", "agenda-item",
                "hcontainer:agendaItem"),
               ("paragraph/nested-item", "key", "-{key}", "__{sub}_{key}", "{at}{under}第 {n} 项", "subparagraph",
                "paragraph")),
        *_headings("nested", "-p{k}", "__p_{k}", "p", _NESTED_HEADINGS),
        *_rows("nested",
               ("paragraph/list-item", "", "-p{k}", "__p_{k}", "{at}所列第 {c} 项", "other",
                "hcontainer:paragraphListItem", "", "nested", "p", "list"),
               ("quote", "digit", "-p{k}", "__p_{k}", "{at}所引第 {key} 段", "quote", "hcontainer:quote", QUOTE,
                "nested", "p", "quote"),
               ("quote", "letter-key", "-p{k}", "__p_{k}", "{at}所引({key})项", "quote", "hcontainer:quote", QUOTE,
                "nested", "p", "quote"),
               ("quote", "", "-p{k}", "__p_{k}", "{at}所引第 {c} 段", "quote", "hcontainer:quote", QUOTE, "nested",
                "p", "quote"),
               ("paragraph/continuation", "", "-p{k}", "__p_{k}", _UNNUMBERED, "other",
                "hcontainer:paragraphContinuation", "", "nested", "p", "other"),
               ("*", "", "-p{k}", "__p_{k}", _UNNUMBERED, "", "", "", "nested", "p", "other")),
    ),
    # The sub-items of a provisional agenda's item ("agenda"), and of an
    # agenda a decision adopts ("listed"): named after their item (项目 2(b)).
    "agenda": _rows(
        "agenda",
        ("agenda-item/", "key", "-{key}", "__{sub}_{key}", "{at}{label}", "agenda-item", "hcontainer:agendaItem"),
        ("agenda-item/inferred", "key", "-{key}", "__{sub}_{key}", "{at}{label}", "agenda-item",
         "hcontainer:agendaItem"),
    ),
    "listed": _rows(
        "listed",
        ("agenda-item/", "key", "-{key}", "__{sub}_{key}", "{at}{label}", "agenda-item", "hcontainer:agendaItem"),
        ("agenda-item/inferred", "key", "-{key}", "__{sub}_{key}", "{at}{label}", "agenda-item",
         "hcontainer:agendaItem"),
    ),
    # In a resolution or decision ({at} is its name).
    "instrument": _rows(
        "instrument",
        ("preamble/formula", "", "-formula", "__formula", "{at}，起首语", "preamble", "hcontainer:formula"),
        ("preamble/", "", "-pre-{k}", "__rec_{k}", "{at}，序言部分第 {c} 段", "preamble", "hcontainer:recital", "",
         "nested", "pre"),
        ("operative", "letter", "-op-{key}", "__para_{key}", "{at}，{label}段", "operative", "paragraph"),
        ("operative", "number", "-op-{key}", "__para_{key}", "{at}，第 {n} 段", "operative", "paragraph"),
        ("operative", "none", "-op-{key}", "__para_{key}", "{at}，执行部分", "operative", "paragraph"),
        ("annex", "", "-annex-{key}", "__annex_{key}", "{at}，{annex}", "annex", "hcontainer:annex", HEADING, "annex"),
        # The agenda a decision adopts: its items (项目 2), then their
        # sub-items named after them.
        ("agenda-item", "", "-item-{key}", "__item_{key}", "{at}，所载临时议程项目 {n}", "agenda-item",
         "hcontainer:agendaItem", "", "listed", "", "", ITEM_LEVELS),
        ("table-row/", "", "-p{k}", "__p_{k}", "{at}{sep}表第 {c} 行", "table-row", "tr", TABLE_ROW, "nested", "p",
         "row"),
        ("table-row/header", "", "-p{k}", "__p_{k}", "{at}{sep}表第 {c} 行（表头）", "table-row", "tr", TABLE_ROW,
         "nested", "p", "row"),
        ("heading/list-title", "", "-p{k}", "__p_{k}", "{at}{sep}标题“{words}”", "heading", "hcontainer:headingListTitle",
         HEADING, "nested", "p"),
        ("paragraph/other", "", "-p{k}", "__p_{k}", _UNNUMBERED, "other", "hcontainer:paragraphOther", "", "nested", "p",
         "other"),
        ("*", "", "-p{k}", "__p_{k}", _UNNUMBERED, "", "", "", "nested", "p", "other"),
    ),
    # In an annex of the document or of a resolution ({at} is the annex).
    "annex": (
        *_rows("annex",
               ("table-row/", "", "-row-{k}", "__row_{k}", "{at}{sep}表第 {c} 行", "table-row", "tr", TABLE_ROW,
                "nested", "row"),
               ("table-row/header", "", "-row-{k}", "__row_{k}", "{at}{sep}表第 {c} 行（表头）", "table-row", "tr",
                TABLE_ROW, "nested", "row"),
               ("subparagraph", "key", "-{key}", "__{sub}_{key}", "{at}，{label}段", "subparagraph", "subparagraph"),
               ("paragraph", "key", "-para-{key}", "__para_{key}", "{at}，第 {n} 段", "paragraph", "paragraph"),
               ("resolution", "key", "-res-{key}", "__res_{key}", "{at}，{instrument}", "resolution",
                "hcontainer:resolution", HEADING, "instrument", "", "", ()),
               ("decision", "key", "-dec-{key}", "__dec_{key}", "{at}，{instrument}", "decision",
                "hcontainer:decision", HEADING, "instrument", "", "", ())),
        *_headings("annex", "-p{k}", "__p_{k}", "p", _NESTED_HEADINGS),
        *_rows("annex",
               ("paragraph/unnumbered", "", "-p{k}", "__p_{k}", _UNNUMBERED, "paragraph", "paragraph", "", "nested", "p",
                "other"),
               ("*", "", "-p{k}", "__p_{k}", _UNNUMBERED, "", "", "", "nested", "p", "other")),
    ),
    # The annotation of an agenda item ({at}: 项目 2 说明), and its list of
    # documents, whose entries are numbered beside it (item-2-docs-1).
    "item": _rows(
        "item",
        ("documents/", "", "-docs", "__docs", "{at}所列文件", "documents", "hcontainer:documents", "", "documents"),
        ("paragraph/item-para", "", "-p{k}", "__p_{k}", "{at}第 {c} 段", "paragraph", "paragraph", "", "nested", "p"),
        ("*", "", "-p{k}", "__p_{k}", "{at}第 {c} 段", "", "", "", "nested", "p"),
    ),
    "documents": _rows(
        "documents",
        ("documents/entry", "", "-{k}", "_{k}", "{at}第 {c} 项", "documents", "hcontainer:documentsEntry", "", "nested",
         "entry"),
        ("*", "", "-{k}", "_{k}", "{at}第 {c} 项", "", "", "", "nested", "entry"),
    ),
    # The footnotes: numbered at the top, or in the document's annex when
    # their numbering starts again there ({at}: the annex); the references
    # to each in the text, the first, then each later one by its count.
    "notes": _rows(
        "notes",
        ("footnote", "again", "-fn-{key}", "__note_{key}", "{at}，脚注 {n}", "footnote", "authorialNote", NOTE),
        ("footnote", "", "fn-{key}", "note_{key}", "脚注 {n}", "footnote", "authorialNote", NOTE),
    ),
    "references": _rows(
        "references",
        ("reference", "again", "-fnref-{key}", "__noteref_{key}", "", "other", "span", "", "nested", "", "",
         REFERENCE_LEVELS),
        ("reference", "", "fnref-{key}", "noteref_{key}", "", "other", "span", "", "nested", "", "", REFERENCE_LEVELS),
    ),
    # The document itself, at its title (the page's h1, AKN's longTitle).
    "page": _rows("page", ("title", "", "title", "title", "", "heading", "longTitle", HEADING)),
}
FALLS_BACK = {"document": "body", "section": "body", "agenda": "nested", "listed": "nested"}

TITLE = NUMBERING["page"][0]
FOOTNOTE, FOOTNOTE_AGAIN = NUMBERING["notes"][1], NUMBERING["notes"][0]
REFERENCE, REFERENCE_AGAIN = NUMBERING["references"][1], NUMBERING["references"][0]


def row_for(under: str, kind: str, role: str, forms: set[str]) -> Row:
    """The row that numbers an element of ``kind`` and ``role`` in the
    context ``under``; ``forms``: what it has (see ``Row.form``)."""
    rows = NUMBERING[under] + NUMBERING.get(FALLS_BACK.get(under, ""), ())
    found = next((r for r in rows if r.element != "*" and r.matches(kind, role, forms)), None)
    return found or next(r for r in rows if r.element == "*")


@dataclass(frozen=True)
class Number:
    """An element's numbering as the pass hands it to the element's
    children: its id, its eId, and the AKN levels the parts below it that
    are numbered by their key take (``below``, from the ``depth``-th on)."""

    id: str = ""
    eid: str = ""
    below: tuple[str, ...] = ()
    depth: int = 0

    def part(self, row: Row, **values: str) -> Number:
        """This element's child numbered by ``row`` (``values``: its key, its count)."""
        levels = self.below or PARAGRAPH_LEVELS
        own_id = row.id.format(**values)
        own_eid = row.eid.format(sub=levels[min(self.depth, len(levels) - 1)], **values)
        if not own_id.startswith("-"):
            return Number(own_id, own_eid, row.below)
        if "{sub}" in row.eid:  # numbered by its key: one level further down the parent's levels
            return Number(self.id + own_id, self.eid + own_eid, self.below, self.depth + 1)
        return Number(self.id + own_id, self.eid + own_eid, row.below)

    def again(self, occurrence: int) -> Number:
        """The same numbering taken a second (third…) time in one document: a
        duplicate number (``para-5-2``, ``para_5_2``)."""
        return Number(f"{self.id}-{occurrence}", f"{self.eid}_{occurrence}", self.below, self.depth)

    def keyed(self, key: str) -> Number:
        """The part below this one numbered ``key`` alone (the second
        reference to a footnote: ``fnref-3-2``, ``noteref_3__ref_2``)."""
        levels = self.below or PARAGRAPH_LEVELS
        return Number(f"{self.id}-{key}", f"{self.eid}__{levels[min(self.depth, len(levels) - 1)]}_{key}",
                      self.below, self.depth + 1)


_POSITIONS = {row: (under, i) for under, rows in NUMBERING.items() for i, row in enumerate(rows)}


def _table_row(under: str, index: int) -> Row:
    return NUMBERING[under][index]


def _filled_row(under: str, element: str) -> Row:
    kind, _, role = element.partition("/")
    return as_element(next(r for r in NUMBERING[under] if r.element == "*"), kind, role)


# The kinds of element that are titled containers, and how an element no
# row names is written: by its kind.
TITLED = ("resolution", "decision", "heading", "annex", "item")


@cache
def as_element(row: Row, kind: str, role: str) -> Row:
    """``row`` with what it leaves to the element (a row of element "*")
    filled in from the element's kind and role."""
    if row.kind and row.akn:
        return row
    akn = row.akn or {"paragraph": "paragraph", "operative": "paragraph", "subparagraph": "subparagraph"}.get(
        kind, "hcontainer:" + "".join(w if i == 0 else w.title()
                                      for i, w in enumerate(f"{kind}-{role}".strip("-").split("-"))))
    hint = row.hint or (HEADING if kind in TITLED else TABLE_ROW if kind == "table-row" else
                        QUOTE if kind == "quote" else "")
    return Row(row.under, f"{kind}/{role}", row.form, row.id, row.eid, row.cite, row.kind or kind, akn, hint,
               row.inner, row.counts, row.tally, row.below)

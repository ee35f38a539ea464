"""The numbering table (generator/numbering.py): each element's row says one
thing, every element finds a row wherever it stands, and the ids and eIds
its rows give are the contract's forms and map one to one."""

from __future__ import annotations

import ast
import pickle
import random
import re
from pathlib import Path

from generator.model import ANCHOR_KINDS
from generator.numbering import FALLS_BACK, NUMBERING, Number, as_element, row_for

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
KINDS = ("heading", "paragraph", "subparagraph", "resolution", "decision", "preamble", "operative", "annex",
         "agenda-item", "item", "documents", "quote", "table-row")
ROLES = ("", "formula", "inferred", "header", "entry", "list-item", "continuation", "other", "unnumbered", "item-para",
         "nested-item", "annex-para", "annex-item", "annex-title", "list-title", "nested-heading", "subheading",
         "agenda-heading", "annotations-heading")
FORMS = ({"none"}, {"number", "key", "digit"}, {"letter", "key", "letter-key"}, {"number", "key", "digit", "level1"},
         {"number", "key", "letter-key", "level2"}, {"number", "key", "digit", "level3"})
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EID = re.compile(r"[a-z]+(?:_[a-z0-9-]+)*(?:__[a-z]+(?:_[a-z0-9-]+)*)*")


def rows():
    return [row for listed in NUMBERING.values() for row in listed]


def test_each_row_gives_a_contract_kind_and_each_element_means_one_thing() -> None:
    meaning: dict[str, tuple[str, str, str]] = {}
    for row in rows():
        if row.element == "*":
            assert not row.kind and not row.akn, row  # the element's own, filled in (as_element)
            continue
        assert row.kind in ANCHOR_KINDS, row
        assert meaning.setdefault(row.element, (row.kind, row.akn, row.hint)) == (row.kind, row.akn, row.hint), row
        assert row.inner in NUMBERING, row


def test_every_element_finds_a_row_wherever_it_stands() -> None:
    for under in NUMBERING:
        if under in ("body", "notes", "references", "page"):  # body: the rows document and section share
            continue
        for kind in KINDS:
            for role in ROLES:
                for forms in FORMS:
                    row = as_element(row_for(under, kind, role, forms), kind, role)
                    assert row.under in (under, FALLS_BACK.get(under)), (under, kind, role, forms)
                    assert row.kind in ANCHOR_KINDS and row.akn, row


def test_ids_and_eids_follow_the_contract_forms_and_map_one_to_one() -> None:
    """Chains of rows at random, each part with a key or a count: every id
    is lower-case ASCII and hyphens, every eId AKN's levels, and no two
    different ids share an eId (nor one id two)."""
    rng = random.Random(31)
    keys = ["1", "12", "a", "ii", "aa", "11-4", "star2"]
    seen: dict[str, str] = {}
    for _ in range(3000):
        number, under = Number(), rng.choice(["document", "body"])
        for _ in range(rng.randint(1, 5)):
            row = rng.choice([r for r in NUMBERING[under] + NUMBERING.get(FALLS_BACK.get(under, ""), ())
                              if r.id and (number.id or not r.id.startswith("-"))] or [None])
            if row is None:
                break
            key = rng.choice(keys) if "{key}" in row.id or "{letter}" in row.id else ""
            if "-" in key and row.element not in ("resolution", "decision"):
                key = "3"
            number = number.part(row, key=key, letter=key, k=str(rng.randint(1, 30)))
            if rng.random() < 0.05:
                number = number.again(2)
            assert ID.fullmatch(number.id), number
            assert EID.fullmatch(number.eid), number
            assert seen.setdefault(number.id, number.eid) == number.eid, number
            under = row.inner
    by_eid: dict[str, str] = {}
    for contract, eid in seen.items():
        assert by_eid.setdefault(eid, contract) == contract, (eid, contract, by_eid[eid])


def test_a_row_pickles_as_its_place_in_the_table() -> None:
    for row in rows():
        assert pickle.loads(pickle.dumps(row)) is row
        filled = as_element(row, "quote", "")
        assert pickle.loads(pickle.dumps(filled)) == filled
        assert len(pickle.dumps(filled)) < 120


# Where an id's words may be written: the numbering table alone. Elsewhere
# an id is read from its node (Node.id, Node.eid), never made or taken apart.
_ID_WORDS = re.compile(r"(?<![a-z])(?:para|res|dec|annex|sec|item|agenda|fn|fnref|op|pre|row|docs)-(?:\{|\d)|"
                       r"fn-\"|\"fnref-|\.id\.(?:split|replace|partition)|_id\.(?:split|replace|partition)")


def test_no_module_but_the_table_writes_or_parses_an_id() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "numbering.py" and path.parent == PACKAGE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                text = node.value
            elif isinstance(node, ast.JoinedStr | ast.Attribute | ast.Call):
                text = ast.unparse(node)
            else:
                continue
            if _ID_WORDS.search(text):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {text[:60]}")
    assert not found, found

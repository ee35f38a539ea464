"""The corpus timeline against the list of its events checked by reading.

``fixtures/timeline_checked.json`` holds every event of the timeline of
source/: its dates, kind, bodies and title, and for each source the file,
the source line, the anchor and the clause that states it, each read
against the source and marked right or wrong. The built timeline must be
that list, every clause must be the source's own text at that line
(modulo the whitespace of wrapped lines and the debris the contract lets
the page drop: link syntax, a footnote block at a page break), and at least
98% must be right.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.corpus.timeline import build_timeline
from generator.publishing.build import read_corpus

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = json.loads((ROOT / "tests" / "fixtures" / "timeline_checked.json").read_text(encoding="utf-8"))
# How far into its element a clause may start (lines after the element's first).
_ELEMENT_LINES = 40


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def events() -> list[dict]:
    docs = [r.doc for r in read_corpus(ROOT / "source", load_settings(ROOT / "site_config"), Store(None), ROOT)]
    paths = {d.info.slug: d.info.source_path for d in docs}
    built = []
    for e in build_timeline(docs):
        built.append({
            "start": e.start.isoformat(), "end": e.end.isoformat() if e.end else None,
            "kind": e.kind, "bodies": e.bodies, "title": e.title,
            "sources": [{"file": paths[doc], "doc": doc, "anchor": anchor,
                         "line": e.quotes[(doc, anchor)].line,
                         "clause": e.quotes[(doc, anchor)].clause} for doc, anchor in e.sources],
            "conflicts": [{"start": a.isoformat(), "end": b.isoformat() if b else None,
                           "sources": [f"{d}#{x}" for d, x in ss]} for a, b, ss in e.conflicts],
        })
    return built


def _shape(event: dict) -> tuple:
    return (event["start"], event["end"], event["kind"], tuple(event["bodies"]), event["title"],
            tuple((s["doc"], s["anchor"], s["line"], s["clause"]) for s in event["sources"]),
            tuple((c["start"], c["end"], tuple(c["sources"])) for c in event.get("conflicts", [])))


def test_built_timeline_is_the_checked_list(events: list[dict]) -> None:
    assert [_shape(e) for e in events] == [_shape(e) for e in FIXTURE["events"]]


# Extraction debris the contract lets the page text drop: "[X](#…)" link syntax.
_LINK_SYNTAX = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _occurs(clause: str, stretch: str) -> bool:
    """Whether ``clause`` is in ``stretch``, whole or in two pieces with a
    footnote block between them (a page break inside the sentence)."""
    if clause in stretch:
        return True
    k = 0
    while k < len(clause) and clause[:k + 1] in stretch:
        k += 1
    at = stretch.find(clause[:k])
    return k > 0 and clause[k:] in stretch[at + k:]


def test_every_clause_is_the_sources_own_text_at_its_line() -> None:
    for event in FIXTURE["events"]:
        for source in event["sources"]:
            lines = (ROOT / source["file"]).read_text(encoding="utf-8").split("\n")
            start = source["line"] - 1
            assert start >= 0 and source["line"] >= 1, source
            stretch = _flat(_LINK_SYNTAX.sub(r"\1", "".join(lines[start:start + _ELEMENT_LINES])))
            for part in source["clause"].split("……"):
                assert _occurs(_flat(part), stretch), (source["file"], source["line"], part)


def test_titles_are_verbatim_or_built_from_structure() -> None:
    """A title is the source's words (in one of its clauses) or a name built
    from a body, an ordinal, a number or an instrument's name; never a
    clause with its date cut out."""
    built = re.compile(r"^(?:.*第[一二三四五六七八九十]+(?:届|次).*|.*第 \d+/\d+ 号(?:决议|决定)"
                       r"|通过《.*》(?:的议定书)?|.*(?:会议|续会|建设性对话|专题讨论|专家讨论)(?:（第 [\d、–]+ 场会议）)?)$")
    for event in FIXTURE["events"]:
        title = event["title"].removesuffix("…")
        title = title.split("：", 1)[1] if event["kind"] == "publication" else title
        verbatim = any(_flat(title) in _flat(s["clause"]) for s in event["sources"])
        assert verbatim or built.match(event["title"]), event["title"]


def test_at_least_98_percent_checked_right() -> None:
    verdicts = [e["right"] for e in FIXTURE["events"]]
    assert len(verdicts) == len(FIXTURE["events"]) and sum(verdicts) / len(verdicts) >= 0.98
    assert all("note" in e for e in FIXTURE["events"] if not e["right"])

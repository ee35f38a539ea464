"""Timeline entry ids that stay as the collection grows
(generator/corpus/timeline/published.py; CONTRACT.md: "kept in the lock
like an anchor").

Oracle: the ids a first build publishes, read back after documents are
added; whether two texts state one happening is written here, from the
sentences' meaning.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.corpus.timeline import build_timeline
from generator.corpus.timeline.published import EventLock, assign_event_ids
from generator.errors import BuildError
from generator.ids import event_id
from generator.model import Document, DocumentInfo, Node
from generator.publishing.build import BuildOptions, build
from tests.helpers import CONFIG, SOURCE


def doc(slug: str, **paragraphs: str) -> Document:
    nodes = [Node(kind="paragraph", text=text, id=anchor.replace("_", "-")) for anchor, text in paragraphs.items()]
    return Document(DocumentInfo(slug=slug, source_path=f"source/{slug}.txt", source_sha256="0" * 64,
                                 symbol=f"CTOC/COP/WG.3/2022/{len(slug)}"), nodes)


WG_MET = "国际合作工作组于 2022 年 5 月 23 日至 27 日举行会议，共举行了六场会议。"
WG_13 = "国际合作工作组于 2022 年 5 月 23 日至 27 日举行了第十三次会议。"
TA_MET = "技术援助问题政府专家工作组于 2022 年 5 月 25 日举行会议。"


def ids(events) -> dict[tuple[date, str], str]:
    return {(e.start, e.kind): e.id for e in events}


def publish(docs: list[Document], lock: EventLock | None, accept: bool = False):
    events = build_timeline(docs)
    return events, assign_event_ids(events, lock, accept, "2026-12-06")


def test_first_publication_gives_each_event_the_id_of_its_day_and_digest():
    events, published = publish([doc("a", para_70=WG_MET)], None)
    [event] = events
    assert event.id == event_id(event.start, event.identity()) and published.changed and not published.problems
    assert published.lock.pages == {"timeline/2022.html": {event.id: sorted(event.claims)}}


def test_an_event_restated_by_a_new_document_keeps_its_id_though_its_title_changes():
    """A new document names the meeting by its ordinal: the merged event is
    titled "国际合作工作组第十三次会议" now, and still has its first id."""
    first, published = publish([doc("a", para_70=WG_MET)], None)
    old_id, old_title = first[0].id, first[0].title
    again, republished = publish([doc("a", para_70=WG_MET), doc("bb", para_13=WG_13)], published.lock)
    [event] = again
    assert (old_title, event.title) == ("国际合作工作组会议", "国际合作工作组第十三次会议")
    assert event.id == old_id != event_id(event.start, event.identity())
    assert not republished.problems
    # The lock records the new claims with the id, so a later build finds it by either text.
    assert republished.lock.pages["timeline/2022.html"][old_id] == sorted(event.claims)
    later, _ = publish([doc("bb", para_13=WG_13)], republished.lock)
    assert later[0].id == old_id


def test_two_published_events_shown_to_be_one_happening_keep_one_id_and_alias_the_other():
    """Each working group's thirteenth meeting, published apart; a new text
    says the two groups met together on those days: one happening, one
    event. It keeps one of the ids; the other is an alias of it, recorded
    without being asked (the collection grew, nothing was lost)."""
    apart = [doc("a", para_1=WG_13), doc("bb", para_2=WG_13.replace("国际合作工作组", "技术援助问题政府专家工作组"))]
    _, published = publish(apart, None)
    both = sorted(published.lock.pages["timeline/2022.html"])
    assert len(both) == 2
    joint = doc("ccc", para_3="国际合作工作组和技术援助问题政府专家工作组在 2022 年 5 月 23 日至 27 日举行的会议上通过了建议。")
    [event], joined = publish([*apart, joint], published.lock)
    assert not joined.problems and joined.changed
    assert event.id in both
    [other] = [i for i in both if i != event.id]
    assert joined.lock.aliases == [{"page": "timeline/2022.html", "id": other, "now": f"timeline/2022.html#{event.id}",
                                    "since": "2026-12-06"}]
    # Built again, the same ids and aliases.
    [again], rebuilt = publish([*apart, joint], joined.lock)
    assert again.id == event.id and rebuilt.lock == joined.lock and not rebuilt.changed


def test_a_published_event_no_text_states_any_more_is_withdrawn_only_when_accepted():
    _, published = publish([doc("a", para_70=WG_MET), doc("bb", para_9=TA_MET)], None)
    [gone] = [i for i in published.lock.pages["timeline/2022.html"] if i.startswith("ev-20220525")]
    _, refused = publish([doc("a", para_70=WG_MET)], published.lock)
    assert refused.problems == [f"timeline/2022.html#{gone}"] and refused.lock is published.lock
    _, accepted = publish([doc("a", para_70=WG_MET)], published.lock, accept=True)
    assert accepted.lock.aliases == [{"page": "timeline/2022.html", "id": gone, "now": None, "since": "2026-12-06"}]
    # The withdrawn id is never given to another event, even one of the same
    # day, kind, bodies and title: it gets an id of its own.
    events, _ = publish([doc("a", para_70=WG_MET), doc("dddd", para_1=TA_MET.replace("于", "已于"))],
                            accepted.lock)
    [meeting] = [e for e in events if e.start == date(2022, 5, 25)]
    assert meeting.id == f"{gone}-2"


def test_a_corrected_wording_of_the_same_clause_keeps_the_id():
    """A document corrected in place (its clause reworded, the act, its
    author and its day the same) states the same event: the id stays."""
    said = "缔约方会议扩大主席团在 2024 年 6 月 12 日商定了拟议工作安排。"
    [first], published = publish([doc("a", item_1_c_p6=said)], None)
    [again], republished = publish([doc("a", item_1_c_p6=said.replace("在", "于"))], published.lock)
    assert again.title != first.title and again.id == first.id and not republished.problems


def test_random_collections_keep_every_published_id_as_documents_are_added():
    """Documents drawn at random (seed 30) restating the meetings of other
    documents, added one at a time: every id, once published, stays with
    its event (found by the texts that stated it first)."""
    rng = random.Random(30)
    sentences = [
        "国际合作工作组于 2022 年 5 月 23 日至 27 日举行会议。", "国际合作工作组于 2022 年 5 月 23 日至 27 日举行了第十三次会议。",
        "技术援助问题政府专家工作组于 2022 年 5 月 23 日至 27 日举行了第十三次会议。",
        "缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。",
        "缔约方会议在 2022 年 10 月 17 日第 1 次会议上通过了议程。", "缔约方会议在 2022 年 10 月 17 日和 18 日第 1、2 次会议上审议了项目 1。",
        "贩运人口问题工作组于 2022 年 6 月 29 日和 30 日举行了第十二次会议。", "贩运人口问题工作组于 2022 年 6 月 29 日至 30 日举行会议。",
    ]
    for _ in range(10):
        docs: list[Document] = []
        lock = None
        first_ids: dict[str, str] = {}  # a claim -> the id first published with it
        for k in range(6):
            chosen = rng.sample(sentences, rng.randint(1, 3))
            docs.append(doc("d" * (k + 1), **{f"para_{i + 1}": s for i, s in enumerate(chosen)}))
            events, published = publish(docs, lock)
            assert not published.problems
            for event in events:
                for claim in event.claims:
                    assert first_ids.setdefault(claim, event.id) == event.id, event.title
                    # Every claim of a published event stays with it.
            lock = published.lock


@pytest.mark.site
def test_a_build_keeps_an_event_id_when_a_new_document_restates_it(tmp_path: Path):
    """The build itself: a first build publishes the ids (the lock records
    them without being asked); a document added later restating the joint
    meeting of 23–27 May 2022 leaves every published id where it was."""
    source, config = tmp_path / "source", tmp_path / "site_config"
    shutil.copytree(SOURCE, source)
    shutil.copytree(CONFIG, config)
    lock_path = config / "anchors.lock.json"
    data = json.loads(lock_path.read_text(encoding="utf-8"))
    data["events"], data["event_aliases"] = {}, []
    lock_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    options = BuildOptions(source=source, config=config, site_dir=tmp_path / "site", bundle=None,
                           cache_dir=tmp_path / "cache")
    assert build(options).lock_written
    first = json.loads(lock_path.read_text(encoding="utf-8"))["events"]
    (source / "restating.txt").write_text(
        "1. 国际合作工作组第十三次会议和技术援助问题政府专家工作组第十三次会议于 2022 年 5 月 23 日至 27 日在维也纳举行。\n\n"
        "2. 缔约方会议第十一届会议于 2022 年 10 月 17 日至 21 日在维也纳举行。\n", encoding="utf-8")
    build(options)
    second = json.loads(lock_path.read_text(encoding="utf-8"))["events"]
    for page, published in first.items():
        for anchor, claims in published.items():
            assert anchor in second[page], anchor
            assert set(claims) <= set(second[page][anchor]), anchor
    # data/timeline.json (version 2) lists the years, each year's events in a file of its own.
    timeline = json.loads((tmp_path / "site" / "data" / "timeline.json").read_text(encoding="utf-8"))
    events = [e for year in timeline["years"]
              for e in json.loads((tmp_path / "site" / year["url"]).read_text(encoding="utf-8"))["events"]]
    restated = [e for e in events if any(s["doc"] == "restating" for s in e["sources"])]
    assert len(restated) == 2 and all(e["id"] in first[f"timeline/{e['start'][:4]}.html"] for e in restated)
    page = (tmp_path / "site" / "timeline" / "2022.html").read_text(encoding="utf-8")
    assert all(f'id="{e["id"]}"' in page for e in restated)
    # A published id that would be lost stops the build.
    data = json.loads(lock_path.read_text(encoding="utf-8"))
    data["events"]["timeline/2022.html"]["ev-20220101-00000000"] = ["0" * 16]
    lock_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BuildError, match=r"timeline/2022\.html#ev-20220101-00000000"):
        build(options)


HYBRID = "缔约方会议扩大主席团于 2022 年 7 月 22 日经由默许程序核准，本届会议将以混合形式举行。"
ORGANIZATION = "2022年7月22日，扩大主席团经由默许程序核准了第十一届会议的工作安排。"
ORGANIZATION_AGAIN = "会上提到了经扩大主席团于 2022 年 7 月 22 日经由默许程序核准的会议工作安排。"


def test_a_published_event_read_anew_as_two_keeps_its_id_on_the_part_it_was_made_from():
    """An earlier reading published two approvals of one day as one entry,
    named after the first (the hybrid format). Read anew as two (the hybrid
    format; the organization of work, stated twice): the id stays with the
    approval it was made from, though the other holds more of its claims,
    and the other gets an id of its own, never an old one."""
    docs = [doc("a", para_4=HYBRID, para_10=ORGANIZATION), doc("bb", para_79=ORGANIZATION_AGAIN)]
    events = build_timeline(docs)
    hybrid = next(e for e in events if "混合形式" in e.title)
    organization = next(e for e in events if e is not hybrid)
    assert len(events) == 2 and len(organization.sources) == 2 > len(hybrid.sources)
    old_id = event_id(hybrid.start, hybrid.identity())
    earlier = EventLock({"timeline/2022.html": {old_id: sorted(hybrid.claims | organization.claims)}})
    again, published = publish(docs, earlier)
    by_title = {e.title: e.id for e in again}
    assert by_title[hybrid.title] == old_id
    assert by_title[organization.title] != old_id
    assert by_title[organization.title] == event_id(organization.start, organization.identity())
    assert not published.problems and published.lock.aliases == []
    assert published.lock.pages["timeline/2022.html"][old_id] == sorted(hybrid.claims)


def test_a_clause_read_anew_with_another_kind_or_body_keeps_its_id():
    """A published clause re-read with a corrected kind or body (an approval
    by silence once read as a deadline; a closing of the list of speakers
    once credited to the Conference) states the same event: the same
    document, element, dates and ordinal. Its id stays, and the lock holds
    its claim as it is read now."""
    from generator.corpus.timeline.events import claim_digest

    silence = "扩大主席团以2022年10月13日为截止日期，经默许程序批准了与法定人数和表决有关的具体工作安排。"
    docs = [doc("a", para_10=silence)]
    [event] = build_timeline(docs)
    assert event.kind == "adoption"
    [(claim, place)] = event.places.items()
    read_before = claim_digest(place, "deadline", ("cop",))
    assert read_before != claim
    earlier = EventLock({"timeline/2022.html": {"ev-20221013-0123abcd": [read_before]}})
    [again], published = publish(docs, earlier)
    assert again.id == "ev-20221013-0123abcd" and not published.problems and published.lock.aliases == []
    assert published.lock.pages == {"timeline/2022.html": {"ev-20221013-0123abcd": [claim]}}

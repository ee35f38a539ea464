"""The built timeline against a second fresh reading (issue 30: 98% on a
fresh reading).

``fixtures/fresh_reading_3131.json``: 50 events drawn at random (seed
3131) from the timeline of a build of 2026-12-06, each read against its
source lines by a reviewer who did not read the generator's code. Each
holds what the reviewer accepted as right (dates, kind, bodies, title):
for the one event they found wrong, and the one they accepted with a
note, the expectation they gave. An event must still be there under its
id (ids are permanent) and still be what the sources state.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READING = json.loads((ROOT / "tests" / "fixtures" / "fresh_reading_3131.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def events(site_dir: Path) -> dict[str, dict]:
    index = json.loads((site_dir / "data" / "timeline.json").read_text(encoding="utf-8"))
    out: dict[str, dict] = {}
    for year in index["years"]:
        for event in json.loads((site_dir / year["url"]).read_text(encoding="utf-8"))["events"]:
            out[event["id"]] = event
    return out


@pytest.mark.parametrize("case", READING["events"], ids=[c["id"] for c in READING["events"]])
def test_event_is_what_the_reviewer_read(case: dict, events: dict[str, dict]) -> None:
    event = events.get(case["id"])
    assert event is not None, f"{case['id']} is no longer published"
    want = case["expected"]
    got = {"start": event["start"], "end": event["end"], "kind": event["kind"],
           "bodies": event["bodies"], "title": event["title"]}
    assert got == want


def test_share_right_on_the_first_build() -> None:
    right = sum(c["verdict_on_first_build"] == "right" for c in READING["events"])
    assert len(READING["events"]) == 50 and right >= 49

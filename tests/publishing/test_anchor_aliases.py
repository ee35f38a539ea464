"""Old links to renumbered anchors, followed in headless Chromium
(CONTRACT.md, "Permanence").

The aliases are those the committed lock records for the corrections of
issue 16: paragraph 44 of the joint report was cut in two after the name
"Hikihara", so ``para-44-p1`` no longer exists (its text is in
``para-44``); two preambular paragraphs of resolution 11/4 were merged with
the next, so ``res-11-4-pre-3`` now holds other text (the text once cited
under it is ``res-11-4-pre-4``). Both ways readers open the site are
followed: the offline bundle from file:// and the site over http.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.corpus.manifest import read_lock, text_digest
from tests.helpers import CONFIG, manifest_anchors, timeline_events

TIMEOUT_MS = 15_000


# `base` and `page` (the offline bundle and the served site, each page
# guarded against requests leaving it) are tests/conftest.py's.


@pytest.fixture(scope="module")
def published(site_dir: Path) -> dict:
    """The lock's aliases by (doc, id), and the manifest's anchors by (doc, id)."""
    lock = read_lock(CONFIG / "anchors.lock.json")
    assert lock is not None
    return {"aliases": {(a["doc"], a["id"]): a for a in lock.aliases},
            "anchors": {(a["doc"], a["id"]): a for a in manifest_anchors(site_dir)}}


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_old_link_to_an_id_that_no_longer_exists_lands_on_its_text(page, base: str, published: dict) -> None:
    alias = published["aliases"][("ctoc-cop-wg2-2022-4", "para-44-p1")]
    assert ("ctoc-cop-wg2-2022-4", "para-44-p1") not in published["anchors"]
    page.goto(base + "documents/ctoc-cop-wg2-2022-4.html#para-44-p1")
    page.wait_for_function("location.hash === '#para-44'", timeout=TIMEOUT_MS)
    landed = page.evaluate("""() => {
      const el = document.querySelector(":target");
      const tools = el.querySelector(".para-tools");
      return {id: el.id, text: el.textContent.replace(tools ? tools.textContent : "", ""),
              notes: document.querySelectorAll(".anchor-renumbered").length};
    }""")
    assert landed["id"] == alias["now"] == "para-44"
    # The text the old id held (its digest in the lock) ends the element
    # reached: source/ctoc-cop-wg2-2022-4.txt lines 825-833, "Takeshi 以…".
    text = squeezed(landed["text"])
    assert squeezed(published["anchors"][("ctoc-cop-wg2-2022-4", "para-44")]["text"]) == text
    assert any(text_digest(text[cut:]) == alias["text"] for cut in range(len(text)))
    assert text[text.index("Takeshi"):].startswith("Takeshi以预防犯罪和刑事司法委员会第三十一届会议主席的身份发言")
    assert landed["notes"] == 0


def test_old_link_to_an_id_that_holds_other_text_says_where_its_text_is(page, base: str, published: dict) -> None:
    alias = published["aliases"][("cop11-report", "res-11-4-pre-3")]
    page.goto(base + "documents/cop11-report.html#res-11-4-pre-3")
    note = page.wait_for_selector('.anchor-renumbered[data-for="res-11-4-pre-3"]', timeout=TIMEOUT_MS)
    assert page.evaluate("location.hash") == "#res-11-4-pre-3", "the reader stays where the link lands"
    assert note.is_visible()
    shown = page.evaluate("""() => {
      const note = document.querySelector(".anchor-renumbered");
      const header = document.querySelector(".md-header").getBoundingClientRect();
      return {text: note.textContent, href: note.querySelector("a").getAttribute("href"),
              next: note.nextElementSibling.id, top: note.getBoundingClientRect().top,
              headerBottom: header.bottom, count: document.querySelectorAll(".anchor-renumbered").length};
    }""")
    assert shown["count"] == 1 and shown["next"] == "res-11-4-pre-3"
    assert "编号已更正" in shown["text"] and alias["since"] in shown["text"]
    assert shown["href"] == f"#{alias['now']}" == "#res-11-4-pre-4"
    assert shown["top"] >= shown["headerBottom"] - 1, "the line is not hidden under the header"
    # The link leads to the text once cited as res-11-4-pre-3 (its digest
    # in the lock): "回顾 2007 年 9 月 13 日…", source/cop11-report.txt line 372.
    page.click(".anchor-renumbered a")
    page.wait_for_function("location.hash === '#res-11-4-pre-4'", timeout=TIMEOUT_MS)
    text = page.evaluate("""() => {
      const el = document.querySelector(":target");
      const tools = el.querySelector(".para-tools");
      return el.textContent.replace(tools ? tools.textContent : "", "");
    }""")
    source = (CONFIG.parent / "source" / "cop11-report.txt").read_text(encoding="utf-8").split("\n")
    assert squeezed(text) == squeezed(source[371])
    assert text_digest(text) == alias["text"]


def test_the_sites_own_link_to_a_renumbered_id_shows_no_note(page, base: str, published: dict,
                                                             site_dir: Path) -> None:
    """The site links only current ids: from the timeline (a page of the same
    site: the page of the year of an event it states) to res-11-4-pre-4,
    which now holds other text than once, no note; the same address opened
    with no referrer still shows it."""
    assert ("cop11-report", "res-11-4-pre-4") in published["aliases"]
    events = timeline_events(site_dir)
    year = next(e["start"][:4] for e in events
                if {"doc": "cop11-report", "anchor": "res-11-4-pre-4"} in
                [{"doc": s["doc"], "anchor": s["anchor"]} for s in e["sources"]])
    page.goto(base + f"timeline/{year}.html")
    page.click('a[href$="cop11-report.html#res-11-4-pre-4"]')
    page.wait_for_function("location.hash === '#res-11-4-pre-4'", timeout=TIMEOUT_MS)
    page.wait_for_load_state("load")
    assert page.evaluate("document.querySelectorAll('.anchor-renumbered').length") == 0
    page.goto("about:blank")
    page.goto(base + "documents/cop11-report.html#res-11-4-pre-4")
    page.wait_for_selector('.anchor-renumbered[data-for="res-11-4-pre-4"]', timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def withdrawn_site(tmp_path_factory) -> Path:
    """The real reports built with a lock that records one withdrawn id
    (para-999 of the session report, as an accepted change that took a
    paragraph out would leave it): the site folder."""
    import os
    import shutil

    from generator.publishing.build import PROJECT, BuildOptions, build

    root = tmp_path_factory.mktemp("withdrawn")
    config = root / "site_config"
    shutil.copytree(CONFIG, config)
    lock_path = config / "anchors.lock.json"
    data = json.loads(lock_path.read_text(encoding="utf-8"))
    data["aliases"].append({"doc": "cop11-report", "id": "para-999", "text": text_digest("999. 已删去的段落。"),
                            "now": None, "since": "2026-12-01"})
    lock_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    build(BuildOptions(source=PROJECT / "source", config=config, site_dir=root / "site", bundle=None,
                       cache_dir=root / "cache"))
    return root / "site"


@pytest.mark.site
def test_old_link_to_withdrawn_text_says_it_was_withdrawn(browser, withdrawn_site: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    leaked: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
                  else (leaked.append(route.request.url), route.abort()))
    try:
        tab = context.new_page()
        tab.goto((withdrawn_site / "documents" / "cop11-report.html").as_uri() + "#para-999")
        note = tab.wait_for_selector('.anchor-renumbered[data-for="para-999"]', timeout=TIMEOUT_MS)
        assert note.is_visible()
        text = note.text_content()
        assert "已撤回" in text and "2026-12-01" in text and "#para-999" in text
        assert tab.evaluate("location.hash") == "#para-999"
        assert tab.evaluate("document.getElementById('para-999')") is None
    finally:
        context.close()
    assert leaked == []

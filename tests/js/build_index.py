"""Build a search index for the node tests of the engine (tests/js/).

    python tests/js/build_index.py OUT < blocks.json   # inline texts: [[location, title, text(, names)], ...]
    python tests/js/build_index.py OUT --source DIR    # the real reports

Writes the files of the search folder into OUT/search/ (as the build
does) and OUT/blocks.json: every block's location, text and tokens (as
search_text gives them), in index order, for the test's own oracle. With
--source, also OUT/elements.json: what the document model says of each
element (its location, contract kind, printed label and words; for a
document its symbol and title), from which the tests find by their own
rules the element a query names.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generator.cache.store import Store
from generator.catalogue import load_settings
from generator.ids import page_path
from generator.publishing.build import link_corpus, read_corpus
from generator.search.index import index_blocks
from generator.search.shards import build_files
from generator.search.text import tokens


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    if len(argv) > 2 and argv[1] == "--source":
        project = Path(__file__).resolve().parents[2]
        readings = read_corpus(Path(argv[2]), load_settings(project / "site_config"), Store(None))
        link_corpus(readings)
        docs = [r.doc for r in readings]
        blocks, pages = index_blocks(docs)
        elements = []
        for doc in docs:
            page = page_path(doc.info.slug)
            elements.append({"location": page, "kind": "document", "symbol": doc.info.symbol,
                             "title": doc.info.title})
            elements.extend({"location": f"{page}#{node.id}", "kind": node.kind, "label": node.label,
                             "words": node.text} for node in doc.walk() if node.id)
        (out / "elements.json").write_text(json.dumps(elements, ensure_ascii=False), encoding="utf-8")
    else:
        # [location, title, text] or [location, title, text, [[start, end, rank], ...]] (the names it holds);
        # a page's own entry (no #) may say its place among the pages, newest first: [..., names, newest].
        given = json.load(sys.stdin)
        blocks = [(b[0], b[1], b[2], tuple(tuple(n) for n in b[3]) if len(b) > 3 else ()) for b in given]
        pages = [(b[0], i, b[4] if len(b) > 4 else 0) for i, b in enumerate(given) if "#" not in b[0]]
    for rel, text in build_files(blocks, pages).items():
        path = out / "search" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "blocks.json").write_text(json.dumps([[b[0], b[2], tokens(b[2])] for b in blocks],
                                                        ensure_ascii=False),
                                     encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

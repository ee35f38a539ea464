"""Build a search index for the node tests of the engine (tests/js/).

    python tests/js/build_index.py OUT < blocks.json   # inline texts: [[location, title, text], ...]
    python tests/js/build_index.py OUT --source DIR    # the real reports

Writes the files of the search folder into OUT/search/ (as the build
does) and OUT/blocks.json: every block's location, text and tokens (as
search_text gives them), in index order, for the test's own oracle.
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
from generator.search.index import entry_specs
from generator.search.shards import build_files
from generator.search.text import tokens


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    if len(argv) > 2 and argv[1] == "--source":
        project = Path(__file__).resolve().parents[2]
        readings = read_corpus(Path(argv[2]), load_settings(project / "site_config"), Store(None))
        link_corpus(readings)
        docs = [r.doc for r in readings]
        blocks, pages = [], []
        for doc in docs:
            pages.append((page_path(doc.info.slug), len(blocks)))
            blocks.extend(entry_specs(doc))
    else:
        blocks = [tuple(b) for b in json.load(sys.stdin)]
        pages = [(loc, i) for i, (loc, _, _) in enumerate(blocks) if "#" not in loc]
    for rel, text in build_files(blocks, pages).items():
        path = out / "search" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (out / "blocks.json").write_text(json.dumps([[loc, text, tokens(text)] for loc, _, text in blocks],
                                                        ensure_ascii=False),
                                     encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

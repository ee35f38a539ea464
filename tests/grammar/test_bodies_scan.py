"""The scan for body names (``grammar.bodies.BODY_RE``) skips positions
where no name can start; it finds exactly what the plain alternation of the
names finds, on every report and on text made of the names' pieces."""

from __future__ import annotations

import random
import re

from generator.grammar.bodies import _NAMES, BODY_RE
from tests.helpers import SOURCE


def plain_alternation() -> re.Pattern[str]:
    pattern = BODY_RE.pattern
    return re.compile(pattern[pattern.index("(?:") + 3:-1])


def found(rx: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in rx.finditer(text)]


def test_the_scan_finds_what_the_alternation_finds() -> None:
    plain = plain_alternation()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SOURCE.glob("*.txt"))]
    rng = random.Random(32)
    pieces = [name for name, _ in _NAMES] + ["\n", " ", "大会", "两个工作组", "本届会议", "题", "的说明", "，"]
    texts += ["".join(rng.choice(pieces) + (rng.choice(["", " ", "\n"]) if rng.random() < 0.2 else "")
                      for _ in range(200)) for _ in range(50)]
    for text in texts:
        assert found(BODY_RE, text) == found(plain, text)
    assert sum(len(found(BODY_RE, t)) for t in texts) > 1000

"""Synthetic corpora of N documents derived from the five real reports.

Document ``k`` is report ``k % 5`` in variation round ``r = k // 5``. Round 0
is the real text unchanged, so N = 5 benchmarks the real corpus. Later rounds
vary the text in ways that keep every structure the pipeline reads:

* Years (1950-2049) move forward by ``r``. The whole document shifts in time
  consistently, so its own session, the symbols citing that year and its
  dates stay coherent, while the timeline sees new events (as a real corpus
  spanning many years would) instead of merging everything into five.
* Common prose words are replaced, occurrence by occurrence with a seeded
  random choice, by synonyms of the same length. Same length keeps the
  hard-wrapped line widths, so the repair stage joins lines exactly as in
  the original (``repair._continues`` looks at lengths). None of the words
  replaced or inserted is a keyword the parser, references or timeline look
  for (``tests/bench/test_bench.py`` checks that against ``generator/``).

Every document is therefore distinct (checked when generating), and most of
its paragraphs differ from the same paragraph in other rounds, so a cache
keyed by content cannot serve one document from another.

File names are distinct and there is no catalogue, so slugs come from the
file names and no two documents can claim one symbol.

The distinct corpus (``generate(..., distinct=True)``, issue 32) is the
other extreme for the timeline: no year moves, so every document's dates
fall in the same few years, and document ``k`` moves the day of each date
it states by ``k`` within the month (a one-digit day stays one digit, a
two-digit day up to the 28th stays two: the line widths stay), so the
events its dates make merge with few of the other documents' (a session
still merges by its number, with hundreds of sources and conflicting
dates). Its years crowd, as a real collection's would.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SOURCE = PROJECT / "source"
DEFAULT_SEED = 9

# word -> same-length replacements. Chosen among frequent words of the
# reports that no rule of the generator depends on.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "加强": ("增强", "强化"),
    "提供": ("给予", "供给"),
    "进行": ("开展", "从事"),
    "支持": ("支援", "扶持"),
    "重要": ("关键", "要紧"),
    "有效": ("切实", "有力"),
    "促进": ("推动", "推进"),
    "资源": ("资金", "财力"),
    "必要": ("必需", "所需"),
    "措施": ("举措", "办法"),
    "相关": ("有关", "关联"),
    "确保": ("保证", "保障"),
    "鼓励": ("勉励", "激励"),
    "信息": ("资讯", "消息"),
    "努力": ("尽力", "致力"),
    "各种": ("多种", "各类"),
    "利用": ("运用", "使用"),
    "强调": ("着重", "突出"),
    "认识到": ("意识到", "体认到"),
    "方面": ("领域", "层面"),
    "活动": ("行动", "举动"),
    "目的": ("目标", "宗旨"),
    "充分": ("全面", "完全"),
    "可能": ("或许", "也许"),
    "需要": ("需求", "必须"),
}
_NUMBERED_PARAGRAPH = re.compile(r"^\d+\.\s.*$", re.MULTILINE)
_WORD = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))
# A year: four digits not part of a longer number.
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


@dataclass(frozen=True)
class SyntheticDocument:
    name: str  # file name, e.g. "0007-ctoc-cop-2022-5.txt"
    text: str
    base: str  # file name of the real report it derives from
    round: int


def load_reports(source: Path = SOURCE) -> list[tuple[str, str]]:
    """(file name, text) of the real reports, in file-name order.

    Read with ``newline=""`` so line endings and trailing spaces, which the
    repair stage reads, survive byte for byte.
    """
    paths = sorted(p for p in source.iterdir() if p.is_file() and p.suffix == ".txt")
    if not paths:
        raise FileNotFoundError(f"no .txt reports in {source}")
    reports = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            reports.append((path.name, handle.read()))
    return reports


def vary(text: str, round_: int, seed: int) -> str:
    """The round ``round_`` variant of ``text`` (round 0: unchanged)."""
    if round_ == 0:
        return text
    shifted = _YEAR.sub(lambda m: str(int(m.group(1)) + round_), text)
    return _vary_words(shifted, f"{seed}:{round_}:{len(text)}")


def _vary_words(text: str, seed: str) -> str:
    rng = random.Random(seed)

    def substitute(m: re.Match[str]) -> str:
        # Each occurrence is replaced or kept independently, so paragraphs
        # differ between rounds, not only whole documents.
        choices = (m.group(0), *SYNONYMS[m.group(0)])
        return rng.choice(choices)

    return _WORD.sub(substitute, text)


# A date as the texts write it, and the end of a range after it (至21日, 至11月2日).
_DATE = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日(?:至(?:(\d{1,2})月)?(\d{1,2})日)?")


def _moved_day(day: int, shift: int) -> int:
    """``day`` moved by ``shift`` within its width: 1-9 among 1-9, 10-28 among 10-28; 29-31 stay."""
    if day <= 9:
        return 1 + (day - 1 + shift) % 9
    if day <= 28:
        return 10 + (day - 10 + shift) % 19
    return day


def shift_days(text: str, shift: int) -> str:
    """Every date's day moved by ``shift`` (``_moved_day``); a range whose
    end would come before its start stays as it is."""
    def move(m: re.Match[str]) -> str:
        start = _moved_day(int(m.group(2)), shift)
        if m.group(4) is None:
            return f"{m.group(1)}月{start}日"
        end = _moved_day(int(m.group(4)), shift)
        if m.group(3) is None and end <= start:
            return m.group(0)
        return f"{m.group(1)}月{start}日至" + (f"{m.group(3)}月" if m.group(3) else "") + f"{end}日"

    return _DATE.sub(move, text)


def generate(n: int, seed: int = DEFAULT_SEED, source: Path = SOURCE,
             distinct: bool = False) -> list[SyntheticDocument]:
    """N distinct documents, the same for the same ``n``, ``seed`` and reports
    (``distinct``: the distinct corpus, see the module's docstring)."""
    reports = load_reports(source)
    docs: list[SyntheticDocument] = []
    seen: set[str] = set()
    for k in range(n):
        base, text = reports[k % len(reports)]
        round_ = k // len(reports)
        if distinct:
            varied = _vary_words(shift_days(text, k), f"{seed}:distinct:{k}") if k >= len(reports) else text
        else:
            varied = vary(text, round_, seed)
        attempt = 0
        while varied in seen:  # practically never; keeps "distinct" a guarantee
            attempt += 1
            varied = vary(text, round_, seed + 1000 * attempt)
        seen.add(varied)
        docs.append(SyntheticDocument(f"{k:04d}-{Path(base).stem}.txt", varied, base, round_))
    return docs


def write_corpus(folder: Path, docs: list[SyntheticDocument]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        with (folder / doc.name).open("w", encoding="utf-8", newline="") as handle:
            handle.write(doc.text)


def change_one(path: Path) -> str:
    """Edit one word of the document at ``path`` in place, as an author would.

    The word is in the first numbered paragraph that has one. The
    replacement has the same length and is not a keyword, so anchors and
    structure stay the same (the anchor lock keeps passing) while the text,
    and so the page and the search index, really change. Returns the word
    replaced.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    # In a numbered paragraph, whose text is on the page: the first word of
    # the file may be in a table of contents, which the page leaves out.
    m = next((w for line in _NUMBERED_PARAGRAPH.finditer(text)
              for w in [_WORD.search(text, line.start(), line.end())] if w), None)
    if m is None:
        raise ValueError(f"no replaceable word in {path}")
    new = SYNONYMS[m.group(0)][0]
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text[: m.start()] + new + text[m.end():])
    return m.group(0)


def paragraph_stats(docs: list[SyntheticDocument]) -> dict[str, float]:
    """How many non-empty lines (≈ paragraphs or wrapped pieces) are unique
    across the corpus: the share a content-keyed cache could not reuse."""
    lines = [ln.strip() for d in docs for ln in d.text.split("\n") if ln.strip()]
    unique = len(set(lines))
    return {"lines": len(lines), "distinct_lines": unique, "distinct_share": round(unique / len(lines), 4)}

"""The titles of the agenda items a note's header names, told apart with
what the corpus knows of agenda items.

A note's header prints the titles of the items it is issued under one after
the other (``reading/header.py``); where the lines alone do not say where
each title ends, the titles the corpus's own agendas give items (every
provisional agenda's items and sub-items, and the agenda a decision sets
out) do. The titles stay the note's own words: the corpus only says where
one ends.
"""

from __future__ import annotations

from ..model import Document
from ..reading.header import agenda_numbers, split_agenda_titles


def agenda_item_titles(documents: list[Document]) -> list[str]:
    """Every agenda item's text the corpus prints, once each, in a stable order."""
    titles = {node.text for doc in documents for node in doc.walk() if node.kind == "agenda-item" and node.text}
    return sorted(titles)


def name_agenda_items(documents: list[Document]) -> None:
    """Split each header's agenda titles that its own lines could not."""
    known: list[str] | None = None
    for doc in documents:
        info = doc.info
        numbers = agenda_numbers(info.agenda_items)
        if len(numbers) < 2 or len(info.agenda_titles) == len(numbers):
            continue
        if known is None:
            known = agenda_item_titles(documents)
        info.agenda_titles = split_agenda_titles(info.agenda_lines, numbers, info.agenda_lines_at, known)
        if len(info.agenda_titles) != len(numbers):
            line = info.agenda_titles[0].line if info.agenda_titles else 0
            doc.warnings.append(f"line {line}: the header's titles of agenda items {'、'.join(numbers)} "
                                "cannot be told apart; shown together")

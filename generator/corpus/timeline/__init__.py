"""Events across the corpus: what happened when, and where each text says so.

Two steps: ``statements`` reads what each document states about dates, on
its own (the build does it per document, in parallel, and keeps it between
builds); ``merge`` joins the statements of every document into ``Event``s,
each with every source that states it and the clause it quotes, verbatim.
``events`` holds what both share and the machine-readable timeline.
"""

from __future__ import annotations

from ...model import Document
from .events import BODY_SHORT_NAMES, EVENT_KINDS, Event, Quote, Statement, timeline_files, timeline_json
from .merge import merge_statements
from .statements import adoption_date, describe_dates, document_statements, meeting_info

__all__ = ["BODY_SHORT_NAMES", "EVENT_KINDS", "Event", "Quote", "Statement", "adoption_date", "build_timeline",
           "describe_dates", "document_statements", "meeting_info", "merge_statements", "timeline_files",
           "timeline_json"]


def build_timeline(documents: list[Document]) -> list[Event]:
    """Every event the documents state, merged, sorted by start then title."""
    return merge_statements([stmt for doc in documents for stmt in document_statements(doc)])

"""The structured model of a document as JSON, for other tools
(``data/documents/<slug>.json``): the model's dataclasses as they are,
without the fields the reading stage derives from the others (the
numbering pass's eIds, places and rows; the year: ``model.DERIVED``),
which a reader of the model derives alike."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache

from ..model import Document

VERSION = 1


@cache
def _written(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass the JSON holds, in field order."""
    return tuple(f.name for f in fields(kind) if not f.metadata.get("derived"))


def plain_data(value):
    """Dataclasses as dicts, without the deep copies of dataclasses.asdict."""
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is list:
        return [plain_data(v) for v in value]
    if is_dataclass(value):
        return {name: plain_data(getattr(value, name)) for name in _written(kind)}
    return value


def document_json(doc: Document) -> dict:
    """The structured model of a document."""
    return {"version": VERSION, **plain_data(doc)}

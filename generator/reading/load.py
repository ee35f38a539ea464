"""One source text read into a numbered document: its bytes decoded, the
extraction repaired, the text parsed, its catalogue entry applied, its kind
and page name told, and every element numbered (``anchors``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..catalogue import Settings
from ..errors import BuildError
from ..grammar.citations import split_symbol
from ..ids import SAFE_SLUG, file_slug, symbol_slug
from ..model import Document, DocumentInfo
from .anchors import number_document
from .decode import decode_source
from .parse import parse
from .repair import repair


def read_document(data: bytes, shown: str, file_name: str, entry: dict[str, str]) -> Document:
    """The document of the source file ``file_name`` whose bytes are ``data``
    (``shown``: its path as messages name it; ``entry``: its catalogue entry)."""
    text = decode_source(data, shown)
    info = DocumentInfo(slug="", source_path=shown, source_sha256=hashlib.sha256(data).hexdigest(),
                        symbol=entry.get("symbol", ""), doc_type=entry.get("doc_type", ""),
                        title=entry.get("title", ""), date=entry.get("date", ""))
    doc = parse(repair(text), info)
    if not info.title:
        info.title = Path(file_name).stem
    if not info.doc_type:
        info.doc_type = infer_doc_type(doc)
    info.slug = symbol_slug(split_symbol(info.symbol)) if info.symbol else entry.get("slug") or file_slug(file_name)
    if not SAFE_SLUG.match(info.slug):
        raise BuildError(f"cannot derive a safe page name from {info.slug!r}", shown)
    number_document(doc)
    return doc


def load_document(path: Path, settings: Settings, root: Path | None = None) -> Document:
    """``read_document`` of the file at ``path`` (for a tool reading one file)."""
    return read_document(path.read_bytes(), shown_path(path, root or Path.cwd()), path.name,
                         settings.catalogue.get(path.name, {}))


def infer_doc_type(doc: Document) -> str:
    """The kind of a document its catalogue entry does not give: an agenda
    holds agenda items or their annotations; a note says it is one."""
    kinds = {n.kind for n in doc.body}
    if "agenda-item" in kinds or "item" in kinds:
        return "agenda"
    if doc.info.subtitle == "秘书处的说明" or "秘书处的说明" in doc.info.front_matter:
        return "note"
    return "report"


def shown_path(path: Path, root: Path) -> str:
    """A path as messages name it: relative to ``root`` when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()

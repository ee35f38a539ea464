"""The finished site as one ZIM file, for readers of Kiwix.

Kiwix reads a collection offline from a single ZIM file (openZIM's format)
and searches it with the full-text index inside it. Every file of the site
goes in under its own path, so the relative links of the HTML
(``../documents/x.html#para-12``) resolve inside the ZIM as they do on
disk; ``index.html`` is the main page.

The index: libzim (9.x) indexes with Xapian's CJK n-grams whatever the
language (``FLAG_CJK_NGRAM`` in its writer and its query parser), so 腐败
is found inside 反腐败 without a dictionary. What a page gives the index
is its article's text, not the navigation every page repeats; the anchor
pages, which repeat each document's text by anchor, are left out of it,
so that a search leads to the document.

Same inputs, same bytes: entries are added in path order, the Date comes
from SOURCE_DATE_EPOCH, and libzim indexes with one worker (with more, the
order of Xapian's documents follows the threads). What libzim still makes
at random, the archive's UUID and the UUID of each Xapian database inside
it, is replaced afterwards by UUIDs derived from the rest of the file, and
the file's MD5 checksum is computed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import mmap
import os
import re
import struct
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from libzim.reader import Archive
from libzim.writer import Creator, FileProvider, Hint, IndexData, Item, StringProvider

from ..errors import BuildError

LANGUAGE = "zho"
# Who wrote the documents, and who made the ZIM of them.
CREATOR = "联合国"
PUBLISHER = "untoc-cop-site"
DESCRIPTION = "联合国打击跨国有组织犯罪公约缔约方会议的中文报告、说明和临时议程，段落可引用，可全文检索"
# Kiwix shows its search box for a ZIM whose tags say it has a full-text index.
TAGS = "_ftindex:yes"

# Types by extension, fixed here: the mimetypes module reads the machine's
# own tables, which would let two machines write other bytes.
MIMETYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "application/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
}
# Already compressed: zstd over them would only cost time.
_STORED = {"image/png", "font/woff2", "application/gzip"}
# Files the ZIM holds in another form than the site: the line that tells
# a page it is read in the ZIM (assets/javascripts/site-copy.js), so that a
# citation copied there carries the document's official link rather than
# the Kiwix reader's local address (addresses.js; CONTRACT.md, "Addresses").
ZIM_OWN_FILES = {"assets/javascripts/site-copy.js": b'window.UNTOC_COPY = "zim";\n'}
# Pages that are not articles of the collection: not listed, not indexed.
_NOT_ARTICLES = ("404.html",)
# Pages in the listing but not in the full-text index: they repeat the
# documents' text (see the module's docstring): the anchor pages, and the
# corpus-wide indexes (timeline, symbols, resolutions, recommendations),
# which quote the documents' clauses and grow with the corpus: indexing
# them took most of the ZIM's time at N = 1,000. The documents and the home
# page are indexed.
_INDEXED = ("documents/", "index.html")

# Offsets in the ZIM header (openZIM's "ZIM file format"): the archive's
# UUID and where the MD5 checksum of everything before it stands.
_MAGIC = 72173914
_UUID_AT = 8
_CHECKSUM_POS_AT = 72
# The start of a Xapian glass database (its version file): magic, format
# version (two bytes), then the database's UUID (16 bytes).
_GLASS_MAGIC = b"\x0f\rXapian Glass"


def release_zim(site_dir: Path, target: Path, name: str, title: str) -> Path:
    """The ZIM of the site built in ``site_dir``, put at ``target`` (the
    release step ``python -m generator zim``): written beside it under a
    temporary name and renamed into place, so that a ZIM that cannot be
    made leaves the last one as it was."""
    if not (site_dir / "index.html").is_file() or not (site_dir / "anchors.json").is_file():
        raise BuildError("no built site here (index.html and anchors.json missing): "
                         "build it first with `python -m generator build` (make site)", str(site_dir))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, staged = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write_zim(site_dir, Path(staged), name, title)
        os.replace(staged, target)
    finally:
        Path(staged).unlink(missing_ok=True)
    return target


def write_zim(site_dir: Path, zim_path: Path, name: str, title: str) -> Path:
    """Write every file of ``site_dir`` into the ZIM ``zim_path`` and return it.

    ``name``: openZIM's Name (an identifier); ``title``: the collection's
    title, also the suffix MkDocs puts after each page's own title.
    """
    files = sorted((p for p in site_dir.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site_dir).as_posix())
    zim_path.unlink(missing_ok=True)
    with _libzim_quiet():
        # Configured before it starts (the with block): libzim refuses it after.
        creator = Creator(zim_path).config_indexing(True, LANGUAGE).config_nbworkers(1)
    with _libzim_quiet(), creator:
        creator.set_mainpath("index.html")
        for key, value in (("Name", name), ("Title", title), ("Language", LANGUAGE), ("Creator", CREATOR),
                           ("Publisher", PUBLISHER), ("Date", zim_date()), ("Description", DESCRIPTION), ("Tags", TAGS)):
            creator.add_metadata(key, value)
        creator.add_illustration(48, illustration_png())
        for path in files:
            creator.add_item(_SiteFile(path, path.relative_to(site_dir).as_posix(), title))
    with _libzim_quiet():  # reading it back warns again
        _fix_uuids(zim_path)
    return zim_path


def zim_date() -> str:
    """openZIM's Date (YYYY-MM-DD): SOURCE_DATE_EPOCH's (UTC) when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch) if epoch else time.time()))


class _SiteFile(Item):
    """One file of the site. libzim reads its bytes from the file when it
    fills a cluster (FileProvider): items wait in libzim's queue for the
    one compressing worker, and holding their bytes there took the whole
    site's size in memory."""

    def __init__(self, file: Path, path: str, site_title: str) -> None:
        super().__init__()
        self.file = file
        self.path = path
        self.mimetype = MIMETYPES.get(Path(path).suffix, "application/octet-stream")
        self.indexed = self.mimetype == "text/html" and path not in _NOT_ARTICLES and path.startswith(_INDEXED)
        # Reading an article's text is the costly part: only for the pages indexed.
        self.page = _page_text(file.read_bytes(), site_title, self.indexed) if self.mimetype == "text/html" else None

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.page.title if self.page else ""

    def get_mimetype(self) -> str:
        return self.mimetype

    def get_contentprovider(self) -> FileProvider | StringProvider:
        if self.path in ZIM_OWN_FILES:
            return StringProvider(ZIM_OWN_FILES[self.path])
        return FileProvider(str(self.file))

    def get_hints(self) -> dict[Hint, int]:
        return {Hint.FRONT_ARTICLE: self.page is not None and self.path not in _NOT_ARTICLES,
                Hint.COMPRESS: self.mimetype not in _STORED}

    def get_indexdata(self) -> IndexData | None:
        # None: not indexed (libzim's own HTML reading would take the navigation too).
        return self.page if self.indexed else None


class _PageText(IndexData):
    """What the index holds of a page: its title and its article's text."""

    def __init__(self, title: str, content: str) -> None:
        super().__init__()
        self.title = title
        self.content = content

    def has_indexdata(self) -> bool:
        return bool(self.content)

    def get_title(self) -> str:
        return self.title

    def get_content(self) -> str:
        return self.content

    def get_keywords(self) -> str:
        return ""

    def get_wordcount(self) -> int:
        # Each Han character counts as a word, as Kiwix shows it for CJK text.
        return len(re.findall(r"[\u3400-\u9fff]|[^\s\u3400-\u9fff]+", self.content))

    def get_geoposition(self) -> tuple[float, float] | None:
        return None


class _Text(HTMLParser):
    """The text of a page: its <title>, and what stands inside <article>.

    Only the document's own <title> (the first, in <head>) is its title: an
    SVG chart's <title> elements (the timeline's tooltips) are text of the
    article, and hundreds of them would make a title libzim refuses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.article: list[str] = []
        self._in_title = False
        self._titled = False
        self._depth = 0  # open <article> elements
        self._skip = 0  # open <script>/<style> elements

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title" and not self._titled and not self._depth:
            self._in_title = True
        elif tag == "article":
            self._depth += 1
        elif tag in ("script", "style"):
            self._skip += 1
        elif self._depth and tag in ("p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "td", "th"):
            self.article.append("\n")  # block boundaries keep words of two blocks apart

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self._titled = True
        elif tag == "article":
            self._depth = max(0, self._depth - 1)
        elif tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title.append(data)
        elif self._depth:
            self.article.append(data)


_TITLE_RE = re.compile(rb"<title>(.*?)</title>", re.DOTALL)


def _page_text(data: bytes, site_title: str, content: bool = True) -> _PageText:
    """A page's own title (the first <title>, in its head) and, with
    ``content``, the text of its <article> (only that part is parsed)."""
    found = _TITLE_RE.search(data)
    title = " ".join(html.unescape(found.group(1).decode("utf-8", errors="replace")).split()) if found else ""
    suffix = f" - {site_title}"
    if title.endswith(suffix) and title != suffix.strip():
        title = title[: -len(suffix)]
    if not content:
        return _PageText(title, "")
    start, end = data.find(b"<article"), data.rfind(b"</article>")
    parser = _Text()
    parser.feed(data[start:end + len(b"</article>")].decode("utf-8", errors="replace") if 0 <= start < end else "")
    parser.close()
    text = "\n".join(" ".join(line.split()) for line in "".join(parser.article).splitlines() if line.strip())
    return _PageText(title, text)


def illustration_png(size: int = 48) -> bytes:
    """Kiwix's 48×48 icon of the collection, drawn here so that it is the
    same bytes everywhere: a white page with grey lines on UN blue."""
    blue, white, grey = b"\x00\x9e\xdb", b"\xff\xff\xff", b"\x9a\xa5\xb1"
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            inside = 12 <= x < 36 and 8 <= y < 40
            line = inside and 16 <= x < 32 and y in (14, 19, 24, 29, 34)
            row += grey if line else white if inside else blue
        rows.append(b"\x00" + bytes(row))  # filter type 0 for each row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


@contextlib.contextmanager
def _libzim_quiet() -> Iterator[None]:
    """libzim writes its progress lines to the process's standard output
    whatever its verbosity, and Xapian warns on standard error that it has
    no stemmer for Chinese (the n-gram index needs none): the build's
    output is its own (one line on success, one on an error)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, devnull):
            os.close(fd)


def _fix_uuids(zim_path: Path) -> None:
    """Replace the random UUIDs libzim and Xapian wrote by UUIDs derived
    from the file's other bytes, and write the checksum again."""
    reader = Archive(zim_path)
    databases = int(reader.has_fulltext_index) + int(reader.has_title_index)
    del reader
    with open(zim_path, "r+b") as f, mmap.mmap(f.fileno(), 0) as data:
        magic, = struct.unpack_from("<I", data, 0)
        checksum_pos, = struct.unpack_from("<Q", data, _CHECKSUM_POS_AT)
        if magic != _MAGIC or checksum_pos + 16 != len(data):
            raise ValueError(f"{zim_path}: not a ZIM file as libzim writes it")
        glass = []
        start = data.find(_GLASS_MAGIC)
        while start != -1:
            glass.append(start + len(_GLASS_MAGIC) + 2)
            start = data.find(_GLASS_MAGIC, start + 1)
        # Only where each database begins: should the magic also stand
        # elsewhere, those bytes are not touched (the ZIM stays whole, and
        # the test of its bytes says it is no longer reproducible).
        at = [_UUID_AT] + (glass if len(glass) == databases else [])
        for offset in at:
            data[offset:offset + 16] = bytes(16)
        digest = hashlib.sha256()
        for piece in range(0, checksum_pos, 1 << 20):
            digest.update(data[piece:min(piece + (1 << 20), checksum_pos)])
        for k, offset in enumerate(at):
            data[offset:offset + 16] = uuid.uuid5(uuid.NAMESPACE_URL, f"zim:{digest.hexdigest()}:{k}").bytes
        md5 = hashlib.md5()
        for piece in range(0, checksum_pos, 1 << 20):
            md5.update(data[piece:min(piece + (1 << 20), checksum_pos)])
        data[checksum_pos:checksum_pos + 16] = md5.digest()

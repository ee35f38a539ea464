"""The list of documents on the home page and the year pages
(templates/home.md.j2, documents-table.md.j2, rendering/indexes.document_rows)."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

from generator.catalogue import Settings
from generator.corpus.timeline import describe_dates
from generator.model import Document, DocumentInfo, Node
from generator.rendering.indexes import decade_pages, document_rows, navigation, year_pages
from generator.rendering.templating import environment


def doc(slug: str, paragraphs: dict[str, str] | None = None, **info: str) -> Document:
    nodes = [Node(kind="paragraph", text=text, id=anchor) for anchor, text in (paragraphs or {}).items()]
    document = Document(DocumentInfo(slug=slug, source_path=f"source/{slug}.txt", source_sha256="0" * 64, **info),
                        nodes)
    describe_dates(document)
    return document


class _Cells(HTMLParser):
    """The rows of the table: each row's id and its cells' text by column name."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, dict[str, str]]] = []
        self._column: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("id"):
            self.rows.append((attrs["id"], {}))
        elif tag == "td" and self.rows:
            self._column = attrs["data-label"]
            self.rows[-1][1][self._column] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._column = None

    def handle_data(self, data: str) -> None:
        if self._column:
            self.rows[-1][1][self._column] += data


def home(docs: list[Document]) -> list[tuple[str, dict[str, str]]]:
    page = environment().get_template("home.md.j2").render(rows=document_rows(docs),
                                                           settings=Settings("站", "site"))
    cells = _Cells()
    cells.feed(page)
    return cells.rows


def test_each_column_holds_the_documents_own_words() -> None:
    wg = doc("ctoc-cop-wg2-2022-4", {"para-88": "两个工作组于 2022 年 5 月 27 日通过了本篇联合会议报告。"},
             title="国际合作工作组和技术援助问题政府专家工作组 2022 年 5 月 23 日至 27 日在维也纳举行的会议报告",
             doc_type="report")
    agenda = doc("ctoc-cop-2024-1", date="2024-07-16", session="第十二届会议*",
                 session_dates="2024年10月14日至18日，维也纳", place="维也纳", symbol="CTOC/COP/2024/1",
                 title="临时议程说明", doc_type="agenda")
    report = doc("cop11-report", title="缔约方会议 2022 年 10 月 17 日至 21 日在维也纳举行的第十一届会议报告",
                 date="2022-11-08", doc_type="report")
    rows = dict(home([wg, agenda, report]))
    assert rows["doc-ctoc-cop-2024-1"] == {
        "文号": "CTOC/COP/2024/1", "标题": "临时议程说明", "类型": "临时议程和说明",
        "届会": "第十二届会议",  # the footnote's asterisk is not part of its name
        "文件日期": "2024-07-16", "会议日期": "2024年10月14日至18日", "地点": "维也纳"}
    assert rows["doc-ctoc-cop-wg2-2022-4"]["文件日期"] == "2022-05-27（通过）"
    assert rows["doc-ctoc-cop-wg2-2022-4"]["会议日期"] == "2022 年 5 月 23 日至 27 日"
    assert rows["doc-ctoc-cop-wg2-2022-4"]["届会"] == "—"  # its text names no session
    assert rows["doc-cop11-report"]["届会"] == "第十一届会议"  # the words of its title
    assert rows["doc-cop11-report"]["文号"] == "未载明"  # its text states no symbol: said, not a dash


def test_documents_are_listed_newest_meeting_first_then_newest_issue() -> None:
    rng = random.Random(19)
    docs, expected = [], []
    for k in range(40):
        year, month, day = rng.randint(2004, 2030), rng.randint(1, 12), rng.randint(1, 20)
        issued = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        docs.append(doc(f"d{k}", date=issued, symbol=f"CTOC/COP/{year}/{k}", title=f"文件{k}",
                        session_dates=f"{year} 年 {month} 月 {day} 日至 {day + 4} 日，维也纳"))
        expected.append(((year, month, day), issued, f"doc-d{k}"))
    rng.shuffle(docs)
    shown = [row_id for row_id, _ in home(docs)]
    assert shown == [row_id for *_, row_id in sorted(expected, reverse=True)]


def test_navigation_opens_lists_not_documents() -> None:
    """Each section's first page is a list (Material links a closed section to
    its first page); the anchor index is not in the navigation."""
    docs = [doc("a", symbol="CTOC/COP/2024/1", date="2024-07-16"), doc("b", symbol="CTOC/COP/2022/5", date="2022-08-01")]
    nav = navigation(docs)

    def pages(item) -> list[str]:
        if isinstance(item, str):
            return [item]
        if isinstance(item, dict):
            return [p for v in item.values() for p in pages(v)]
        return [p for v in item for p in pages(v)]

    assert "anchors.md" not in pages(nav)
    sections = [nav[0]["文件"]] + [next(iter(y.values())) for y in nav[0]["文件"][1:]]
    for section in sections:
        first = section[0]
        assert isinstance(first, str) and re.fullmatch(r"(.*/)?index\.md", first), section
        assert not first.startswith("documents/")


def test_home_lists_the_newest_whole_years_and_links_every_older_year() -> None:
    """Every document is either a row of the home page or counted under a
    linked year whose page lists it; the home page holds at most the limit
    (or the newest year alone, if that is more)."""
    from generator.rendering.indexes import home_listing

    rng = random.Random(23)
    docs = [doc(f"d{k}", date=f"{rng.randint(2004, 2160)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                title=f"文件{k}") for k in range(300)]
    rows = document_rows(docs)
    for limit in (1, 7, rng.randrange(20, 200), 300):
        listed, older = home_listing(rows, limit)
        years = {row.year for row in listed}
        assert len(listed) <= limit or len(years) == 1
        assert [r.slug for r in listed] == [r.slug for r in rows if r.year in years]
        assert all(y.year not in years and y.year < min(years) for y in older)
        assert sum(y.count for y in older) + len(listed) == len(docs)
        assert {y.year for y in older} | years == {r.year for r in rows}
        pages = year_pages(rows, environment())
        for y in older:
            assert pages[f"years/{y.year}/index.md"].count('<tr id="doc-') == y.count
        page = environment().get_template("home.md.j2").render(
            rows=listed, settings=Settings("站", "site"),
            older=[{"href": f"years/{y.year}/index.html", "name": y.year, "count": y.count} for y in older])
        assert page.count('<tr id="doc-') == len(listed)
        assert re.findall(r'<li><a href="years/(\d+)/index.html">', page) == [y.year for y in older]
    assert all(row.year.isdigit() for row in rows)  # a year after 2099 is a year too


def test_navigation_groups_years_by_decade_and_each_decade_page_counts_its_years() -> None:
    """The navigation grows with the decades: each year stands under its
    decade, whose own page lists its years with the number of documents
    the year's page lists."""
    rng = random.Random(31)
    docs = [doc(f"d{k}", date=f"{rng.randint(1995, 2150)}-05-1{rng.randint(0, 9)}", title=f"文件{k}")
            for k in range(200)]
    sections = navigation(docs)[0]["文件"]
    assert sections[0] == "index.md"
    seen_years = []
    for section in sections[1:]:
        (name, items), = section.items()
        first, last = re.fullmatch(r"(\d{4})—(\d{4}) 年", name).groups()
        assert items[0] == f"years/{first}-{last}/index.md" and int(last) == int(first) + 9
        for year_section in items[1:]:
            (year, pages), = year_section.items()
            assert first <= year <= last and pages[0] == f"years/{year}/index.md"
            seen_years.append(year)
    rows = document_rows(docs)
    assert sorted(seen_years, reverse=True) == seen_years == sorted({r.year for r in rows}, reverse=True)
    years, decades = year_pages(rows, environment()), decade_pages(rows, environment())
    for page in decades.values():
        for year, count in re.findall(r'href="\.\./(\d{4})/index\.html">\d{4} 年的文件</a>（(\d+) 份文件）', page):
            assert years[f"years/{year}/index.md"].count('<tr id="doc-') == int(count)
    assert sum(len(re.findall(r"（\d+ 份文件）", p)) for p in decades.values()) == len(seen_years)

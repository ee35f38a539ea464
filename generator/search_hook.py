"""MkDocs hook: Material's search plugin indexes no page.

generator/search.py writes the search index from the document model after
MkDocs. Material's plugin stays configured, because its template shows the
search box only while the plugin is enabled (partials/header.html), but
parsing every page's HTML and running jieba over it again would be wasted:
each page is marked excluded from search, Material's documented per-page
switch (front matter ``search: exclude: true``), which its plugin checks
before doing any work. Its index of no entries is then replaced.
"""

from __future__ import annotations


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown

"""Pages once published that the site no longer builds
(``site_config/retired.toml``; CONTRACT.md: every URL is permanent, a
reader may have cited it). Each stays at its address as a short page that
says why its content moved and links the page that holds it now.
"""

from __future__ import annotations

import json
import re

from ..catalogue import RetiredPage
from ..errors import BuildError
from ..ids import markdown_source
from .templating import environment


def retired_pages(retired: list[RetiredPage], built: dict[str, str]) -> dict[str, str]:
    """The Markdown of each retired page, by Markdown path. ``built``: the
    title of every page the build writes, by Markdown path. A retired page
    the build writes again, or that sends the reader to a page the build
    does not write, stops the build (its entry would hide a page, or break
    the link it keeps)."""
    template = environment().get_template("retired.md.j2")
    pages: dict[str, str] = {}
    for page in retired:
        if markdown_source(page.path) in built:
            raise BuildError(f"{page.path} is built again: remove its retired entry", page.file, page.line)
        now_title = built.get(markdown_source(page.now))
        if now_title is None:
            raise BuildError(f"{page.path} sends readers to {page.now}, which the site does not build",
                             page.file, page.line)
        pages[markdown_source(page.path)] = template.render(page=page, now_title=now_title)
    return pages


def front_title(page: str) -> str:
    """The title a page's front matter gives it ("" when none)."""
    m = re.match(r"---\ntitle: (.*)\n", page)
    if m is None:
        return ""
    title = m.group(1).strip()
    return json.loads(title) if title.startswith('"') else title

"""The one Jinja2 environment of the project's templates (``templates/``).

Every page template gets the same escaping filters; a stage that needs
other filters or whitespace rules takes an overlay of this environment.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..ids import FEED_PATH, anchors_page_path
from .mdtext import escape_html, escape_inline, escape_markdown, relative_href

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False,
                      keep_trailing_newline=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = escape_markdown
    env.filters["md_inline"] = escape_inline
    env.filters["html"] = escape_html
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.filters["rel"] = relative_href
    # Addresses the templates write, from the URL scheme (ids.py), not spelled out in them.
    env.globals.update(FEED_PATH=FEED_PATH, anchors_page_path=anchors_page_path)
    return env


def plain_overlay() -> Environment:
    """The environment with Jinja's default whitespace and undefined rules."""
    from jinja2 import Undefined

    return environment().overlay(trim_blocks=False, lstrip_blocks=False, undefined=Undefined)

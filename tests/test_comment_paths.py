"""Every file a comment, a docstring or the README names is there: a
comment naming a module that moved or went sends a reader to nothing. Read
from the project's own comments (Python's tokens and docstrings, the
templates' ``{# … #}``) and the README, each path looked for where a reader
would: beside the file, in a folder above it, or under the package (its
scripts too), the tests, the templates or the settings."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(PROJECT / "generator").rglob("*.py"), *(PROJECT / "tests").rglob("*.py"),
                  *(PROJECT / "bench").rglob("*.py"), *(PROJECT / "templates").glob("*.j2"), PROJECT / "README.md"])
# A file of the project as a comment names it: a module, a template, a
# script or style sheet, a settings file (``reading/anchors.py``,
# ``templates/home.md.j2``, ``mkdocs.yml``). Site pages (``.html``, ``.md``)
# and the public contract (``../shared/CONTRACT.md``) are not files here.
_NAMED = re.compile(r"(?<![\w./-])((?:\.\./)?(?:[\w-]+/)*[\w-]+(?:\.[\w-]+)*\.(?:py|j2|js|css|toml|yml))(?![\w/])")
_TEMPLATE_COMMENT = re.compile(r"\{#(.*?)#\}", re.DOTALL)
# Folders a path may be written from, besides the naming file's own and those above it.
_ROOTS = (PROJECT, PROJECT / "generator", PROJECT / "generator" / "assets" / "javascripts", PROJECT / "tests",
          PROJECT / "templates", PROJECT / "site_config")
# The names of the project's files, for a module or template named alone.
_NAMES = {p.name for folder in ("generator", "tests", "bench", "templates") for p in (PROJECT / folder).rglob("*")}


def _python_texts(source: str) -> list[tuple[int, str]]:
    texts = [(tok.start[0], tok.string) for tok in tokenize.generate_tokens(io.StringIO(source).readline)
             if tok.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                texts.append((node.body[0].lineno, docstring))
    return texts


def _texts(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return _python_texts(source)
    if path.suffix == ".md":  # the README: all of it
        return list(enumerate(source.splitlines(), 1))
    return [(source.count("\n", 0, m.start()) + 1, m.group(1)) for m in _TEMPLATE_COMMENT.finditer(source)]


def _found(name: str, naming: Path) -> bool:
    if "/" not in name:
        # A module or template named alone is somewhere in the project; a
        # script named alone may be one the build writes (search_index.js).
        return not name.endswith((".py", ".j2")) or name in _NAMES
    return any((folder / name).exists() for folder in (*naming.parents, *_ROOTS))


# The README names the site's files too (the folding table in the site's
# search folder): there, only a path in one of the project's folders, or a
# module named alone, is a file of the project.
_PROJECT_FOLDERS = ("generator/", "tests/", "templates/", "bench/", "site_config/", "overrides/")


def _of_the_project(name: str, naming: Path) -> bool:
    return naming.suffix != ".md" or name.startswith(_PROJECT_FOLDERS) or "/" not in name


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_file_a_comment_names_is_there(path: Path) -> None:
    missing = [f"{path.relative_to(PROJECT)}:{line}: {name}" for line, text in _texts(path)
               for name in _NAMED.findall(text) if _of_the_project(name, path) and not _found(name, path)]
    assert not missing, missing


def test_the_rule_finds_a_path_that_is_not_there(tmp_path: Path) -> None:
    """The check itself: a moved module is caught, a present one is not."""
    naming = tmp_path / "x.py"
    naming.write_text('"""Parsed by generator/reading/parse.py, once by generator/parse.py."""\n'
                      "# see templates/document.md.j2 and mkdocs.yml, not templates/gone.md.j2\n",
                      encoding="utf-8")
    names = [name for _, text in _texts(naming) for name in _NAMED.findall(text)]
    assert names == ["templates/document.md.j2", "mkdocs.yml", "templates/gone.md.j2",
                     "generator/reading/parse.py", "generator/parse.py"]
    assert [name for name in names if not _found(name, PROJECT / "tests" / "x.py")] == [
        "templates/gone.md.j2", "generator/parse.py"]

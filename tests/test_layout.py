"""The package is the pipeline: imports point one way, from publishing down
to the model (README, "How it is built"). Read from the source files' own
import statements, not from any list the code keeps."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
# Lowest first; "" is the package root (model, ids, errors, files, catalogue).
STAGES = ["", "grammar", "reading", "corpus", "rendering", "search", "publishing"]
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


def _stage(parts: list[str]) -> str:
    return parts[0] if len(parts) > 1 and (PACKAGE / parts[0]).is_dir() else ""


def _imported(path: Path) -> list[tuple[int, list[str]]]:
    """(line, module path inside the package) of each relative import."""
    here = list(path.relative_to(PACKAGE).parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[: len(here) - (node.level - 1)]
            found.append((node.lineno, base + (node.module or "").split(".")))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            assert not (module or "").startswith("generator"), f"{path}:{node.lineno}: absolute import of the package"
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_stage_imports_a_later_one(path: Path) -> None:
    stage = _stage(list(path.relative_to(PACKAGE).parts))
    for line, target in _imported(path):
        wanted = _stage(target)
        if wanted == stage:
            continue
        where = f"{path.relative_to(PACKAGE)}:{line} imports {'.'.join(target)}"
        if "cache" in (stage, wanted):
            # The cache is applied from outside: only the pipeline asks it,
            # and it knows nothing of the stages.
            assert (stage, wanted) in (("publishing", "cache"), ("cache", "")), where
        else:
            assert STAGES.index(wanted) < STAGES.index(stage), where


def test_every_stage_folder_is_a_documented_package() -> None:
    for folder in [p for p in PACKAGE.iterdir() if p.is_dir() and p.name not in ("assets", "__pycache__")]:
        init = folder / "__init__.py"
        assert init.is_file() and ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), folder


def test_tests_mirror_the_stages() -> None:
    tests = Path(__file__).resolve().parent
    for folder in [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]:
        assert list((tests / folder.name).glob("test_*.py")), f"no tests/{folder.name}/ for generator/{folder.name}/"


READING_LIMIT = 50  # lines of one function in the reading stage (issue 17)


@pytest.mark.parametrize("path", sorted((PACKAGE / "reading").glob("*.py")), ids=lambda p: p.name)
def test_no_function_of_the_reading_stage_is_over_fifty_lines(path: Path) -> None:
    """Measured from the source with ast: the def line to the last line of its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > READING_LIMIT]
    assert not long, f"{path.relative_to(PACKAGE)}: {', '.join(long)}"

"""No function of the project is longer than a screen.

radon (``radon cc -n D``) keeps each function's branching low; it does not see a function
that is long and straight. This reads the source: a function (or method) of more than
MAX_LINES lines, from its ``def`` to its last line (docstring included), fails here, so it
is split into named steps while it is still easy to. Migrations are generated, and a
function that only returns a literal table of data may stay long: it is listed below.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("aalco", "resolutions", "memberstates")
MAX_LINES = 60

#: Functions that are data, not logic: one literal table, read as one.
DATA_TABLES = {"resolutions/services/demo_scenario.py:_open_cycle_reports"}


def long_functions(source: str, *, limit: int = MAX_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, length) of each function in `source` longer than `limit` lines."""
    return [
        (node.name, node.lineno, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > limit
    ]


def project_modules() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    ]


def _method(name: str, lines: int) -> str:
    return f"    async def {name}(self):\n" + "".join(
        f"        x = {n}\n" for n in range(lines - 1)
    )


def test_the_check_sees_a_long_function():
    source = f"class A:\n{_method('fits', MAX_LINES)}{_method('long', MAX_LINES + 1)}"
    assert long_functions(source) == [("long", MAX_LINES + 2, MAX_LINES + 1)]


def test_no_function_is_over_sixty_lines():
    modules = project_modules()
    assert len(modules) > 50  # the walk found the project
    found = []
    for path in modules:
        relative = path.relative_to(ROOT).as_posix()
        for name, line, length in long_functions(path.read_text(encoding="utf-8")):
            if f"{relative}:{name}" not in DATA_TABLES:
                found.append(f"{relative}:{line} {name}: {length} lines")
    assert not found, (
        f"Functions over {MAX_LINES} lines (split them into named helpers):\n" + "\n".join(found)
    )


def test_the_data_tables_listed_still_exist():
    """An entry left behind after its function went would let a new one of that name in."""
    present = {
        f"{path.relative_to(ROOT).as_posix()}:{node.name}"
        for path in project_modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    assert not DATA_TABLES - present

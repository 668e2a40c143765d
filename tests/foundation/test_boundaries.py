"""Views reach the database only through selectors and services.

import-linter (`lint-imports`, contracts in pyproject.toml) checks which module imports
which; it cannot see a view calling `Model.objects` on a model it may import for a type or
a form. This reads the views' source: a manager (`.objects`, `._default_manager`) or the
query vocabulary (`django.db.models`) in a view module fails here, so a query that grows in
a view is moved to a selector (reads) or a service (writes), where query counts are tested.
The API's viewsets are left out: DRF declares their querysets on the class by design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VIEW_MODULES = [ROOT / "aalco" / "views.py", *sorted((ROOT / "resolutions" / "views").glob("*.py"))]
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def orm_uses(source: str) -> list[str]:
    """Each line of `source` that uses a model manager or imports django.db.models."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.ImportFrom) and (
            node.module == "django.db.models"
            or (node.module or "").startswith("django.db.models.")
            or (node.module == "django.db" and any(a.name == "models" for a in node.names))
        ):
            found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Import) and any(
            a.name.startswith("django.db.models") for a in node.names
        ):
            found.append(f"line {node.lineno}: import django.db.models")
    return found


def test_the_check_sees_a_manager_and_the_query_vocabulary():
    sample = (
        "from django.db.models import Q\n"
        "from django.db import models, transaction\n"
        "import django.db.models.functions\n"
        "def page(request):\n"
        "    return Session.objects.filter(Q(number=1)), Session._default_manager\n"
    )
    assert len(orm_uses(sample)) == 5
    assert orm_uses("def page(request):\n    return reminder_log(page=1).objects\n")


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_views_query_through_selectors_and_services(path):
    assert orm_uses(path.read_text()) == [], "move these queries to a selector or a service"

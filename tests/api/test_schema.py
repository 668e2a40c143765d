"""The OpenAPI schema: committed, in step with the code, and what the server answers keeps to
it (schemathesis against a live server, with a focal point's and a secretariat token)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from aalco.tokens import create_api_token

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


# Integer bounds come from the database backend (SQLite: 64 bits; PostgreSQL: each column's
# own size): they are left out of the comparison, everything else must match.
_DB_BOUNDS = re.compile(r"^\s*(?:(?:maximum|minimum): -?\d+|format: int64)\n", re.M)


def _without_db_bounds(text: str) -> str:
    return _DB_BOUNDS.sub("", text)


def test_committed_schema_matches_the_code():
    generated = OpenApiYamlRenderer().render(
        SchemaGenerator().get_schema(request=None, public=True)
    )
    assert _without_db_bounds(generated.decode()) == _without_db_bounds(
        COMMITTED.read_text(encoding="utf-8")
    ), (
        "docs/openapi.yaml is out of date: run "
        "`DEBUG=true python manage.py spectacular --file docs/openapi.yaml`"
    )


schema = schemathesis.openapi.from_path(str(COMMITTED))


@pytest.fixture
def tokens(focal_a, officer, seed_resolution):
    return {
        "focal point": create_api_token(user=focal_a, name="schemathesis")[1],
        "secretariat": create_api_token(user=officer, name="schemathesis")[1],
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["focal point", "secretariat"])
@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_keeps_to_its_schema(case, who, tokens, live_server, reference_data):
    # No 5xx, and every documented answer keeps to its schema. Error statuses the schema
    # does not list one by one (400, 404, 405) are not failures in themselves.
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Token {tokens[who]}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )

"""Bad input always gets a clear answer, never a 500: every page of the app, GET and POST,
with junk (NUL bytes, impossible dates, unknown choices, foreign ids) for every persona."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from memberstates.models import FocalPoint, MemberState
from resolutions.models import AgendaItem, Response, Session
from resolutions.services.agenda import draft_agenda

pytestmark = pytest.mark.django_db

JUNK = dict(
    [
        *[(f, "\x00junk") for f in ("title", "text", "narrative", "comment", "source", "notes")],
        *[(f, "31/31/2031") for f in ("start_date", "end_date", "consent_date", "measure_date")],
        *[(f, "bogus") for f in ("status", "decision", "treaty_action", "consent_type", "role")],
        ("number", "fifty"),
        ("year", "-3"),
        ("email", "not an address"),
        ("direction", "sideways"),
        ("version", "abc"),
        ("expected_version", "abc"),
        ("symbol", "\x00"),
        ("session", "999"),
        ("member_state", "ZZZ"),
        ("password1", "x"),
        ("password2", "y"),
    ]
)


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


@pytest.fixture
def world(seed_resolution, focal_a, focal_b, officer):
    """A report of India, an agenda for the 53rd session, and ids of every kind."""
    para3 = seed_resolution.paragraphs.get(kind="operative", number=3)
    response = Response.objects.create(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=para3,
        cycle=para3.resolution.session,
    )
    draft_agenda(session=Session.objects.get(number=53))
    return {
        "int": {
            "number": 53,
            "pk": seed_resolution.pk,
            "paragraph_id": para3.pk,
        },
        "item": AgendaItem.objects.filter(session__number=53).first().pk,
        "focal_point": FocalPoint.objects.filter(user=focal_a).get().pk,
        "uuid": [response.pk, uuid.uuid4()],
    }


def _urls(world) -> list[str]:
    urls = []
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/")) or "<uidb64>" in route:
            continue
        url = "/" + route
        if "focal-points/<int:pk>" in url:
            url = url.replace("<int:pk>", str(world["focal_point"]))
        elif "items/<int:pk>" in url:
            url = url.replace("<int:pk>", str(world["item"]))
        for name, value in world["int"].items():
            url = url.replace(f"<int:{name}>", str(value))
        url = url.replace("<iso3:iso3>", "IND").replace("<code:treaty>", "ICMW")
        url = url.replace("<str:fmt>", "csv").replace("<slug:fmt>", "json")
        if "<uuid:" in url:
            head, rest = url.split("<uuid:", 1)
            tail = rest.split(">", 1)[1]
            urls.extend(f"{head}{value}{tail}" for value in world["uuid"])
        else:
            urls.append(url)
    return urls


@pytest.mark.parametrize("persona", ["officer", "observer", "focal_a", "focal_b", None])
def test_no_page_answers_500_to_junk(request, client_for, world, persona):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    urls = _urls(world)
    assert len(urls) > 50
    for url in urls:
        for response in (
            client.get(url),
            client.get(url, {"page": "x", "sort": "\x00", "cycle": "abc", "map": "<script>"}),
            client.post(url, {}),
            client.post(url, JUNK),
        ):
            assert response.status_code < 500, (url, response.status_code)


ODD_INPUT = [
    ("get", "/states/%00/", {}),
    ("get", "/states/IND/treaties/%00/", {}),
    ("get", "/reminders/states/%00/preview/", {}),
    ("get", "/api/member-states/%00/", {}),
    ("get", "/accounts/focal-points/", {"state": "\x00"}),
    ("post", "/my/notifications/", {"notification": "not-a-uuid"}),
]


@pytest.mark.parametrize(("method", "url", "data"), ODD_INPUT)
@pytest.mark.parametrize("persona", ["officer", "observer", "focal_a", None])
def test_odd_input_is_refused_before_the_database(request, client_for, method, url, data, persona):
    """A NUL byte or a non-UUID never reaches a query (PostgreSQL would raise: a 500)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(request.getfixturevalue(persona) if persona else None)
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code < 500, (url, response.status_code)
    for query in queries.captured_queries:
        assert "\x00" not in query["sql"] and "not-a-uuid" not in query["sql"], query["sql"]

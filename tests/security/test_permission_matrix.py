"""Every URL pattern × every role, GET and POST.

The patterns come from the resolver itself, recursively: a URL added to the project without
an entry in ``MATRIX`` fails ``test_every_url_pattern_has_an_entry``, so nobody can ship a
page whose access nobody decided. Path parameters are filled with real objects of India
(the state of ``focal_a``): the focal point of the Philippines (``focal_b``) must get a 404
(or 403) on each of them. No cell may answer 500.

Outcomes: ``ok`` (the role is served: 2xx, a redirect that is not to the login, or 400/409
for an empty form), ``login`` (302 to the sign-in), ``403``, ``404``, ``405`` (method not
allowed), ``portal`` (302 to the focal point's portal, docs/ARCHITECTURE.md, Roles).
"""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver

from memberstates.models import FocalPoint, MemberState
from memberstates.services.invitations import invite_focal_point
from resolutions.models import AgendaItem, Session
from resolutions.services.agenda import draft_agenda
from resolutions.services.attachments import add_attachment
from resolutions.services.responses import ResponseContent, submit_response

from ..portal.conftest import make_pdf

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "observer", "focal_a", "focal_b", "officer")

# Rows give the outcome for (anonymous, observer, focal_a, focal_b, officer).
PUBLIC = ("ok", "ok", "ok", "ok", "ok")
SIGNED_IN = ("login", "ok", "ok", "ok", "ok")
STAFF = ("login", "ok", "403", "403", "ok")
SECRETARIAT = ("login", "403", "403", "403", "ok")
#: secretariat_required outside require_POST: the role is checked before the method.
SECRETARIAT_POST_ONLY = ("login", "403", "403", "403", "405")
POST_ONLY = ("405",) * 5
GET_ONLY = ("405",) * 5
SIGNED_IN_GET_ONLY = ("login", "405", "405", "405", "405")
#: Signing out always ends on the sign-in page.
SIGN_OUT = ("login",) * 5
#: Where a signed-in user starts: staff on the dashboard, a focal point in its portal.
START = ("login", "ok", "portal", "portal", "ok")
#: India's own objects: India's focal point is served, the Philippines' gets a 404.
INDIA = ("login", "403", "ok", "404", "403")
FOCAL_POINT = ("login", "403", "ok", "ok", "403")
#: Staff read it; a focal point reads its part in the portal (both states concerned).
STAFF_OR_PORTAL = ("login", "ok", "portal", "portal", "ok")
#: Staff read it; India's focal point reads it in its portal, the Philippines' gets a 404.
STAFF_OR_INDIAS_PORTAL = ("login", "ok", "portal", "404", "ok")
# The API asks a visitor for credentials (401 with `WWW-Authenticate: Token`).
API_ANY = ("401", "ok", "ok", "ok", "ok")
API_INDIA = ("401", "ok", "ok", "404", "ok")
API_READ_ONLY_POST = ("401", "405", "405", "405", "405")
API_STAFF = ("401", "ok", "403", "403", "ok")
API_FOCAL_POINTS = ("401", "403", "ok", "ok", "403")
#: Focal points write their own state's reports; staff review on the web.
API_FOCAL_WRITE_INDIA = ("401", "403", "ok", "404", "403")
API_NO_SUCH_METHOD_STAFF_403 = ("401", "403", "405", "405", "403")
TOKEN_REVOKE = ("login", "404", "404", "404", "404")
#: The document itself has no other format than Akoma Ntoso: `.json` is not found.
NO_SUCH_FORMAT = ("404",) * 5
SECRETARIAT_GET_405 = ("login", "403", "403", "403", "405")
API_STAFF_POST = ("401", "405", "403", "403", "405")
#: A rendered PDF that does not exist (the world renders none): 404 to staff, 403 to others.
STAFF_NO_SUCH_JOB = ("login", "404", "403", "403", "404")
#: The world has no reminder: the staff's lookup finds nothing, focal points are refused first.
API_STAFF_NO_OBJECT = ("401", "404", "403", "403", "404")

#: route (as the resolver spells it) -> (GET row, POST row)
MATRIX: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "": (STAFF, STAFF),
    "cycles/<int:number>/next-session/": (SECRETARIAT, SECRETARIAT),
    "start/": (START, START),
    "robots.txt": (PUBLIC, GET_ONLY),
    # Sign-in and accounts (the second factor's pages belong to their own tests).
    "accounts/login/": (PUBLIC, PUBLIC),
    "accounts/logout/": (POST_ONLY, SIGN_OUT),
    "accounts/invitation/<uuid:token>/": (PUBLIC, PUBLIC),
    "accounts/two-factor/setup/": (SIGNED_IN, SIGNED_IN),
    "accounts/two-factor/verify/": (SIGNED_IN, SIGNED_IN),
    "accounts/two-factor/": (SIGNED_IN, SIGNED_IN),
    "accounts/two-factor/confirm/": (SIGNED_IN, SIGNED_IN),
    "accounts/two-factor/devices/<int:pk>/remove/": (POST_ONLY, SIGNED_IN),
    "accounts/two-factor/recovery-codes/": (SIGNED_IN, SIGNED_IN),
    "accounts/two-factor/recovery-codes/new/": (POST_ONLY, SIGNED_IN),
    "accounts/password_change/": (SIGNED_IN, SIGNED_IN),
    "accounts/password_change/done/": (SIGNED_IN, SIGNED_IN_GET_ONLY),
    "accounts/password_reset/": (PUBLIC, PUBLIC),
    "accounts/password_reset/done/": (PUBLIC, GET_ONLY),
    "accounts/reset/<uidb64>/<token>/": (PUBLIC, PUBLIC),
    "accounts/reset/done/": (PUBLIC, GET_ONLY),
    "accounts/focal-points/": (SECRETARIAT, SECRETARIAT),
    "accounts/focal-points/invite/": (SECRETARIAT, SECRETARIAT),
    "accounts/focal-points/<int:pk>/hand-over/": (SECRETARIAT, SECRETARIAT),
    "accounts/focal-points/<int:pk>/deactivate/": (POST_ONLY, SECRETARIAT),
    "accounts/focal-points/<int:pk>/resend/": (POST_ONLY, SECRETARIAT),
    "accounts/focal-points/<int:pk>/send-again/": (POST_ONLY, SECRETARIAT),
    "accounts/focal-points/<int:pk>/reactivate/": (POST_ONLY, SECRETARIAT),
    # Resolutions and states.
    "resolutions/import/": (SECRETARIAT, SECRETARIAT),
    "resolutions/": (STAFF_OR_PORTAL, STAFF_OR_PORTAL),
    "resolutions/download/<str:fmt>/": (STAFF, STAFF),
    "resolutions/<int:pk>/": (STAFF_OR_PORTAL, STAFF_OR_PORTAL),
    "states/": (STAFF_OR_PORTAL, STAFF_OR_PORTAL),
    "states/<iso3:iso3>/": (STAFF_OR_INDIAS_PORTAL, STAFF_OR_INDIAS_PORTAL),
    "states/<iso3:iso3>/treaties/<code:treaty>/": (SECRETARIAT, SECRETARIAT),
    # The secretariat's review.
    "responses/": (STAFF, STAFF),
    "responses/<uuid:pk>/": (STAFF, STAFF),
    "responses/<uuid:pk>/review/": (POST_ONLY, SECRETARIAT),
    "responses/<uuid:pk>/confirm-ratification/": (POST_ONLY, SECRETARIAT),
    "responses/<uuid:pk>/confirm-ratification/<code:treaty>/": (POST_ONLY, SECRETARIAT),
    "responses/attachments/<uuid:pk>/": (STAFF, STAFF),
    # The focal point's portal.
    "my/": (FOCAL_POINT, FOCAL_POINT),
    "my/notifications/": (FOCAL_POINT, FOCAL_POINT),
    "my/paragraphs/<int:paragraph_id>/respond/": (INDIA, INDIA),
    "my/responses/<uuid:pk>/": (INDIA, INDIA),
    "my/responses/<uuid:pk>/edit/": (INDIA, INDIA),
    "my/responses/<uuid:pk>/submit/": (POST_ONLY, INDIA),
    "my/responses/<uuid:pk>/receipt/": (INDIA, INDIA),
    "my/responses/<uuid:pk>/attachments/": (POST_ONLY, INDIA),
    "my/attachments/<uuid:pk>/": (INDIA, INDIA),
    "my/attachments/<uuid:pk>/delete/": (POST_ONLY, INDIA),
    # Reminders.
    "reminders/": (STAFF, STAFF),
    "reminders/schedule/": (STAFF, STAFF),
    "reminders/states/<iso3:iso3>/preview/": (STAFF, STAFF),
    "reminders/states/<iso3:iso3>/pause/": (SECRETARIAT_POST_ONLY, SECRETARIAT),
    "reminders/states/<iso3:iso3>/resume/": (SECRETARIAT_POST_ONLY, SECRETARIAT),
    "reminders/states/<iso3:iso3>/send/": (SECRETARIAT_POST_ONLY, SECRETARIAT),
    # Sessions and the agenda.
    "sessions/": (STAFF, STAFF),
    "sessions/<int:number>/agenda/": (STAFF, STAFF),
    "sessions/<int:number>/agenda/print/": (STAFF, STAFF),
    "sessions/<int:number>/agenda/export/<slug:fmt>/": (STAFF, STAFF),
    "sessions/<int:number>/agenda/items/add/": (POST_ONLY, SECRETARIAT),
    "sessions/<int:number>/agenda/items/defaults/": (POST_ONLY, SECRETARIAT),
    "sessions/<int:number>/agenda/items/<int:pk>/": (SECRETARIAT, SECRETARIAT),
    "sessions/<int:number>/agenda/items/<int:pk>/move/": (POST_ONLY, SECRETARIAT),
    "sessions/<int:number>/agenda/items/<int:pk>/remove/": (POST_ONLY, SECRETARIAT),
    # The API (read-only).
    "api/schema/": (API_ANY, API_READ_ONLY_POST),
    "api/docs/": (API_ANY, API_READ_ONLY_POST),
    "api/": (API_ANY, API_READ_ONLY_POST),
    "api/<drf_format_suffix:format>": (API_ANY, API_READ_ONLY_POST),
    "api/^resolutions/$": (API_ANY, API_READ_ONLY_POST),
    "api/^resolutions\\.(?P<format>[a-z0-9]+)/?$": (API_ANY, API_READ_ONLY_POST),
    "api/^resolutions/(?P<pk>[^/.]+)/$": (API_ANY, API_READ_ONLY_POST),
    "api/^resolutions/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": (API_ANY, API_READ_ONLY_POST),
    "api/^member-states/$": (API_ANY, API_READ_ONLY_POST),
    "api/^member-states\\.(?P<format>[a-z0-9]+)/?$": (API_ANY, API_READ_ONLY_POST),
    "api/^member-states/(?P<iso3>[A-Z]{3})/$": (API_INDIA, API_READ_ONLY_POST),
    "api/^member-states/(?P<iso3>[A-Z]{3})\\.(?P<format>[a-z0-9]+)/?$": (
        API_INDIA,
        API_READ_ONLY_POST,
    ),
    "api/^responses/$": (API_ANY, API_FOCAL_POINTS),
    "api/^responses\\.(?P<format>[a-z0-9]+)/?$": (API_ANY, API_FOCAL_POINTS),
    "api/^responses/(?P<pk>[^/.]+)/$": (API_INDIA, API_NO_SUCH_METHOD_STAFF_403),
    "api/^responses/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": (
        API_INDIA,
        API_NO_SUCH_METHOD_STAFF_403,
    ),
    "api/^responses/(?P<pk>[^/.]+)/attachments/$": (API_READ_ONLY_POST, API_FOCAL_WRITE_INDIA),
    "api/^responses/(?P<pk>[^/.]+)/attachments\\.(?P<format>[a-z0-9]+)/?$": (
        API_READ_ONLY_POST,
        API_FOCAL_WRITE_INDIA,
    ),
    "api/^responses/(?P<pk>[^/.]+)/attachments/(?P<attachment_id>[0-9a-f-]{36})/$": (
        API_READ_ONLY_POST,
        API_NO_SUCH_METHOD_STAFF_403,
    ),
    "api/^responses/(?P<pk>[^/.]+)/attachments/(?P<attachment_id>[0-9a-f-]{36})"
    "\\.(?P<format>[a-z0-9]+)/?$": (API_READ_ONLY_POST, API_NO_SUCH_METHOD_STAFF_403),
    "api/^responses/(?P<pk>[^/.]+)/versions/$": (API_INDIA, API_NO_SUCH_METHOD_STAFF_403),
    "api/^responses/(?P<pk>[^/.]+)/versions\\.(?P<format>[a-z0-9]+)/?$": (
        API_INDIA,
        API_NO_SUCH_METHOD_STAFF_403,
    ),
    "api/^resolutions/(?P<pk>[^/.]+)/akoma-ntoso/$": (API_ANY, API_READ_ONLY_POST),
    "api/^resolutions/(?P<pk>[^/.]+)/akoma-ntoso\\.(?P<format>[a-z0-9]+)/?$": (
        NO_SUCH_FORMAT,
        NO_SUCH_FORMAT,
    ),
    "api/^sessions/$": (API_ANY, API_READ_ONLY_POST),
    "api/^sessions\\.(?P<format>[a-z0-9]+)/?$": (API_ANY, API_READ_ONLY_POST),
    "api/^sessions/(?P<number>[0-9]+)/$": (API_ANY, API_READ_ONLY_POST),
    "api/^sessions/(?P<number>[0-9]+)\\.(?P<format>[a-z0-9]+)/?$": (API_ANY, API_READ_ONLY_POST),
    "api/^sessions/(?P<number>[0-9]+)/agenda/$": (API_STAFF, API_STAFF_POST),
    "api/^sessions/(?P<number>[0-9]+)/agenda\\.(?P<format>[a-z0-9]+)/?$": (
        API_STAFF,
        API_STAFF_POST,
    ),
    "api/^reminders/$": (API_STAFF, API_STAFF_POST),
    "api/^reminders\\.(?P<format>[a-z0-9]+)/?$": (API_STAFF, API_STAFF_POST),
    "api/^reminders/(?P<pk>[^/.]+)/$": (API_STAFF_NO_OBJECT, API_STAFF_POST),
    "api/^reminders/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$": (
        API_STAFF_NO_OBJECT,
        API_STAFF_POST,
    ),
    "api/owed/": (API_FOCAL_POINTS, API_READ_ONLY_POST),
    # API tokens, the language, translations, treaties, follow-up across the years.
    "accounts/api-tokens/": (SIGNED_IN, SIGNED_IN),
    "accounts/api-tokens/<int:token_id>/revoke/": (SIGNED_IN_GET_ONLY, TOKEN_REVOKE),
    "language/": (POST_ONLY, PUBLIC),
    "resolutions/<int:pk>/translations/": (SECRETARIAT, SECRETARIAT),
    "resolutions/<int:pk>/translations/<str:language>/remove/": (SECRETARIAT_GET_405, SECRETARIAT),
    "treaties/": (STAFF, STAFF),
    "treaties/load/": (SECRETARIAT, SECRETARIAT),
    "treaties/<code:short_name>/": (STAFF, STAFF),
    "history/": (STAFF, STAFF),
    "responses/download/<str:fmt>/": (STAFF, STAFF),
    "sessions/<int:number>/agenda/pdf/": (POST_ONLY, STAFF),
    "sessions/<int:number>/agenda/pdf/status/": (STAFF, STAFF),
    "sessions/<int:number>/agenda/pdf/<uuid:job_id>/": (STAFF_NO_SUCH_JOB, STAFF_NO_SUCH_JOB),
    "reminders/bulk/": (SECRETARIAT_GET_405, SECRETARIAT),
    "resolutions/<int:pk>/paragraphs/<int:number>/download/<str:fmt>/": (STAFF, STAFF),
    "resolutions/<int:pk>/paragraphs/<int:number>/remind/": (POST_ONLY, SECRETARIAT),
    # Resolutions and sessions managed in the app.
    "resolutions/<int:pk>/edit/": (SECRETARIAT, SECRETARIAT),
    "resolutions/<int:pk>/paragraphs/<int:paragraph_pk>/edit/": (SECRETARIAT, SECRETARIAT),
    "resolutions/<int:pk>/reimport/": (SECRETARIAT, SECRETARIAT),
    "resolutions/<int:pk>/withdraw/": (SECRETARIAT, SECRETARIAT),
    "resolutions/<int:pk>/restore/": (POST_ONLY, SECRETARIAT),
    "sessions/add/": (SECRETARIAT, SECRETARIAT),
    "sessions/<int:number>/edit/": (SECRETARIAT, SECRETARIAT),
}
#: Django's admin: its own login (staff accounts only); its patterns are Django's.
ADMIN_PREFIX = "admin/"


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def all_routes() -> list[str]:
    return sorted(set(_routes(get_resolver().url_patterns)))


def test_every_url_pattern_has_an_entry():
    routes = [r for r in all_routes() if not r.startswith(ADMIN_PREFIX)]
    missing = [r for r in routes if r not in MATRIX]
    assert not missing, (
        "These URL patterns have no entry in tests/security/test_permission_matrix.py "
        f"MATRIX: decide who may GET and POST them: {missing}"
    )
    stale = [r for r in MATRIX if r not in routes]
    assert not stale, f"MATRIX names URL patterns that no longer exist: {stale}"


def test_a_url_without_an_entry_makes_the_matrix_fail(settings):
    settings.ROOT_URLCONF = "tests.security.urls_with_a_new_page"
    with pytest.raises(AssertionError, match="brand-new/<int:pk>/"):
        test_every_url_pattern_has_an_entry()


@pytest.fixture
def in_cycle_52():
    """Inside the cycle the seed resolution opened, so its next session can be set."""
    from ..workspace.conftest import IN_CYCLE_52

    with time_machine.travel(IN_CYCLE_52, tick=False):
        yield


@pytest.fixture
def world(in_cycle_52, seed_resolution, focal_a, focal_b, officer):
    """India's report (submitted, with a document), a pending invitation, an agenda."""
    india = MemberState.objects.get(iso3="IND")
    paragraph = seed_resolution.paragraphs.get(kind="operative", number=3)  # not to PHL
    report = submit_response(
        member_state=india,
        paragraph=paragraph,
        content=ResponseContent(treaty_action="under_consideration", narrative="Under study."),
        user=focal_a,
        expected_version=None,
    )
    attachment = add_attachment(
        response=report, upload=SimpleUploadedFile("note.pdf", make_pdf()), user=focal_a
    )
    invitation = invite_focal_point(
        member_state=india,
        email="alternate.india@example.org",
        name="Alternate",
        role=FocalPoint.Role.ALTERNATE,
        invited_by=officer,
    )
    # Officer-only actions with side effects get their own people: a deactivation must not
    # take away the focal point that the hand-over page is about.
    to_deactivate = invite_focal_point(
        member_state=MemberState.objects.get(iso3="MYS"),
        email="someone.malaysia@example.org",
        name="Someone",
        role=FocalPoint.Role.MAIN,
        invited_by=officer,
    )
    to_resend = invite_focal_point(
        member_state=MemberState.objects.get(iso3="JPN"),
        email="someone.japan@example.org",
        name="Someone",
        role=FocalPoint.Role.MAIN,
        invited_by=officer,
    )
    draft_agenda(session=Session.objects.get(number=53))
    return {
        "cycle": str(paragraph.resolution.session.number),
        "number": "53",
        "pk:pending": str(to_resend.focal_point_id),
        "pk:to_deactivate": str(to_deactivate.focal_point_id),
        "pk:resolution": str(seed_resolution.pk),
        "pk:focal_point": str(FocalPoint.objects.get(user=focal_a).pk),
        "pk:item": str(AgendaItem.objects.filter(session__number=53).first().pk),
        "pk:response": str(report.pk),
        "pk:attachment": str(attachment.pk),
        "paragraph_id": str(paragraph.pk),
        "token": str(invitation.pk),
    }


def concrete(route: str, world: dict[str, str]) -> str:
    """The route with its parameters filled by India's objects."""
    if "attachments/<uuid:pk>" in route:
        pk = world["pk:attachment"]
    elif "focal-points/<int:pk>/deactivate" in route:
        pk = world["pk:to_deactivate"]
    elif "focal-points/<int:pk>/resend" in route or "focal-points/<int:pk>/send-again" in route:
        pk = world["pk:pending"]
    elif "focal-points/<int:pk>" in route:
        pk = world["pk:focal_point"]
    elif "items/<int:pk>" in route:
        pk = world["pk:item"]
    elif "<uuid:pk>" in route or "responses/(?P<pk>" in route:
        pk = world["pk:response"]
    else:
        pk = world["pk:resolution"]
    url = "/" + route
    for old, new in [
        ("cycles/<int:number>", "cycles/" + world["cycle"]),
        ("paragraphs/<int:number>", "paragraphs/3"),
        ("<int:number>", world["number"]),
        ("<int:paragraph_id>", world["paragraph_id"]),
        ("<int:paragraph_pk>", world["paragraph_id"]),
        ("<uuid:token>", world["token"]),
        ("<uidb64>/<token>", "MQ/set-password"),
        ("<iso3:iso3>", "IND"),
        ("<code:treaty>", "ICMW"),
        ("<str:fmt>", "csv"),
        ("<slug:fmt>", "json"),
        ("<drf_format_suffix:format>", ".json"),
        ("<int:pk>", pk),
        ("<uuid:pk>", pk),
        ("\\.(?P<format>[a-z0-9]+)/?$", ".json"),
        ("(?P<pk>[^/.]+)", pk),
        ("(?P<attachment_id>[0-9a-f-]{36})", world["pk:attachment"]),
        ("(?P<number>[0-9]+)", world["number"]),
        ("<int:token_id>", world["pk:resolution"]),
        ("<str:language>", "ar"),
        ("<uuid:job_id>", "00000000-0000-0000-0000-000000000000"),
        ("<code:short_name>", "ICMW"),
        ("(?P<iso3>[A-Z]{3})", "IND"),
    ]:
        url = url.replace(old, new)
    return url.replace("^", "").replace("$", "")


def _close(response) -> None:
    """Close a download's file without ``request_finished`` closing the test's connection
    (as Django's test client does: a connection inside a test transaction looks obsolete)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def outcome(response) -> str:
    code = response.status_code
    location = response.get("Location", "")
    if code == 302 and "/accounts/login/" in location:
        return "login"
    if code == 302 and location == "/my/":
        return "portal"
    if code in (403, 404, 405):
        return str(code)
    if code < 400 or code in (400, 409):
        return "ok"
    return str(code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_role_as_the_matrix_says(
    request, client_for, world, persona, settings
):
    settings.AXES_ENABLED = False  # the sign-in posts below are not attacks
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    column = PERSONAS.index(persona)
    wrong = []
    for route in all_routes():
        if route.startswith(ADMIN_PREFIX):
            continue
        url = concrete(route, world)
        get_row, post_row = MATRIX[route]
        for method, row in (("get", get_row), ("post", post_row)):
            client = client_for(user)  # fresh: a logout must not change the next request
            response = getattr(client, method)(url)
            _close(response)
            assert response.status_code < 500, (persona, method, url)
            got = outcome(response)
            if got != row[column]:
                wrong.append(f"{method.upper()} {url}: expected {row[column]}, got {got}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_lets_in_only_staff_accounts(request, client_for, reference_data, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = client_for(user).get("/admin/")
    assert response.status_code < 500
    if user is None or not user.is_staff:
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_cross_state_objects_are_all_covered(world):
    """Every India-only object in the matrix is a 404 or 403 for the Philippines."""
    for route, (get_row, post_row) in MATRIX.items():
        if get_row in (INDIA, API_INDIA, STAFF_OR_INDIAS_PORTAL):
            assert get_row[PERSONAS.index("focal_b")] in ("403", "404"), route
        if post_row in (INDIA, API_INDIA, STAFF_OR_INDIAS_PORTAL):
            assert post_row[PERSONAS.index("focal_b")] in ("403", "404"), route

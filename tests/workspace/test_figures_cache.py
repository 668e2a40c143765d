"""The dashboard's and the portal's figures are cached, and never shown stale after a write."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from memberstates.models import MemberState, Treaty
from memberstates.services.parties import update_treaty_status
from resolutions.figures_cache import _raise_version, figures_version
from resolutions.models import Notification, Response, Topic
from resolutions.services.responses import ResponseContent, submit_response


@pytest.fixture
def cached(settings):
    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _commit_fixtures() -> None:
    """The fixtures' writes as if committed: a test's transaction never is, and the version
    is raised once per transaction (the raise pending since would swallow the test's)."""
    pending = [c for c in connection.run_on_commit if c[1] is _raise_version]
    connection.run_on_commit = [c for c in connection.run_on_commit if c not in pending]
    for _sids, func, _robust in pending:
        func()


def _get(client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def _submit(focal, iso3: str, paragraph, words: str, **content) -> Response:
    return submit_response(
        member_state=MemberState.objects.get(iso3=iso3),
        paragraph=paragraph,
        content=ResponseContent(narrative=words, **content),
        user=focal,
        expected_version=None,
    )


def test_the_dashboard_is_computed_once_then_again_after_a_report(
    cached,
    client_for,
    officer,
    india_report,
    focal_a,
    paragraph_3,
    django_capture_on_commit_callbacks,
):
    _commit_fixtures()
    client = client_for(officer)
    first, computed = _get(client, "/?map=reporting")
    assert 'data-iso3="IND" data-category="partial"' in first
    again, served = _get(client, "/?map=reporting")
    # The same figures; the page around them (CSRF token, nonce) is the request's own.
    assert _main(again) == _main(first) and again != first
    assert served < computed - 5  # the session, the account and the version only
    with django_capture_on_commit_callbacks(execute=True):
        _submit(
            focal_a,
            "IND",
            paragraph_3,
            "The ICMW is before parliament.",
            treaty_action="under_consideration",
        )
    after, recomputed = _get(client, "/?map=reporting")
    assert 'data-iso3="IND" data-category="done"' in after
    assert recomputed == computed


def test_a_treaty_status_change_shows_at_once(
    cached, client_for, officer, seed_resolution, in_cycle_52, django_capture_on_commit_callbacks
):
    _commit_fixtures()
    client = client_for(officer)
    assert 'data-iso3="IND" data-category="no_action"' in _get(client, "/")[0]
    with django_capture_on_commit_callbacks(execute=True):
        update_treaty_status(
            member_state=MemberState.objects.get(iso3="IND"),
            treaty=Treaty.objects.get(short_name="ICMW"),
            signature_date=datetime.date(2014, 1, 6),
            consent_date=None,
            consent_type="",
            source="https://treaties.un.org/",
        )
    assert 'data-iso3="IND" data-category="signatory"' in _get(client, "/")[0]


def test_every_write_path_raises_the_version_once_committed(
    seed_resolution, india_report, django_capture_on_commit_callbacks
):
    _commit_fixtures()
    version = figures_version()

    @contextmanager
    def transaction_committed():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        # Run as at a commit (by the capture): the next transaction starts with none pending.
        connection.run_on_commit = [
            c for c in connection.run_on_commit if c[1] is not _raise_version
        ]

    # A bulk update sends no signal: the connection sees it all the same.
    with transaction_committed() as callbacks:
        Response.objects.filter(pk=india_report.pk).update(status=Response.Status.ACCEPTED)
        Response.objects.filter(pk=india_report.pk).update(review_comment="Thank you.")
    assert len(callbacks) == 1  # one per transaction, however many statements
    assert figures_version() == version + 1
    # However the backend spells the write (SQLite: INSERT OR IGNORE INTO).
    with transaction_committed() as callbacks:
        Topic.objects.bulk_create([Topic(name="Cyberspace", slug="cyber")], ignore_conflicts=True)
    assert len(callbacks) == 1 and figures_version() == version + 2
    # A write rolled back raises nothing.
    with transaction_committed() as callbacks:
        try:
            with transaction.atomic():
                Response.objects.filter(pk=india_report.pk).update(review_comment="")
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass
    assert callbacks == [] and figures_version() == version + 2
    # Notifications are not figures: reading one leaves every copy in place.
    with transaction_committed() as callbacks:
        Notification.objects.filter(read_at__isnull=True).update(read_at=None)
    assert callbacks == []
    # The same write committed does raise it.
    with transaction_committed() as callbacks:
        Response.objects.filter(pk=india_report.pk).update(review_comment="")
    assert len(callbacks) == 1 and figures_version() == version + 3


def test_the_portal_keeps_the_states_figures_and_reads_the_persons_notifications(
    cached, client_for, focal_a, paragraph_1, in_cycle_52, django_capture_on_commit_callbacks
):
    _commit_fixtures()
    client = client_for(focal_a)
    first, computed = _get(client, "/my/")
    assert "You have 1 unread notification" not in first
    Notification.objects.create(user=focal_a, subject="A question", body="", link="")
    second, served = _get(client, "/my/")
    assert "You have 1 unread notification" in second and served < computed
    with django_capture_on_commit_callbacks(execute=True):
        _submit(focal_a, "IND", paragraph_1, "A national policy on migrant workers.")
    after, _queries = _get(client, "/my/")
    answered = after.split('id="answered-title"')[1]
    assert "No report yet." in first.split('id="answered-title"')[1]
    assert "No report yet." not in answered


def test_other_parameters_are_never_kept(cached, client_for, officer, seed_resolution, in_cycle_52):
    client = client_for(officer)
    for path in ("/?utm=mail", "/?cycle=nonsense", "/?map=reporting&map=treaty"):
        _first, computed = _get(client, path)
        _again, recomputed = _get(client, path)
        assert recomputed == computed, path
    _first, computed = _get(client, "/?cycle=52&map=reporting")
    _again, served = _get(client, "/?cycle=52&map=reporting")
    assert served < computed


def test_the_states_list_counts_once_then_again_after_a_report(
    cached,
    client_for,
    officer,
    india_report,
    focal_a,
    paragraph_3,
    django_capture_on_commit_callbacks,
):
    """The outstanding reports per state (over every cycle: all the obligations at UN size)
    are counted once per figures version, and counted again after a report."""
    _commit_fixtures()
    client = client_for(officer)

    def india_owes() -> int:
        rows = client.get("/states/").context["browse"].rows
        return next(r for r in rows if r.state.iso3 == "IND").outstanding

    assert india_owes() == 1
    with CaptureQueriesContext(connection) as ctx:
        assert india_owes() == 1
    assert not any("resolutions_obligation" in q["sql"] for q in ctx.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        _submit(
            focal_a,
            "IND",
            paragraph_3,
            "The ICMW is before parliament.",
            treaty_action="under_consideration",
        )
    assert india_owes() == 0

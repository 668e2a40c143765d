"""The agenda pages: secretariat edits, observers read and download, focal points 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resolutions.models import AgendaItem, Session

pytestmark = pytest.mark.django_db


def _url(name: str, *args) -> str:
    return reverse(f"agenda:{name}", args=args)


def _carried(session: Session) -> AgendaItem:
    return session.agenda_items.get(kind="carried")


def test_the_53rd_agenda_page_lists_the_carried_item_with_its_annex(
    agenda53, prepared_day, officer, client_for
):
    response = client_for(officer).get(_url("detail", 53))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Legal Protection of Migrant Workers" in page
    assert "Carried forward by AALCO/RES/52/S 5" in page
    assert "AALCO/53/TEHRAN/2014/S 5" in page
    assert "Paragraph 1: 1 of 47 member states addressed have reported or acted" in page
    assert 'class="map"' in page and 'class="chart"' in page
    for fmt in ("docx", "pdf", "xlsx", "csv", "json"):
        assert _url("export", 53, fmt) in page
    assert _url("move_item", 53, _carried(agenda53).pk) in page


def test_the_sessions_index_shows_each_agendas_status(agenda53, officer, client_for):
    page = client_for(officer).get(_url("index")).content.decode()
    assert "1 item (1 carried forward)" in page
    assert "First session on record" in page
    assert _url("detail", 53) in page


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "csv", "json"])
def test_observers_download_every_format(agenda53, prepared_day, observer, client_for, fmt):
    response = client_for(observer).get(_url("export", 53, fmt))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="aalco-53-provisional-agenda.{fmt}"'
    )
    assert len(response.content) > 500


def test_observers_read_but_do_not_edit(agenda53, observer, client_for):
    client = client_for(observer)
    page = client.get(_url("detail", 53)).content.decode()
    assert "Legal Protection of Migrant Workers" in page
    assert _url("move_item", 53, _carried(agenda53).pk) not in page
    assert "Add a standing item" not in page
    item = _carried(agenda53)
    assert client.post(_url("move_item", 53, item.pk), {"direction": "up"}).status_code == 403
    assert client.post(_url("add_item", 53), {"title": "X", "where": "closing"}).status_code == 403
    assert client.post(_url("add_defaults", 53)).status_code == 403
    assert client.get(_url("edit_item", 53, item.pk)).status_code == 403
    assert client.post(_url("remove_item", 53, item.pk)).status_code == 403
    assert agenda53.agenda_items.count() == 1


def test_focal_points_are_refused_everywhere(agenda53, focal_a, focal_b, client_for):
    item = _carried(agenda53)
    for user in (focal_a, focal_b):
        client = client_for(user)
        for url in (
            _url("index"),
            _url("detail", 53),
            _url("print", 53),
            _url("export", 53, "csv"),
            _url("edit_item", 53, item.pk),
        ):
            assert client.get(url).status_code == 403, url
        assert client.post(_url("add_defaults", 53)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(agenda53, client):
    response = client.get(_url("detail", 53))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(_url("export", 53, "pdf")).status_code == 302


def test_the_secretariat_adds_moves_edits_and_removes_items(agenda53, officer, client_for):
    client = client_for(officer)
    response = client.post(_url("add_defaults", 53))
    assert response.status_code == 302
    assert agenda53.agenda_items.count() == 7
    response = client.post(
        _url("add_item", 53),
        {"title": "Election of the President", "where": "opening", "secretariat_document": ""},
    )
    assert response.status_code == 302
    titles = list(agenda53.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles.index("Election of the President") == 3
    item = _carried(agenda53)
    client.post(_url("move_item", 53, item.pk), {"direction": "up"})
    item.refresh_from_db()
    assert item.position == 4
    response = client.post(
        _url("edit_item", 53, item.pk),
        {
            "title": "Legal Protection of Migrant Workers",
            "secretariat_document": "AALCO/53/TEHRAN/2014/S 5 REV.1",
            "notes": "",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.secretariat_document == "AALCO/53/TEHRAN/2014/S 5 REV.1"
    standing = agenda53.agenda_items.get(title="Any other matters")
    assert client.post(_url("remove_item", 53, standing.pk)).status_code == 302
    assert not agenda53.agenda_items.filter(title="Any other matters").exists()
    # A carried item stays, with a message saying why.
    response = client.post(_url("remove_item", 53, item.pk), follow=True)
    assert "cannot be removed" in response.content.decode()
    assert agenda53.agenda_items.filter(pk=item.pk).exists()


def test_the_edit_form_suggests_the_document_symbol(agenda53, officer, client_for):
    item = _carried(agenda53)
    item.secretariat_document = ""
    item.save()
    page = client_for(officer).get(_url("edit_item", 53, item.pk)).content.decode()
    assert "Suggested from the session and the previous document: AALCO/53/TEHRAN/2014/S 5" in page
    assert 'value="AALCO/53/TEHRAN/2014/S 5"' in page


def test_bad_input_gets_a_message_and_saves_nothing(agenda53, officer, client_for):
    client = client_for(officer)
    response = client.post(_url("add_item", 53), {"title": "", "where": "closing"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    response = client.post(_url("add_item", 53), {"title": "Bad\x00title", "where": "closing"})
    assert response.status_code == 400
    assert "invisible null characters" in response.content.decode()
    response = client.post(
        _url("add_item", 53), {"title": "Legal protection of migrant workers", "where": "closing"}
    )
    assert response.status_code == 400
    assert "already on the agenda" in response.content.decode()
    item = _carried(agenda53)
    response = client.post(_url("edit_item", 53, item.pk), {"title": " ", "notes": "x"})
    assert response.status_code == 400
    assert agenda53.agenda_items.count() == 1
    item.refresh_from_db()
    assert item.title == "Legal Protection of Migrant Workers"
    assert client.post(_url("move_item", 53, item.pk), {"direction": "x"}).status_code == 302


def test_a_session_without_a_previous_one_gets_a_message(reference_data, officer, client_for):
    first = Session.objects.order_by("number").first()
    client = client_for(officer)
    response = client.get(_url("detail", first.number))
    assert response.status_code == 200
    assert "first one on record" in response.content.decode()
    response = client.get(_url("export", first.number, "pdf"), follow=True)
    assert response.redirect_chain[-1][0] == _url("detail", first.number)
    assert response["Content-Type"].startswith("text/html")
    assert "first one on record" in response.content.decode()


def test_an_agenda_without_items_gets_a_message_not_a_file(reference_data, officer, client_for):
    client = client_for(officer)
    page = client.get(_url("detail", 60)).content.decode()
    assert "nothing to download" in page
    response = client.get(_url("export", 60, "docx"), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "has no items yet" in response.content.decode()


def test_unknown_sessions_items_and_formats_are_404(agenda53, officer, client_for):
    client = client_for(officer)
    assert client.get(_url("detail", 999)).status_code == 404
    assert client.get(_url("export", 999, "pdf")).status_code == 404
    assert client.get(_url("export", 53, "odt")).status_code == 404
    item = _carried(agenda53)
    assert client.get(_url("edit_item", 54, item.pk)).status_code == 404


def test_the_print_view_is_the_pdf_template(agenda53, prepared_day, observer, client_for):
    response = client_for(observer).get(_url("print", 53))
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "agenda/print.html"
    page = response.content.decode()
    assert "Annex: follow-up of the resolutions of the 52nd Annual Session" in page
    assert "1 September 2014" in page and "Document symbol" in page


def test_the_agenda_page_reads_the_reports_in_the_same_queries_however_many(
    agenda53, prepared_day, officer, focal_b, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from memberstates.models import MemberState
    from resolutions.models import Paragraph
    from resolutions.services.responses import ResponseContent, submit_response

    client = client_for(officer)
    client.get(_url("detail", 53))  # drafted once: later views only read
    with CaptureQueriesContext(connection) as one_report:
        assert (
            "A national migration policy was adopted."
            in client.get(_url("detail", 53)).content.decode()
        )
    paragraph = Paragraph.objects.get(resolution__symbol="AALCO/RES/52/S 5", number=1)
    submit_response(
        member_state=MemberState.objects.get(iso3="PHL"),
        paragraph=paragraph,
        content=ResponseContent(narrative="The Philippines reported twice over."),
        user=focal_b,
        expected_version=None,
    )
    with CaptureQueriesContext(connection) as two_reports:
        page = client.get(_url("detail", 53)).content.decode()
    assert "The Philippines reported twice over." in page
    assert len(two_reports.captured_queries) == len(one_report.captured_queries)


def test_the_annex_is_kept_until_a_report_changes_it(
    agenda53,
    prepared_day,
    officer,
    focal_b,
    client_for,
    settings,
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from memberstates.models import MemberState
    from resolutions.figures_cache import _raise_version
    from resolutions.models import Paragraph
    from resolutions.services.responses import ResponseContent, submit_response

    settings.FIGURES_CACHE_SECONDS = 600
    cache.clear()
    # The fixtures' writes as if committed (a test's transaction never is).
    for _sids, func, _robust in [c for c in connection.run_on_commit if c[1] is _raise_version]:
        func()
    connection.run_on_commit = [c for c in connection.run_on_commit if c[1] is not _raise_version]
    client = client_for(officer)
    with CaptureQueriesContext(connection) as computed:
        page = client.get(_url("detail", 53)).content.decode()
    assert "Paragraph 1: 1 of 47 member states addressed have reported or acted" in page
    with CaptureQueriesContext(connection) as kept:
        assert client.get(_url("detail", 53)).content.decode().count("annex-answer") == page.count(
            "annex-answer"
        )
    assert len(kept.captured_queries) < len(computed.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        submit_response(
            member_state=MemberState.objects.get(iso3="PHL"),
            paragraph=Paragraph.objects.get(resolution__symbol="AALCO/RES/52/S 5", number=1),
            content=ResponseContent(narrative="The Philippines reported."),
            user=focal_b,
            expected_version=None,
        )
    page = client.get(_url("detail", 53)).content.decode()
    assert "Paragraph 1: 2 of 47 member states addressed have reported or acted" in page
    assert "The Philippines reported." in page

"""A saved resolution managed in the app — corrected (metadata and
paragraphs), imported again over itself (reports kept, changes shown) and withdrawn when
imported by mistake (and restored), with the history kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resolutions.followup import reporting_paragraphs
from resolutions.models import AgendaItem, Paragraph, Resolution, Session
from resolutions.services.agenda import draft_agenda


@pytest.fixture
def officer_client(client_for, officer):
    return client_for(officer)


def test_the_secretariat_corrects_the_metadata_with_history(
    officer_client, officer, seed_resolution
):
    url = reverse("resolutions:edit", args=[seed_resolution.pk])
    assert officer_client.get(url).status_code == 200
    saved = officer_client.post(
        url,
        {
            "title": "Legal Protection of Migrant Workers",
            "adopted_on": "2013-09-12",
            "deliberated": "on",
            "secretariat_document": "AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5",
        },
    )
    assert saved.status_code == 302
    seed_resolution.refresh_from_db()
    assert seed_resolution.title == "Legal Protection of Migrant Workers"
    assert seed_resolution.deliberated
    titles = list(seed_resolution.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["LEGAL PROTECTION OF MIGRANT WORKERS", "Legal Protection of Migrant Workers"]
    assert seed_resolution.history.latest().history_user == officer
    detail = officer_client.get(seed_resolution.get_absolute_url()).content.decode()
    assert reverse("resolutions:edit", args=[seed_resolution.pk]) in detail


def test_an_empty_title_is_refused_and_nothing_saved(officer_client, seed_resolution):
    page = officer_client.post(
        reverse("resolutions:edit", args=[seed_resolution.pk]),
        {"title": "   ", "adopted_on": "2013-09-12"},
    )
    assert page.status_code == 400
    seed_resolution.refresh_from_db()
    assert seed_resolution.title == "LEGAL PROTECTION OF MIGRANT WORKERS"


def test_the_secretariat_corrects_a_paragraph(officer_client, seed_resolution):
    paragraph = seed_resolution.paragraphs.get(number=2)
    url = reverse("resolutions:edit_paragraph", args=[seed_resolution.pk, paragraph.pk])
    refused = officer_client.post(
        url, {"text": paragraph.text, "requests_report": "on", "addressees": "none"}
    )
    assert refused.status_code == 400
    assert "Say which member states are asked to report." in refused.content.decode()
    saved = officer_client.post(
        url, {"text": paragraph.text + " (corrected)", "requests_report": "on", "addressees": "all"}
    )
    assert saved.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.requests_report and paragraph.addressees == "all"
    assert paragraph.text.endswith("(corrected)")
    assert paragraph.history.count() == 2  # as imported, then corrected
    assert reporting_paragraphs().filter(pk=paragraph.pk).exists()


def test_reimport_shows_the_changes_then_keeps_the_reports(
    officer_client, seed_resolution, seed_text, india_report
):
    url = reverse("resolutions:reimport", args=[seed_resolution.pk])
    corrected = seed_text.replace(
        "to effectively promote and protect", "to promote and protect effectively"
    )
    preview = officer_client.post(url, {"text": corrected})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "1 change" in html and "Paragraph 1" in html
    assert "The reports on paragraph 1 stay attached to it." in html
    paragraph = seed_resolution.paragraphs.get(number=1)
    paragraph.refresh_from_db()
    assert "to effectively promote" in paragraph.text  # nothing saved yet

    done = officer_client.post(url, {"text": corrected, "confirm": "1"})
    assert done.status_code == 302
    paragraph.refresh_from_db()
    assert "to promote and protect effectively" in paragraph.text
    india_report.refresh_from_db()
    assert india_report.paragraph_id == paragraph.pk  # the report stays with its paragraph
    assert paragraph.history.count() >= 1  # the version before the re-import is kept


def test_reimporting_another_resolution_is_refused(officer_client, seed_resolution, seed_text):
    other = seed_text.replace("AALCO/RES/52/S 5", "AALCO/RES/52/S 9")
    page = officer_client.post(
        reverse("resolutions:reimport", args=[seed_resolution.pk]), {"text": other}
    )
    assert page.status_code == 400
    assert "This text is AALCO/RES/52/S 9, not AALCO/RES/52/S 5" in page.content.decode()
    assert not Resolution.objects.filter(symbol="AALCO/RES/52/S 9").exists()


def test_withdraw_and_restore(officer_client, seed_resolution, india_report):
    session53 = Session.objects.get(number=53)
    draft_agenda(session=session53)
    assert AgendaItem.objects.filter(session=session53, kind="carried").exists()
    url = reverse("resolutions:withdraw", args=[seed_resolution.pk])
    assert officer_client.post(url, {"reason": ""}).status_code == 400
    done = officer_client.post(url, {"reason": "Imported by mistake"})
    assert done.status_code == 302
    seed_resolution.refresh_from_db()
    assert seed_resolution.withdrawn_at is not None
    # Out of every follow-up and of the next agenda; nothing deleted.
    assert not reporting_paragraphs().filter(resolution=seed_resolution).exists()
    draft_agenda(session=session53)
    assert not AgendaItem.objects.filter(session=session53, kind="carried").exists()
    assert Paragraph.objects.filter(resolution=seed_resolution).count() == 9
    india_report.refresh_from_db()
    page = officer_client.get(seed_resolution.get_absolute_url()).content.decode()
    assert "Withdrawn on" in page and "Imported by mistake" in page
    listed = officer_client.get(reverse("resolutions:list")).content.decode()
    assert '<span class="tag tag--cancelled">Withdrawn</span>' in listed

    restored = officer_client.post(reverse("resolutions:restore", args=[seed_resolution.pk]))
    assert restored.status_code == 302
    seed_resolution.refresh_from_db()
    assert seed_resolution.withdrawn_at is None
    assert reporting_paragraphs().filter(resolution=seed_resolution).exists()
    reasons = list(seed_resolution.history.values_list("history_change_reason", flat=True))
    assert "withdrawn" in reasons and "restored" in reasons


@pytest.mark.parametrize("persona", ["observer", "focal_a", None])
def test_only_the_secretariat_manages_resolutions(request, client_for, seed_resolution, persona):
    client = client_for(request.getfixturevalue(persona) if persona else None)
    paragraph = seed_resolution.paragraphs.first()
    for url in (
        reverse("resolutions:edit", args=[seed_resolution.pk]),
        reverse("resolutions:edit_paragraph", args=[seed_resolution.pk, paragraph.pk]),
        reverse("resolutions:reimport", args=[seed_resolution.pk]),
        reverse("resolutions:withdraw", args=[seed_resolution.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"reason": "x", "title": "x"}).status_code in (302, 403)
    assert client.post(reverse("resolutions:restore", args=[seed_resolution.pk])).status_code in (
        302,
        403,
    )
    seed_resolution.refresh_from_db()
    assert seed_resolution.withdrawn_at is None and seed_resolution.title.startswith("LEGAL")
    html = (
        client_for(request.getfixturevalue("observer"))
        .get(seed_resolution.get_absolute_url())
        .content.decode()
    )
    assert "/edit/" not in html and "/withdraw/" not in html


def test_a_paragraph_keeps_its_treaty_and_agenda_links_when_corrected(
    officer_client, seed_resolution
):
    from memberstates.models import Treaty

    icmw = Treaty.objects.get(short_name="ICMW")
    paragraph3 = seed_resolution.paragraphs.get(number=3)
    url = reverse("resolutions:edit_paragraph", args=[seed_resolution.pk, paragraph3.pk])
    form = officer_client.get(url).content.decode()
    assert f'value="{icmw.pk}"' in form and "checked" in form
    refused = officer_client.post(
        url, {"text": paragraph3.text, "requests_report": "on", "addressees": "non_parties"}
    )
    assert refused.status_code == 400
    assert "Choose the treaty" in refused.content.decode()
    paragraph4 = seed_resolution.paragraphs.get(number=4)
    url4 = reverse("resolutions:edit_paragraph", args=[seed_resolution.pk, paragraph4.pk])
    early = officer_client.post(
        url4, {"text": paragraph4.text, "addressees": "none", "carries_to_session": "50"}
    )
    assert early.status_code == 400
    moved = officer_client.post(
        url4, {"text": paragraph4.text, "addressees": "none", "carries_to_session": "54"}
    )
    assert moved.status_code == 302
    paragraph4.refresh_from_db()
    assert paragraph4.carries_to_session == 54
    saved = officer_client.post(
        url,
        {
            "text": paragraph3.text,
            "requests_report": "on",
            "addressees": "non_parties",
            "treaties": [icmw.pk],
        },
    )
    assert saved.status_code == 302
    assert list(paragraph3.treaties.all()) == [icmw]


def test_a_preambular_paragraph_is_corrected_in_its_words_only(officer_client, seed_resolution):
    paragraph = seed_resolution.paragraphs.filter(kind="preambular").first()
    url = reverse("resolutions:edit_paragraph", args=[seed_resolution.pk, paragraph.pk])
    assert 'name="addressees"' not in officer_client.get(url).content.decode()
    saved = officer_client.post(url, {"text": "Having considered the corrected document;"})
    assert saved.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text == "Having considered the corrected document;"
    assert not paragraph.requests_report

"""A treaty with no status row for a state is "no action", never a 500.

The reference data gives every member state a row for the ICMW only; a treaty added later
(here one created by the test and named by a reporting paragraph) has rows for no one.
"""

from __future__ import annotations

import pytest

from memberstates.models import Treaty, TreatyStatus
from resolutions.models import Session
from resolutions.services.agenda import draft_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_treaty(seed_resolution):
    treaty = Treaty.objects.create(
        short_name="CRS",
        title="Convention relating to the Status of Stateless Persons",
        aliases=["1954 Convention"],
    )
    paragraph = seed_resolution.paragraphs.get(kind="operative", number=3)
    paragraph.treaties.add(treaty)
    assert not TreatyStatus.objects.filter(treaty=treaty).exists()
    return treaty


def test_state_page_shows_no_action_for_a_treaty_without_a_row(client_for, officer, second_treaty):
    response = client_for(officer).get("/states/IND/")
    assert response.status_code == 200
    rows = {row.treaty.short_name: row for row in response.context["page"].treaties}
    assert rows["CRS"].status is None
    assert rows["CRS"].category == "no_action"
    assert rows["CRS"].history == []
    assert "CRS" in response.content.decode()


def test_every_page_and_export_takes_a_treaty_without_rows(
    client_for, officer, focal_a, second_treaty, seed_resolution
):
    draft_agenda(session=Session.objects.get(number=53))
    staff = client_for(officer)
    for url in [
        "/",
        "/states/",
        "/states/IND/",
        "/states/PHL/",
        "/states/IND/treaties/CRS/",
        f"/resolutions/{seed_resolution.pk}/",
        "/resolutions/",
        "/resolutions/download/csv/",
        "/reminders/",
        "/reminders/states/IND/preview/",
        "/sessions/53/agenda/",
        "/sessions/53/agenda/print/",
        *[f"/sessions/53/agenda/export/{fmt}/" for fmt in ("csv", "json", "xlsx", "docx")],
        "/api/member-states/IND/",
    ]:
        assert staff.get(url).status_code in (200, 302), url
    assert client_for(focal_a).get("/my/").status_code == 200

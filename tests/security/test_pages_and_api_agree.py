"""Pages and API agree on what a focal point may read (docs/ARCHITECTURE.md).

A focal point reads the resolutions addressed to its state, its own state's record and its
own state's reports: in the portal (/my/) and through the API alike. Staff pages that
would show it the same things send it to the portal; anything about other states is a 404
on the pages and in the API.
"""

from __future__ import annotations

import datetime

import pytest

from memberstates.models import Treaty
from resolutions.models import Paragraph

from ..factories import ParagraphFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def icmw_only_resolution(reference_data):
    """A resolution whose one reporting paragraph asks non-parties of the ICMW to join:
    addressed to India (not a party), not to the Philippines (a party since 1995)."""
    resolution = ResolutionFactory(adopted_on=datetime.date(2024, 9, 1))
    ParagraphFactory(
        resolution=resolution,
        addressees=Paragraph.Addressees.NON_PARTIES,
        treaties=[Treaty.objects.get(short_name="ICMW")],
    )
    return resolution


def _ids(data) -> set:
    rows = data["results"] if isinstance(data, dict) else data
    return {row.get("id") or row.get("iso3") for row in rows}


def test_focal_points_read_the_resolutions_addressed_to_their_state(
    client_for, focal_a, focal_b, icmw_only_resolution
):
    india, philippines = client_for(focal_a), client_for(focal_b)
    pk = icmw_only_resolution.pk
    assert pk in _ids(india.get("/api/resolutions/").json())
    assert india.get(f"/api/resolutions/{pk}/").status_code == 200
    assert india.get(f"/resolutions/{pk}/").status_code == 302  # to the portal, which lists it
    assert pk not in _ids(philippines.get("/api/resolutions/").json())
    assert philippines.get(f"/api/resolutions/{pk}/").status_code == 404
    assert philippines.get(f"/resolutions/{pk}/").status_code == 404


def test_focal_points_read_their_own_states_record_only(client_for, focal_a):
    client = client_for(focal_a)
    assert _ids(client.get("/api/member-states/").json()) == {"IND"}
    assert client.get("/api/member-states/IND/").status_code == 200
    assert client.get("/api/member-states/PHL/").status_code == 404
    assert client.get("/states/PHL/").status_code == 404
    own = client.get("/states/IND/")
    assert own.status_code == 302 and own["Location"] == "/my/"
    home = client.get("/my/").content.decode()
    assert "Treaty status of India on record" in home
    assert "ICMW" in home


@pytest.mark.parametrize("url", ["/resolutions/", "/states/"])
def test_lists_send_a_focal_point_to_its_portal(client_for, focal_a, url):
    page = client_for(focal_a).get(url)
    assert page.status_code == 302
    assert page["Location"] == "/my/"


def test_a_signed_in_user_without_a_role_reads_nothing(client_for, icmw_only_resolution):
    from ..factories import UserFactory

    client = client_for(UserFactory(email="nobody@example.org"))
    assert _ids(client.get("/api/resolutions/").json()) == set()
    assert _ids(client.get("/api/member-states/").json()) == set()
    assert client.get("/resolutions/").status_code == 403
    assert client.get("/states/").status_code == 403


def test_staff_read_everything_in_both(client_for, observer, icmw_only_resolution):
    client = client_for(observer)
    assert len(_ids(client.get("/api/member-states/").json())) == 47
    assert icmw_only_resolution.pk in _ids(client.get("/api/resolutions/").json())
    assert client.get("/resolutions/").status_code == 200
    assert client.get("/states/PHL/").status_code == 200

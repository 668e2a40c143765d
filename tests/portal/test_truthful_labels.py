"""Labels that tell the truth and confirmations before what cannot be undone: no
field the service requires says "(optional)"; accept, submit, send now and
deactivate ask first (a <dialog> driven by static/js/app.js); a deactivated focal point can
be reactivated."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from memberstates.models import FocalPoint
from memberstates.services.invitations import deactivate_focal_point
from resolutions.services.responses import ResponseContent, submit_response

pytestmark = pytest.mark.django_db


def _label(html: str, field_id: str) -> str:
    match = re.search(rf'<label class="label" for="{field_id}">(.*?)</label>', html, re.S)
    assert match, field_id
    return re.sub(r"<[^>]+>", "", match.group(1))


def _legend(html: str, text: str) -> str:
    match = re.search(rf'<legend class="fieldset__legend">([^<]*{text}.*?)</legend>', html, re.S)
    assert match, text
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_report_form_says_what_is_needed_to_submit(client_for, focal_a, india, para1, para3):
    client = client_for(focal_a)
    plain = client.get(reverse("portal:respond", args=[para1.pk])).content.decode()
    assert "(required to submit)" in _label(plain, "id_narrative")
    assert "(optional)" not in _label(plain, "id_narrative")
    treaty = client.get(reverse("portal:respond", args=[para3.pk])).content.decode()
    assert "(required to submit)" in _legend(treaty, "Where does your state stand")
    assert "(required if signed" in _label(treaty, "id_measure_date")
    assert "(optional)" not in _label(treaty, "id_instrument")
    assert "checked by content" not in treaty


def test_no_label_says_optional_twice(client_for, officer):
    page = client_for(officer).get(reverse("reminders:log")).content.decode()
    assert not re.search(r"\(optional\)\s*<span", page)


def test_outward_actions_ask_first(client_for, focal_a, officer, india, para1):
    form = client_for(focal_a).get(reverse("portal:respond", args=[para1.pk])).content.decode()
    assert re.search(r'name="action" value="submit"[^>]*data-confirm="[^"]+"', form)
    sent = submit_response(
        member_state=india,
        paragraph=para1,
        content=ResponseContent(narrative="Done."),
        user=focal_a,
        expected_version=None,
    )
    review = client_for(officer).get(reverse("responses:detail", args=[sent.pk]))
    assert 'data-confirm="Record this decision?' in review.content.decode()
    points = client_for(officer).get(reverse("focal_points") + "?state=IND").content.decode()
    assert re.search(r'action="[^"]*/deactivate/"[^>]*data-confirm="Deactivate', points)
    assert "onclick" not in form + points


def test_deactivated_focal_point_can_be_reactivated(client_for, officer, focal_a):
    fp = FocalPoint.objects.get(user=focal_a)
    deactivate_focal_point(focal_point=fp, by=officer)
    focal_a.refresh_from_db()
    assert not focal_a.is_active
    client = client_for(officer)
    page = client.get(reverse("focal_points") + "?state=IND").content.decode()
    assert reverse("reactivate_focal_point", args=[fp.pk]) in page
    done = client.post(reverse("reactivate_focal_point", args=[fp.pk]), follow=True)
    assert "has access again" in done.content.decode()
    fp.refresh_from_db()
    focal_a.refresh_from_db()
    assert fp.is_active and fp.ended_on is None and focal_a.is_active


def test_reactivation_refused_while_another_main_holds_the_role(
    client_for, officer, focal_a, reference_data
):
    from tests.factories import FocalPointFactory

    fp = FocalPoint.objects.get(user=focal_a)
    deactivate_focal_point(focal_point=fp, by=officer)
    FocalPointFactory(member_state=fp.member_state, role="main")
    done = client_for(officer).post(reverse("reactivate_focal_point", args=[fp.pk]), follow=True)
    assert "already has an active main focal point" in done.content.decode()
    fp.refresh_from_db()
    assert not fp.is_active


def test_focal_point_cannot_reactivate(client_for, focal_a, focal_b, officer):
    fp = FocalPoint.objects.get(user=focal_a)
    deactivate_focal_point(focal_point=fp, by=officer)
    assert (
        client_for(focal_b).post(reverse("reactivate_focal_point", args=[fp.pk])).status_code == 403
    )


def test_treaty_status_form_says_when_consent_fields_are_needed(client_for, officer):
    page = client_for(officer).get("/states/IND/treaties/ICMW/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "(required with a form of consent)" in _label(html, "id_consent_date")

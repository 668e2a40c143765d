"""The import screen: paste or upload, preview, correct, confirm; and who may use it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from resolutions.models import Paragraph, Resolution, Topic

pytestmark = pytest.mark.django_db

URL = "/resolutions/import/"


def preview_post(client, text: str):
    return client.post(URL, {"action": "preview", "text": text})


def form_data(response) -> dict[str, object]:
    """The preview form's fields as the browser would submit them (no JS involved)."""
    html = response.content.decode()
    form = html[html.index('<form method="post" novalidate') :]
    form = form[: form.index("</form>")]
    data: dict[str, object] = {}
    for tag in re.finditer(r"<(input|textarea|select)\b([^>]*)>", form):
        kind, attrs = tag.group(1), tag.group(2)
        name = re.search(r'name="([^"]+)"', attrs)
        if not name:
            continue
        name = name.group(1)
        if kind == "input":
            value = re.search(r'value="([^"]*)"', attrs)
            value = _unescape(value.group(1)) if value else ""
            input_type = re.search(r'type="([^"]+)"', attrs)
            input_type = input_type.group(1) if input_type else "text"
            if input_type == "checkbox":
                if "checked" in attrs:
                    data.setdefault(name, [])
                    data[name].append(value or "on")
                continue
            data[name] = value
        elif kind == "textarea":
            rest = form[tag.end() :]
            data[name] = _unescape(rest[: rest.index("</textarea>")]).removeprefix("\n")
        else:
            rest = form[tag.end() : form.index("</select>", tag.end())]
            selected = re.search(r'<option value="([^"]*)"[^>]*selected', rest)
            data[name] = selected.group(1) if selected else ""
    return data


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["observer", "focal_a"])
def test_observers_and_focal_points_are_refused(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert preview_post(client, "anything").status_code == 403


def test_secretariat_sees_the_form(client_for, officer):
    response = client_for(officer).get(URL)
    assert response.status_code == 200
    assert b"Import a resolution" in response.content
    assert reverse("resolutions:import") == URL


def test_paste_preview_edit_confirm(client_for, officer, seed_text, django_assert_max_num_queries):
    client = client_for(officer)
    response = preview_post(client, seed_text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the resolution before saving" in html
    assert 'value="AALCO/RES/52/S 5"' in html
    assert '<p class="paragraph paragraph--preambular">Having considered' in html
    assert '<span class="paragraph__number">3.</span><strong>Encourages</strong>' in html
    # 35 states were not party to the ICMW on 12 September 2013; Gambia has since joined.
    assert re.search(r'data-testid="addressed-count-3">\s*35 member states', html)
    assert "Became party since: Gambia" in html
    assert "34 member states still to act today" in html
    assert re.search(r'data-testid="addressed-count-1">\s*47 member states', html)
    assert "session 53" in html
    assert Resolution.objects.count() == 0

    data = form_data(response)
    data["action"] = "confirm"
    data["resolution-title"] = "LEGAL PROTECTION OF MIGRANT WORKERS (corrected)"
    data["operative-1-requests_report"] = ["on"]
    data["operative-1-addressees"] = "all"
    # session, user, existing symbol, treaties, states, treaty statuses, topic, inserts...
    with django_assert_max_num_queries(40):
        response = client.post(URL, data)
    resolution = Resolution.objects.get(symbol="AALCO/RES/52/S 5")
    assert response.status_code == 302
    assert response["Location"] == reverse("resolutions:detail", args=[resolution.pk])
    assert resolution.title == "LEGAL PROTECTION OF MIGRANT WORKERS (corrected)"
    assert resolution.imported_by == officer
    assert resolution.paragraphs.filter(kind=Paragraph.Kind.PREAMBULAR).count() == 5
    assert resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).count() == 4
    second = resolution.paragraphs.get(number=2)
    assert second.requests_report and second.addressees == "all"
    third = resolution.paragraphs.get(number=3)
    assert [t.short_name for t in third.treaties.all()] == ["ICMW"]
    assert resolution.topic == Topic.objects.get(name="Legal Protection of Migrant Workers")

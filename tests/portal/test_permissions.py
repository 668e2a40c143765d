"""Every portal, review, account and download URL × every persona → the expected status.

India's focal point owns the objects; the Philippines' focal point must get 404 for them
(not 403: another state's ids are not even confirmed to exist).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memberstates.models import FocalPoint
from resolutions.services.attachments import add_attachment
from resolutions.services.responses import ResponseContent, submit_response

PERSONAS = ["focal_a", "focal_b", "observer", "officer", "anonymous"]


@pytest.fixture
def world(india, focal_a, focal_b, observer, officer, para1, para3, pdf_bytes):
    response = submit_response(
        member_state=india,
        paragraph=para3,
        content=ResponseContent(treaty_action="under_consideration", narrative="Studying it."),
        user=focal_a,
        expected_version=None,
    )
    attachment = add_attachment(
        response=response,
        upload=SimpleUploadedFile("note.pdf", pdf_bytes, content_type="application/pdf"),
        user=focal_a,
    )
    return {
        "response": response,
        "attachment": attachment,
        "para1": para1,
        "para3": para3,
        "focal_point": FocalPoint.objects.get(user=focal_a),
        "users": {
            "focal_a": focal_a,
            "focal_b": focal_b,
            "observer": observer,
            "officer": officer,
            "anonymous": None,
        },
    }


# (method, url name, argument key, expected status per persona in PERSONAS order)
MATRIX = [
    ("get", "portal:home", None, [200, 200, 403, 403, 302]),
    ("get", "portal:notifications", None, [200, 200, 403, 403, 302]),
    ("get", "portal:respond", "para1", [200, 200, 403, 403, 302]),
    # The Philippines is an ICMW party: paragraph 3 does not address it.
    ("get", "portal:respond", "para3", [302, 404, 403, 403, 302]),
    ("get", "portal:response", "response", [200, 404, 403, 403, 302]),
    ("get", "portal:edit", "response", [200, 404, 403, 403, 302]),
    ("get", "portal:receipt", "response", [200, 404, 403, 403, 302]),
    ("post", "portal:submit", "response", [302, 404, 403, 403, 302]),
    ("post", "portal:upload", "response", [400, 404, 403, 403, 302]),
    ("get", "portal:download", "attachment", [200, 404, 403, 403, 302]),
    ("post", "portal:delete_attachment", "attachment", [302, 404, 403, 403, 302]),
    ("get", "responses:list", None, [403, 403, 200, 200, 302]),
    ("get", "responses:detail", "response", [403, 403, 200, 200, 302]),
    ("post", "responses:review", "response", [403, 403, 403, 400, 302]),
    ("post", "responses:confirm_ratification", "response", [403, 403, 403, 400, 302]),
    ("get", "responses:download", "attachment", [403, 403, 200, 200, 302]),
    ("get", "focal_points", None, [403, 403, 403, 200, 302]),
    ("get", "invite_focal_point", None, [403, 403, 403, 200, 302]),
    ("get", "hand_over_focal_point", "focal_point", [403, 403, 403, 200, 302]),
]


def _args(world, key):
    if key is None:
        return []
    return [world[key].pk]


@pytest.mark.parametrize(
    ("method", "name", "key", "expected"), MATRIX, ids=[f"{m[0]}-{m[1]}-{m[2]}" for m in MATRIX]
)
def test_permission_matrix(world, client_for, method, name, key, expected):
    url = reverse(name, args=_args(world, key))
    got = []
    for persona in PERSONAS:
        user = world["users"][persona]
        response = getattr(client_for(user), method)(url)
        got.append(response.status_code)
        if response.status_code == 302 and user is None:
            assert response["Location"].startswith(reverse("login"))
        if response.streaming:
            # Reading it to the end lets the test client close the file and the request.
            b"".join(response.streaming_content)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True))


def test_another_states_ids_are_404_even_with_a_report_of_its_own(
    world, client_for, focal_b, philippines, para1
):
    own = submit_response(
        member_state=philippines,
        paragraph=para1,
        content=ResponseContent(narrative="Our law of 2022."),
        user=focal_b,
        expected_version=None,
    )
    client = client_for(focal_b)
    assert client.get(reverse("portal:response", args=[own.pk])).status_code == 200
    for name, obj in [
        ("portal:response", world["response"]),
        ("portal:edit", world["response"]),
        ("portal:receipt", world["response"]),
        ("portal:download", world["attachment"]),
    ]:
        response = client.get(reverse(name, args=[obj.pk]))
        assert response.status_code == 404, name
    page = client.get(reverse("portal:home")).content.decode()
    assert str(world["response"].pk) not in page
    assert "India" not in page


def test_deactivated_focal_point_loses_access(world, client_for, focal_a):
    FocalPoint.objects.filter(user=focal_a).update(is_active=False)
    client = client_for(focal_a)
    assert client.get(reverse("portal:home")).status_code == 403
    response = client.get(reverse("portal:download", args=[world["attachment"].pk]))
    assert response.status_code == 403

"""Every page a signed-in user reaches shows where it sits: breadcrumbs.

The printable agenda is a document to print, not a page of the app: it has none."""

from __future__ import annotations

import pytest

from .test_no_server_errors import _urls, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NOT_PAGES = ("/agenda/print/", "/print/")


@pytest.mark.parametrize("persona", ["officer", "observer", "focal_a"])
def test_every_page_has_breadcrumbs(request, client_for, world, persona):  # noqa: F811
    client = client_for(request.getfixturevalue(persona))
    missing, checked = [], 0
    for url in _urls(world):
        if url.endswith(NOT_PAGES) or url.startswith(
            ("/accounts/login/", "/accounts/password_reset", "/accounts/reset/")
        ):
            continue
        page = client.get(url)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        body = page.content.decode()
        if not body.lstrip().lower().startswith("<!doctype html>"):
            continue  # a fragment (htmx) or a file
        checked += 1
        if 'class="breadcrumbs"' not in body:
            missing.append(url)
    assert checked >= 5
    assert missing == []

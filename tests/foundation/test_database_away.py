"""A database that is away answers 503 with Retry-After (and a page that says nothing was
half-saved), not a 500; other errors stay 500."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path


def _raise(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    path("away/", _raise(OperationalError("server closed the connection unexpectedly"))),
    path("closed/", _raise(InterfaceError("connection already closed"))),
    path("bug/", _raise(ZeroDivisionError())),
]
handler500 = "aalco.errors.server_error"


@pytest.fixture
def client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/away/", "/closed/"])
def test_a_database_outage_is_a_503_to_retry(client, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "briefly unavailable" in response.content.decode()


def test_a_bug_is_still_a_500(client):
    response = client.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response

"""The server-error view: a database that is away (restarting, failing over) gets a 503
with Retry-After instead of a 500, so clients and proxies retry and nobody is paged for a
fault that heals itself. CONN_HEALTH_CHECKS (settings) makes the next request reconnect:
the app recovers without a restart."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = 5


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        # Static template, empty context: the database cannot be asked for anything.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return defaults.server_error(request)

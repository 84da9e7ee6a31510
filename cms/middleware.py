"""When the database is briefly unavailable, visitors get a clear 503 page, not a 500.

Django opens a fresh connection for the next request once a connection has failed (with
CONN_HEALTH_CHECKS in production), so the site recovers by itself when the database is
back: no restart. The pages rendered here use a standalone template that asks nothing of
the database (no page tree, no site settings, no signed-in user).
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from cms.observability import note_exception

logger = logging.getLogger("cms.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(request, exception):
    """The 503 page, with Retry-After; logged as one line, without a traceback."""
    note_exception(request, exception)
    logger.error(
        "Database unavailable for %s %s: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
        extra={"exc_type": type(exception).__name__},
    )
    retry_after = settings.DATABASE_UNAVAILABLE_RETRY_AFTER
    body = loader.get_template("503.html").render({"retry_after": retry_after})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection failure raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


def server_error(request):
    """handler500: the 503 page for database failures raised outside views, else a 500 page.

    Django calls this while handling the exception, so sys.exc_info() names it. Failures in
    other middleware (a session saved to a database that has gone away) end up here.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request, exception)
    if exception is not None:
        note_exception(request, exception)
    body = loader.get_template("500.html").render({})
    return HttpResponse(body, status=500)

"""Structured logs: one line per request, every log line tagged with the request's id.

In production each line is a JSON object (JsonFormatter) so a log store can filter on
status, path or request id; in development the same records read as plain text. The request
id comes from the X-Request-ID header when a proxy sets one (so its logs and ours join up)
and is made here otherwise; it is echoed in the response either way.
"""

import contextvars
import json
import logging
import os
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

from django.db import DatabaseError

request_logger = logging.getLogger("cms.request")

_request_id = contextvars.ContextVar("request_id", default="")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

# Attributes every LogRecord has; anything else on a record came through `extra=`.
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def current_request_id():
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record logged while a request is being served."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, extras and any exception."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD_ATTRIBUTES or key.startswith("_") or key == "request":
                continue
            entry[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, exc, tb = record.exc_info
            entry["exc_type"] = exc_type.__name__
            entry["exc_message"] = str(exc)
            entry["traceback"] = "".join(traceback.format_exception(exc_type, exc, tb))
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """Times each request and logs it once, with its id, status and signed-in user's id.

    Placed first in MIDDLEWARE so it sees the final response of every other layer. The
    user is recorded by id only: names and emails stay out of the logs.
    """

    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(self.header, "")
        request_id = offered if _VALID_REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[self.header] = request_id
            self.log(request, response, started)
            return response
        finally:
            _request_id.reset(token)

    def process_exception(self, request, exception):
        # Called last of all middleware (this one is first in the list), so only for
        # exceptions no other layer turned into a response: remember the type for the line.
        note_exception(request, exception)

    def log(self, request, response, started):
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        status = response.status_code
        fields = {
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": duration_ms,
            "user_id": signed_in_user_id(request),
            "request_id": request.request_id,
            # Which process answered: gunicorn runs several workers.
            "pid": os.getpid(),
        }
        error = getattr(request, "logged_exception_type", None)
        if error:
            fields["error"] = error
        level = logging.ERROR if status >= 500 else logging.INFO
        request_logger.log(
            level,
            "%s %s %s %sms",
            request.method,
            request.path,
            status,
            duration_ms,
            extra=fields,
        )


def signed_in_user_id(request):
    """The signed-in user's id, or None; never fails the request (the database may be down)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    try:
        return user.pk if user.is_authenticated else None
    except DatabaseError:
        return None


def note_exception(request, exception):
    """Remember the type of an exception that ended a request, for its log line."""
    request.logged_exception_type = type(exception).__name__

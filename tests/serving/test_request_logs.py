"""Each request gives one JSON log line; errors are logged with their exception type."""

import io
import json
import logging

import pytest

from cms.models import HomePage
from cms.observability import JsonFormatter, RequestIdFilter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The production formatter on the request and error loggers, into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("cms.request", "django.request")]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    for logger, (level, propagate) in zip(loggers, saved, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def request_lines(lines):
    return [line for line in lines if line["logger"] == "cms.request"]


def test_one_json_line_per_request_with_its_fields(client, json_log):
    response = client.get("/", HTTP_X_REQUEST_ID="proxy-abc-123")
    assert response.status_code == 200
    [line] = request_lines(json_log())
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["request_id"] == "proxy-abc-123"
    assert line["level"] == "INFO"
    assert response["X-Request-ID"] == "proxy-abc-123"


def test_request_id_is_generated_when_missing_or_unsafe(client, json_log):
    first = client.get("/healthz")
    second = client.get("/healthz", HTTP_X_REQUEST_ID='bad id "with" quotes\nand newline')
    ids = [line["request_id"] for line in request_lines(json_log())]
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]
    assert len(set(ids)) == 2
    assert all(len(request_id) == 32 for request_id in ids)


def test_signed_in_user_is_logged_by_id_not_name(client, json_log):
    user = UserFactory(username="alice.editor", email="alice@school.example")
    client.force_login(user)
    client.get("/")
    [line] = request_lines(json_log())
    assert line["user_id"] == user.pk
    raw = json.dumps(json_log())
    assert "alice" not in raw


def test_error_is_logged_with_its_exception_type(client, json_log, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise ValueError("template context could not be built")

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get("/", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    lines = json_log()
    [error] = [line for line in lines if line["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["exc_type"] == "ValueError"
    assert "template context could not be built" in error["exc_message"]
    assert error["request_id"] == "req-500"
    [line] = request_lines(lines)
    assert line["status"] == 500
    assert line["error"] == "ValueError"
    assert line["level"] == "ERROR"


def test_plain_format_in_development_is_readable():
    from cms.settings import base

    assert base.LOGGING["handlers"]["console"]["formatter"] == "plain"
    record = logging.makeLogRecord(
        {"name": "cms.request", "msg": "%s %s %s %sms", "args": ("GET", "/", 200, 3.1)}
    )
    formatter = logging.Formatter(base.LOGGING["formatters"]["plain"]["format"])
    assert formatter.format(record).endswith("cms.request GET / 200 3.1ms")

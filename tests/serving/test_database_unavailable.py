"""The database briefly unavailable: a clear 503 page, no traceback, back to normal after."""

import logging

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, connection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as if the server had gone away; `up()` brings it back."""

    class Outage:
        def up(self):
            monkeypatch.undo()

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", refuse)
    return Outage()


def test_public_page_shows_503_with_retry_after(client, database_down):
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>The site is temporarily unavailable</h1>" in html
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_site_recovers_without_restart(client, database_down):
    assert client.get("/").status_code == 503
    database_down.up()
    response = client.get("/")
    assert response.status_code == 200
    assert "temporarily unavailable" not in response.content.decode()


def test_interface_error_is_treated_the_same(client, monkeypatch):
    def closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(connection, "cursor", closed)
    response = client.get("/")
    assert response.status_code == 503


def test_logged_once_without_traceback(client, database_down, caplog):
    caplog.set_level(logging.ERROR, logger="cms.errors")
    client.get("/schools/")
    records = [r for r in caplog.records if r.name == "cms.errors"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert "Database unavailable for GET /schools/" in records[0].getMessage()
    assert "OperationalError" in records[0].getMessage()


def test_failure_while_signing_in_gives_503(client, monkeypatch):
    """Saving the new session fails: the sign-in is refused with the 503 page, not a 500."""
    user = UserFactory(username="editor", password="a-long-passphrase-9")
    client.raise_request_exception = False

    def refuse(self, *args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "save", refuse)
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "a-long-passphrase-9"}
    )
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert response["Retry-After"] == "30"


def test_handler500_turns_database_errors_raised_in_middleware_into_503(rf):
    """Exceptions raised outside views reach handler500 while being handled."""
    from cms.middleware import server_error

    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_other_server_errors_get_the_plain_500_page(rf):
    from cms.middleware import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()

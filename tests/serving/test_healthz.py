"""/healthz answers 200 when the database (and Elasticsearch, if configured) answer, 503 else."""

import socket

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def closed_port():
    """A 127.0.0.1 port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthy_site_answers_ok_and_is_never_cached(client, settings):
    settings.ELASTICSEARCH_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_needs_no_sign_in_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies


def test_failing_database_gives_503_naming_it(client, monkeypatch, settings):
    settings.ELASTICSEARCH_URL = ""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["database"]
    assert "OperationalError" in body["checks"]["database"]
    assert "no-store" in response["Cache-Control"]


def test_unreachable_elasticsearch_gives_503_naming_it(client, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    settings.HEALTHZ_ELASTICSEARCH_TIMEOUT = 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["elasticsearch"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["elasticsearch"] != "ok"


def test_only_get_is_allowed(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.elasticsearch
def test_reachable_elasticsearch_counts_as_healthy(client, settings, osmem_url):
    settings.ELASTICSEARCH_URL = osmem_url
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {"database": "ok", "elasticsearch": "ok"}

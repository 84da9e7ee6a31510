"""The production configuration served by gunicorn: health, static files, logs, an outage.

Starts bin/serve (migrate, gunicorn) on a free 127.0.0.1 port with cms.settings.production,
after the release steps done once for the run (`released`: the same collectstatic and
migrate commands), and always stops it. When the suite runs on PostgreSQL
(DATABASE_URL), the server uses a database of its own on the same PostgreSQL, reached
through a relay the outage test cuts, with persistent connections; otherwise a temporary
SQLite file, a copy of the released one.
"""

import json
import time

import pytest

from tests.serving.server import ROOT, fetch, production_database, production_env, serve


@pytest.fixture(scope="module")
def server(tmp_path_factory, released):
    base = tmp_path_factory.mktemp("production")
    with production_database(base, release=released) as (database_url, outage, conn_max_age):
        env = production_env(
            base,
            database_url,
            conn_max_age,
            SECURE_SSL_REDIRECT="0",
            GUNICORN_WORKERS="1",
            GUNICORN_THREADS="2",
            DATABASE_UNAVAILABLE_RETRY_AFTER="20",
            SERVE_IMAGE_RENDITIONS="1",
        )
        for folder, name, content in (
            ("images", "rendition.txt", b"a public rendition"),
            ("documents", "self-evaluation.txt", b"unpublished, private"),
        ):
            (base / "media" / folder).mkdir(parents=True)
            (base / "media" / folder / name).write_bytes(content)
        # The documented command after the release steps (collectstatic and migrate, done
        # once for the run by the same commands): bin/serve migrates (nothing left to do)
        # and execs gunicorn.
        log_path = base / "server.log"
        with serve(released.environment(env), log_path) as url:
            yield {
                "url": url,
                "log": log_path,
                "static_root": released.static_root,
                "outage": outage,
            }


def test_healthz_answers_through_gunicorn(server):
    status, headers, body = fetch(server["url"] + "/healthz", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert json.loads(body) == {"status": "ok", "checks": {"database": "ok"}}
    assert "no-store" in headers["Cache-Control"]
    assert len(headers["X-Request-ID"]) == 32
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_static_files_have_hashed_names_and_long_cache(server):
    manifest = json.loads((server["static_root"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    status, headers, body = fetch(f"{server['url']}/static/{hashed}")
    assert status == 200
    assert body == (ROOT / "cms/static/css/site.css").read_bytes()
    cache_control = headers["Cache-Control"]
    assert "immutable" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
    status, headers, _ = fetch(f"{server['url']}/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"


def test_image_renditions_are_served_but_documents_never_from_media(server):
    status, _, body = fetch(server["url"] + "/media/images/rendition.txt")
    assert (status, body) == (200, b"a public rendition")
    assert fetch(server["url"] + "/media/documents/self-evaluation.txt")[0] == 404
    status, _, body = fetch(server["url"] + "/media/images/../documents/self-evaluation.txt")
    assert status in (400, 404)
    assert b"unpublished" not in body


def test_home_page_is_served(server):
    status, headers, body = fetch(server["url"] + "/")
    assert status == 200
    assert b"Centres of Excellence network" in body
    assert "Content-Security-Policy" in headers


def test_database_outage_gives_503_then_recovers_without_restart(server):
    assert fetch(server["url"] + "/")[0] == 200  # a (persistent) connection is open
    server["outage"].down()
    try:
        # The page cache is in the database here (no REDIS_URL), so it is down too: every
        # page needs the database, and gets the clear 503 page (with Redis, stored pages
        # would go on being served).
        assert fetch(server["url"] + "/")[0] == 503
        status, headers, body = fetch(server["url"] + "/?not-cached=outage")
        assert status == 503
        assert headers["Retry-After"] == "20"
        assert b"The site is temporarily unavailable" in body
        assert b"Traceback" not in body
        health_status, _, health = fetch(server["url"] + "/healthz")
        assert health_status == 503
        assert json.loads(health)["failed"] == ["database"]
    finally:
        server["outage"].up()
    status, _, body = fetch(server["url"] + "/")
    assert status == 200
    assert fetch(server["url"] + "/healthz")[0] == 200


def test_requests_are_logged_as_json_lines(server):
    fetch(server["url"] + "/healthz", {"X-Request-ID": "probe-42"})
    time.sleep(0.5)
    lines = []
    for raw in server["log"].read_text().splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue  # gunicorn's own start-up lines are plain text
    [line] = [
        line
        for line in lines
        if line.get("logger") == "cms.request" and line.get("request_id") == "probe-42"
    ]
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert "duration_ms" in line
    assert any(
        line.get("source") == "gunicorn.access" and line.get("request_id") == "probe-42"
        for line in lines
    )
    errors = [line for line in lines if line.get("logger") == "cms.errors"]
    assert all("traceback" not in line for line in errors)

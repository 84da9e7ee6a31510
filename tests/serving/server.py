"""Running the production server (bin/serve: collectstatic, migrate, gunicorn) from a test.

Shared by the serving tests that need a real gunicorn: test_production_server (health,
static files, logs, an outage) and test_mixed_load (50 clients for a minute). The server
gets production settings from the environment, a database of its own and a free port on
127.0.0.1, and is always stopped, with everything it started.
"""

import contextlib
import os
import secrets
import sys
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import sql

from bench import server as bench_server
from tests.serving.outage import DatabaseProxy, SqliteOutage

ROOT = Path(__file__).resolve().parents[2]
free_port = bench_server.free_port


def fetch(url, headers=None, timeout=10):
    """(status, headers, body) for a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (http://127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextlib.contextmanager
def production_database(base, relay=True):
    """(DATABASE_URL for the server, outage with down()/up(), connection max age).

    On SQLite (the suite's default) a new file under `base`; on PostgreSQL (the suite's
    DATABASE_URL) a fresh database `<suite name>_production_server`, dropped afterwards,
    reached through a relay that can be cut when `relay` (else the outage is None)."""
    suite = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    if "postgresql" not in suite["ENGINE"]:
        database_dir = base / "database"
        database_dir.mkdir()
        yield f"sqlite:///{database_dir / 'db.sqlite3'}", SqliteOutage(database_dir), "0"
        return
    name = f"{suite['NAME']}_production_server"
    host, port = suite["HOST"] or "127.0.0.1", int(suite["PORT"] or 5432)
    admin = psycopg.connect(
        host=host,
        port=port,
        user=suite["USER"],
        password=suite["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    admin.execute(drop)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    proxy = None
    if relay:
        proxy = DatabaseProxy(host, port)
        proxy.up()
        host, port = "127.0.0.1", proxy.port
    credentials = suite["USER"] + (f":{suite['PASSWORD']}" if suite["PASSWORD"] else "")
    try:
        yield f"postgres://{credentials}@{host}:{port}/{name}", proxy, "60"
    finally:
        if proxy is not None:
            proxy.down()
        admin.execute(drop)
        admin.close()


def production_env(base, database_url, conn_max_age, **overrides):
    """The environment bin/serve and manage.py get: production settings, nothing inherited
    from the suite's own Django, cache, search or gunicorn configuration."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "REDIS_", "ELASTICSEARCH_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE=conn_max_age,
        STATIC_ROOT=str(base / "static"),
        MEDIA_ROOT=str(base / "media"),
        PYTHON=sys.executable,
    )
    env.update(overrides)
    return env


@contextlib.contextmanager
def serve(env, log_path):
    """Run bin/serve with `env` on a free port until /healthz answers; yields the base URL.

    Everything the server prints goes to `log_path`; the whole process group is stopped on
    the way out. The benchmark starts its server the same way (bench/server.py)."""
    Path(log_path).write_bytes(b"")
    with contextlib.ExitStack() as stack:
        try:
            url, _master = stack.enter_context(bench_server.gunicorn(env, log_path))
        except bench_server.DidNotStart as error:
            pytest.fail(f"{error}\n{Path(log_path).read_text()}")
        yield url

"""Running the production server (bin/serve: collectstatic, migrate, gunicorn) from a test.

Shared by the serving tests that need a real gunicorn: test_production_server (health,
static files, logs, an outage) and test_mixed_load (50 clients for a minute). The server
gets production settings from the environment, a database of its own and a free port on
127.0.0.1, and is always stopped, with everything it started.
"""

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
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


def _suite_database():
    return dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))


def _admin_connection(suite):
    return psycopg.connect(
        host=suite["HOST"] or "127.0.0.1",
        port=int(suite["PORT"] or 5432),
        user=suite["USER"],
        password=suite["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _database_name(suite, purpose):
    """A PostgreSQL database name of this run's own: each pytest-xdist worker has its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{suite['NAME']}_{purpose}{'_' + worker if worker else ''}"


class Release:
    """What a release step leaves before bin/serve starts: static files collected and a
    database migrated, done once for the run and copied for each server, instead of once a
    server. The commands are bin/serve's own. With pytest-xdist the workers share one: the
    first to ask makes it under a lock, the others wait and reuse it."""

    def __init__(self, static_root, database):
        self.static_root = static_root
        self.database = database  # a migrated SQLite file, or a PostgreSQL template's name

    @classmethod
    def shared(cls, root):
        """The run's release in `root` (a folder every worker of the run sees)."""
        base = Path(root) / "release"
        with held(Path(root) / "release.lock"):
            record = base / "release.json"
            if record.exists():
                made = json.loads(record.read_text())
                return cls(Path(made["static_root"]), made["database"])
            base.mkdir(exist_ok=True)
            release = cls.make(base)
            record.write_text(
                json.dumps(
                    {"static_root": str(release.static_root), "database": str(release.database)}
                )
            )
            return release

    @staticmethod
    def template_name():
        suite = _suite_database()
        if "postgresql" not in suite["ENGINE"]:
            return None
        return f"{suite['NAME']}_production_template"

    @classmethod
    def drop_template(cls):
        template = cls.template_name()
        if template is None:
            return
        with _admin_connection(_suite_database()) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(template))
            )

    @classmethod
    def make(cls, base):
        suite = _suite_database()
        template = cls.template_name()
        if template is not None:
            cls.drop_template()
            with _admin_connection(suite) as admin:
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
            credentials = suite["USER"] + (f":{suite['PASSWORD']}" if suite["PASSWORD"] else "")
            address = f"{suite['HOST'] or '127.0.0.1'}:{int(suite['PORT'] or 5432)}"
            database_url = f"postgres://{credentials}@{address}/{template}"
            database = template
        else:
            (base / "database").mkdir()
            database = base / "database" / "db.sqlite3"
            database_url = f"sqlite:///{database}"
        env = production_env(base, database_url, "0")
        # Side by side, as a release does: static files (CPU-bound compression) while the
        # database is migrated.
        collecting = subprocess.Popen(  # noqa: S603 (manage.py, fixed arguments)
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        migrating = subprocess.run(  # noqa: S603 (manage.py, fixed arguments)
            [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        _, errors = collecting.communicate(timeout=600)
        if collecting.returncode:
            pytest.fail(f"collectstatic failed:\n{errors[-4000:]}")
        if migrating.returncode:
            pytest.fail(f"migrate failed:\n{migrating.stderr[-4000:]}")
        return cls(base / "static", database)

    def environment(self, env):
        """`env` for a bin/serve that finds the release done: the shared static files, and
        its database already migrated (bin/serve still runs migrate: nothing to do)."""
        return {**env, "STATIC_ROOT": str(self.static_root), "SKIP_COLLECTSTATIC": "1"}


@contextlib.contextmanager
def held(lock_path):
    """An exclusive lock on a file, across the run's processes (pytest-xdist workers)."""
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def production_database(base, relay=True, release=None):
    """(DATABASE_URL for the server, outage with down()/up(), connection max age).

    On SQLite (the suite's default) a new file under `base`; on PostgreSQL (the suite's
    DATABASE_URL) a fresh database `<suite name>_production_server`, dropped afterwards,
    reached through a relay that can be cut when `relay` (else the outage is None). With a
    `release` (a Release), the database starts as its migrated copy."""
    suite = _suite_database()
    if "postgresql" not in suite["ENGINE"]:
        database_dir = base / "database"
        database_dir.mkdir()
        if release is not None:
            shutil.copyfile(release.database, database_dir / "db.sqlite3")
        yield f"sqlite:///{database_dir / 'db.sqlite3'}", SqliteOutage(database_dir), "0"
        return
    name = _database_name(suite, "production_server")
    host, port = suite["HOST"] or "127.0.0.1", int(suite["PORT"] or 5432)
    admin = _admin_connection(suite)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    admin.execute(drop)
    if release is not None:
        # One copy at a time: PostgreSQL refuses to copy a template another session is using.
        with held(Path(tempfile.gettempdir()) / f"{release.database}.lock"):
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(release.database)
                )
            )
    else:
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

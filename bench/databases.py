"""Throwaway databases for the load benchmark: a SQLite file, or coe_bench_load on PostgreSQL."""

import contextlib
import os

import dj_database_url

# BENCH_POSTGRES_NAME names another one (people sharing a server keep to their own names).
POSTGRES_NAME = os.environ.get("BENCH_POSTGRES_NAME", "coe_bench_load")


def postgres_server():
    """Connection settings of the PostgreSQL in DATABASE_URL, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    parsed = dj_database_url.parse(url) if url.startswith("postgres") else {}
    return {
        "host": parsed.get("HOST") or "127.0.0.1",
        "port": int(parsed.get("PORT") or 5432),
        "user": parsed.get("USER") or "postgres",
        "password": parsed.get("PASSWORD") or "",
    }


def _admin_connection(server):
    import psycopg

    return psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["password"] or None,
        dbname="postgres",
        autocommit=True,
    )


def postgres_exists(server, name=POSTGRES_NAME):
    with _admin_connection(server) as admin:
        return bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


@contextlib.contextmanager
def postgres_database(reuse=False, keep=False, name=POSTGRES_NAME):
    """Yield the URL of a fresh (or, with reuse, the existing) benchmark database."""
    from psycopg import sql

    if "bench" not in name:
        raise ValueError(f"benchmark databases have 'bench' in their name: {name!r}")
    server = postgres_server()
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    existed = postgres_exists(server, name)
    if not (reuse and existed):
        with _admin_connection(server) as admin:
            admin.execute(drop)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = server["user"] + (f":{server['password']}" if server["password"] else "")
    try:
        yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}"
    finally:
        if not keep:
            with _admin_connection(server) as admin:
                admin.execute(drop)


@contextlib.contextmanager
def sqlite_database(workdir, reuse=False, keep=False):
    path = workdir / "coe_bench_load.sqlite3"
    if path.exists() and not reuse:
        path.unlink()
    try:
        yield f"sqlite:///{path}"
    finally:
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    path.with_name(path.name + suffix).unlink()


def database(kind, workdir, reuse=False, keep=False):
    if kind == "sqlite":
        return sqlite_database(workdir, reuse=reuse, keep=keep)
    if kind == "postgres":
        return postgres_database(reuse=reuse, keep=keep)
    raise ValueError(f"unknown database {kind!r}: sqlite or postgres")

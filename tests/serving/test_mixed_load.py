"""Load: 50 concurrent clients for 30 seconds of browsing, searching and saving drafts,
against the production server (bin/serve: gunicorn with cms/gunicorn.conf.py, two
processes of four threads): no error responses, and no lost draft.

The server gets production settings and a database of its own (a SQLite file, or a fresh
PostgreSQL database when the suite runs with DATABASE_URL), seeded with a small network
(tests/serving/load_network.py) while its static files are collected. Then ten editors,
each of their own school, save drafts of their annual update through the Wagtail editor,
while twenty visitors browse and twenty searchers search (tests/serving/load_clients.py).
Afterwards every save the server acknowledged must be a revision of that update, and the
latest revision must hold the last one. LOAD_TEST_SECONDS sets another length
(bench-load is where throughput is measured; here it is errors and lost drafts).
"""

import json
import os
import subprocess
import sys
import time

import pytest

from tests.serving.load_clients import run_load
from tests.serving.server import ROOT, production_database, production_env, serve

SECONDS = float(os.environ.get("LOAD_TEST_SECONDS", "30"))
EDITORS, VISITORS, SEARCHERS = 10, 20, 20
SETUP_SECONDS = 600


def run(env, *args, stdin=None):
    """Run a command in the server's environment; its stdout, or the test fails."""
    done = subprocess.run(  # noqa: S603 (our scripts, fixed arguments)
        args,
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=SETUP_SECONDS,
        check=False,
    )
    if done.returncode:
        pytest.fail(f"{' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return done.stdout


@pytest.fixture(scope="module")
def loaded_server(tmp_path_factory, released):
    """The production server over a seeded network, with the plan the clients follow."""
    base = tmp_path_factory.mktemp("load")
    started = time.monotonic()
    with production_database(base, relay=False, release=released) as (
        database_url,
        _,
        conn_max_age,
    ):
        env = production_env(base, database_url, conn_max_age)
        # After the release steps (static files collected, the database migrated: done once
        # for the run), the network is seeded, then bin/serve is told the release is done.
        plan = json.loads(
            run(env, sys.executable, "-m", "tests.serving.load_network", "seed", str(EDITORS))
        )
        log_path = base / "server.log"
        with serve({**released.environment(env), "SKIP_MIGRATE": "1"}, log_path) as url:
            setup = time.monotonic() - started
            yield {"url": url, "plan": plan, "env": env, "log": log_path, "setup": setup}


def server_errors(log_path):
    """The error lines the server logged (JSON lines at level ERROR or above)."""
    errors = []
    for raw in log_path.read_text().splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and line.get("level") in ("ERROR", "CRITICAL"):
            errors.append(raw[:500])
    return errors


def test_mixed_load_gives_no_errors_and_loses_no_draft(loaded_server, capsys):
    plan = loaded_server["plan"]
    recorder, wall = run_load(
        loaded_server["url"], plan, SECONDS, visitors=VISITORS, searchers=SEARCHERS
    )
    update_ids = [editor["update_id"] for editor in plan["editors"]]
    saved = json.loads(
        run(
            loaded_server["env"],
            sys.executable,
            "-m",
            "tests.serving.load_network",
            "verify",
            stdin=json.dumps(update_ids),
        )
    )
    engine = "PostgreSQL" if "postgres" in loaded_server["env"]["DATABASE_URL"] else "SQLite"
    summary = (
        f"Mixed load on {engine}: {EDITORS + VISITORS + SEARCHERS} clients, {wall:.0f}s "
        f"(set-up {loaded_server['setup']:.0f}s), "
        f"{recorder.total} requests ({recorder.total / wall:.1f}/s), "
        f"{recorder.save_count} drafts saved, {len(recorder.failures)} failures, "
        f"p50 {recorder.percentile(0.5) * 1000:.0f} ms, "
        f"p95 {recorder.percentile(0.95) * 1000:.0f} ms"
    )
    with capsys.disabled():
        print(f"\n{summary}\n{recorder.table()}")

    failures = "\n".join(str(failure) for failure in recorder.failures[:20])
    logged = "\n".join(server_errors(loaded_server["log"])[:10])
    assert not recorder.failures, f"{summary}\n{failures}\nServer errors:\n{logged}"

    # Enough work that passing means something: every editor saved, and the server was busy.
    assert all(recorder.saves.get(update_id) for update_id in update_ids), (summary, recorder.saves)
    # No lost draft: each acknowledged save is one revision, in order, the last one latest;
    # and nothing was saved that the editor was not told about.
    for update_id in update_ids:
        acknowledged = recorder.saves.get(update_id, [])
        stored = saved[str(update_id)]
        revisions = [marker for marker in stored["revisions"] if marker]
        assert revisions == acknowledged, f"update {update_id}: {revisions} != {acknowledged}"
        assert stored["latest"] == acknowledged[-1]
        assert stored["latest_is_newest"]

    # The floors hold on a 2-core machine shared with other busy jobs (the summary line
    # gives the figures); on a quiet one the run does about twice as much.
    assert recorder.save_count >= SECONDS / 6, summary
    assert recorder.total >= 2.5 * SECONDS, summary
    assert len(recorder.durations) >= 15, recorder.table()

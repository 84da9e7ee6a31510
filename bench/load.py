"""Throughput and latency of the site's pages on gunicorn, under 1, 10 and 50 clients.

    python bench/load.py [--databases sqlite,postgres] [--schools 2000] [--clients 1,10,50]
        [--seconds 10] [--page-cache on|off|both] [--json FILE]

For each database: a throwaway database (a SQLite file in a temporary directory; database
coe_bench_load on the PostgreSQL of DATABASE_URL, else 127.0.0.1), migrated, seeded with
`seed_demo --schools N` (the network and its practice) and indexed (`rebuild_practice_index`).
Then SQL queries and time per page type in process (bench/queries.py, page cache off), then
gunicorn as production starts it (bin/serve, cms/gunicorn.conf.py, settings from the
environment; bench.settings adds only a constant view), loaded with wrk for `--seconds` per
page and concurrency: requests/s, p50/p95/p99 latency, errors (non-2xx and socket errors),
and each page's throughput as a ratio to the constant view at the same concurrency. Worker
memory (VmRSS of each gunicorn worker) is read after the load. gunicorn is always stopped
and the database dropped, unless --keep. Figures are printed as markdown tables.

wrk is the load generator (Debian: `apt-get install wrk`); it is one C thread, so it takes
little of the CPU the server needs. Its latency is that of a closed loop (each client waits
for its answer before it asks again), so it is the latency seen at that throughput.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import server  # noqa: E402
from bench.databases import database  # noqa: E402
from bench.report import errors_of, ratio, table  # noqa: E402

LUA = ROOT / "bench/lua/report.lua"
# bench/urls.py serves it (this module does not import Django; a test checks they agree).
CONSTANT_URL = "/bench/constant"
# Page types loaded over HTTP, in this order; the in-process figures cover more types.
LOADED = ["constant", "home", "directory", "case study", "search page", "search API"]
WRK_INSTALL = (
    "wrk is needed for the load benchmark and was not found.\n"
    "  Debian/Ubuntu: sudo apt-get install wrk\n"
    "  macOS:         brew install wrk\n"
    "or name it with --wrk /path/to/wrk."
)


def say(text=""):
    print(text, flush=True)


def load_average():
    return tuple(round(value, 2) for value in os.getloadavg())


# ------ Preparing a database ------


def manage(args, env, log_path):
    """Run manage.py; return (seconds, stdout); fail loudly, with the log, if it fails."""
    start = time.perf_counter()
    with open(log_path, "ab") as log:
        log.write(f"\n$ manage.py {' '.join(args)}\n".encode())
        log.flush()
        result = subprocess.run(  # noqa: S603 (our manage.py, fixed arguments)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            check=False,
        )
        log.write(result.stdout)
    if result.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed (exit {result.returncode}): {log_path}"
        )
    return time.perf_counter() - start, result.stdout.decode()


def prepare(env, schools, log_path):
    """Migrate, seed (with dev settings: seed_demo refuses production) and index."""
    timings = {}
    timings["migrate"], _ = manage(["migrate", "--noinput"], env, log_path)
    # As bin/serve does: production's cache is a table in the database.
    manage(["createcachetable"], env, log_path)
    seed_env = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    timings["seed_demo"], output = manage(
        ["seed_demo", "--schools", str(schools)], seed_env, log_path
    )
    ready = [line for line in output.splitlines() if line.startswith("Demo network ready")]
    timings["rebuild_practice_index"], _ = manage(["rebuild_practice_index"], env, log_path)
    if env["DATABASE_URL"].startswith("postgres"):
        timings["analyze"] = analyze(env["DATABASE_URL"])
    return timings, ready[-1] if ready else ""


def analyze(database_url):
    """Planner statistics for what was just written, as autovacuum would gather them in
    time. Without them (a server with autovacuum off, or a load straight after the seed)
    PostgreSQL plans for empty tables: the uncached home page took 932 ms instead of 177."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    return time.monotonic() - started


def page_queries(env, runs, query, log_path):
    """bench/queries.py in its own process: URLs to load, and SQL and time per page type."""
    with open(log_path, "ab") as log:
        result = subprocess.run(  # noqa: S603 (our module, fixed arguments)
            [sys.executable, "-m", "bench.queries", "--runs", str(runs), "--query", query],
            cwd=ROOT,
            env={**env, "PAGE_CACHE_ENABLED": "0"},
            stdout=subprocess.PIPE,
            stderr=log,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"bench.queries failed (exit {result.returncode}): {log_path}")
    return json.loads(result.stdout.decode().strip().splitlines()[-1])


# ------ Load ------


def wrk(binary, url, clients, seconds, threads):
    """One wrk run; the dict printed by bench/lua/report.lua."""
    command = [
        binary,
        f"--threads={min(threads, clients)}",
        f"--connections={clients}",
        f"--duration={seconds}s",
        "--timeout=30s",  # gunicorn's worker timeout: longer is a failure anyway
        f"--script={LUA}",
        *[
            arg
            for key, value in server.HTTPS_PROXY_HEADERS.items()
            for arg in ("-H", f"{key}: {value}")
        ],
        url,
    ]
    result = subprocess.run(  # noqa: S603 (wrk, fixed arguments)
        command, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("WRK_JSON ")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    run = json.loads(lines[-1].removeprefix("WRK_JSON "))
    run["requests_per_second"] = run["requests"] / (run["duration_us"] / 1e6)
    run["errors"] = errors_of(run)
    return run


def server_log_counts(log_path, start_offset):
    """Worker recycles, worker boots and logged server errors since `start_offset`."""
    with open(log_path, "rb") as log:
        log.seek(start_offset)
        text = log.read().decode(errors="replace")
    return {
        "worker_boots": text.count("Booting worker with pid"),
        "worker_recycles": text.count("Autorestarting worker"),
        "status_5xx_logged": sum(
            1
            for line in text.splitlines()
            if '"logger": "cms.request"' in line and '"status": 5' in line
        ),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
    }


def load_site(args, env, targets, log_path, page_cache):
    """Start gunicorn, load each page at each concurrency, read worker memory, stop."""
    env = {**env, "PAGE_CACHE_ENABLED": "1" if page_cache else "0"}
    paths = {"constant": CONSTANT_URL, **targets}
    offset = log_path.stat().st_size if log_path.exists() else 0
    steps = []
    with server.gunicorn(env, log_path, sys.executable) as (url, master):
        for name in LOADED:
            status, _ = server.fetch(url + paths[name], timeout=60)
            if status != 200:
                raise RuntimeError(f"{name} {paths[name]} answered {status}: {log_path}")
            if args.warmup:
                wrk(args.wrk, url + paths[name], min(10, max(args.clients)), args.warmup, 1)
        for clients in args.clients:
            for name in LOADED:
                drained = server.wait_idle(master)
                before = load_average()
                run = wrk(args.wrk, url + paths[name], clients, args.seconds, args.wrk_threads)
                run.update(page=name, path=paths[name], clients=clients, drained_s=drained)
                run["load_before"], run["load_after"] = before, load_average()
                steps.append(run)
                say(
                    f"  {name:12} {clients:3} clients: {run['requests_per_second']:8.1f} req/s, "
                    f"p50 {run['latency_us']['p50'] / 1000:7.1f} ms, "
                    f"p99 {run['latency_us']['p99'] / 1000:7.1f} ms, errors {run['errors']}, "
                    f"load {run['load_after'][0]}"
                )
        memory = server.worker_memory(master)
    ceilings = {s["clients"]: s["requests_per_second"] for s in steps if s["page"] == "constant"}
    for step in steps:
        step["ratio_to_constant"] = ratio(
            step["requests_per_second"], ceilings.get(step["clients"])
        )
    return {
        "page_cache": page_cache,
        "steps": steps,
        "memory_kib": [
            {"role": role, "pid": pid, "rss": rss, "peak": peak} for role, pid, rss, peak in memory
        ],
        "server_log": server_log_counts(log_path, offset),
    }


# ------ Reporting ------


def load_table(result):
    rows = []
    for step in result["steps"]:
        latency = step["latency_us"]
        rows.append(
            [
                step["page"],
                step["clients"],
                round(step["requests_per_second"], 1),
                round(latency["p50"] / 1000, 1),
                round(latency["p95"] / 1000, 1),
                round(latency["p99"] / 1000, 1),
                step["requests"],
                step["errors"],
                None if step["ratio_to_constant"] is None else round(step["ratio_to_constant"], 3),
            ]
        )
    headers = ["page", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "requests", "errors",
               "ratio to constant"]  # fmt: skip
    return table(headers, rows, align=["l"] + ["r"] * 8)


def queries_table(queries):
    rows = [
        [
            page["page"],
            page["status"],
            page["queries"]
            if page["queries_min"] == page["queries_max"]
            else f"{page['queries_min']}-{page['queries_max']}",
            round(page["median_ms"], 1),
            round(page["p95_ms"], 1),
            page["bytes"],
            page["url"],
        ]
        for page in queries["pages"]
    ]
    headers = ["page type", "status", "SQL queries", "median ms", "p95 ms", "bytes", "URL"]
    return table(headers, rows, align=["l", "r", "r", "r", "r", "r", "l"])


def memory_table(result):
    rows = [
        [m["role"], m["pid"], round(m["rss"] / 1024, 1), round(m["peak"] / 1024, 1)]
        for m in result["memory_kib"]
    ]
    return table(["process", "pid", "RSS MiB", "peak RSS MiB"], rows, align=["l", "r", "r", "r"])


def gunicorn_settings(env):
    keys = ["GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_MAX_REQUESTS", "DB_CONN_MAX_AGE"]
    defaults = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4", "GUNICORN_MAX_REQUESTS": "2000",
                "DB_CONN_MAX_AGE": "0"}  # fmt: skip
    return ", ".join(f"{key}={env.get(key, defaults[key])}" for key in keys)


def report(database_result):
    kind = database_result["database"]
    say(f"\n### {kind}\n")
    prep = database_result["prepare"]
    if prep.get("timings"):
        say(
            "Prepared in "
            + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in prep["timings"].items())
        )
    if prep.get("seed_summary"):
        say(prep["seed_summary"])
    queries = database_result["queries"]
    say(f"\nSQL queries and time per page type, in process, page cache off ({queries['database']}, "
        f"{queries['pages'][0]['runs']} requests each; search for the word has "
        f"{queries['search_hits']} hits):\n")  # fmt: skip
    say(queries_table(queries))
    for result in database_result["load"]:
        label = "on (as production)" if result["page_cache"] else "OFF"
        say(f"\nLoad on gunicorn, {kind}, page cache {label}; {database_result['gunicorn']}:\n")
        say(load_table(result))
        say(f"\nWorker memory after that load ({kind}, page cache {label}):\n")
        say(memory_table(result))
        log = result["server_log"]
        say(
            f"\nServer log during that load: {log['worker_boots']} worker boots, "
            f"{log['worker_recycles']} recycles (max_requests), {log['worker_timeouts']} worker "
            f"timeouts, {log['status_5xx_logged']} responses 5xx."
        )


# ------ Main ------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--seconds", type=int, default=10, help="per page and concurrency")
    parser.add_argument("--warmup", type=int, default=2, help="seconds per page before timing")
    parser.add_argument("--page-cache", choices=["on", "off", "both"], default="on")
    parser.add_argument("--runs", type=int, default=30, help="in-process requests per page")
    parser.add_argument("--query", default="attendance", help="the word searched for")
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="migrate, seed and index, then stop (with --keep --workdir, for --reuse later)",
    )
    parser.add_argument(
        "--max-requests",
        default="0",
        help="GUNICORN_MAX_REQUESTS for the run (production: 2000; 0: workers not recycled)",
    )
    parser.add_argument("--wrk", default=shutil.which("wrk") or "")
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--json", default="", help="also write every figure to this file")
    parser.add_argument("--workdir", default="", help="keep databases and logs here")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="use a database prepared by an earlier --keep run"
    )
    args = parser.parse_args(argv)
    args.databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    args.clients = [int(number) for number in args.clients.split(",")]
    if not args.prepare_only and (not args.wrk or not Path(args.wrk).exists()):
        parser.exit(2, WRK_INSTALL + "\n")
    return args


def run_database(args, kind, workdir):
    log_path = workdir / f"{kind}.log"
    marker = workdir / f"prepared-{kind}.json"
    reuse = (
        args.reuse and marker.exists() and json.loads(marker.read_text())["schools"] == args.schools
    )
    with database(kind, workdir, reuse=reuse, keep=args.keep) as database_url:
        env = server.site_environment(
            os.environ,
            database_url,
            workdir,
            secret_key=secrets.token_urlsafe(50),
            GUNICORN_MAX_REQUESTS=args.max_requests,
        )
        prepared = {"reused": reuse}
        if not reuse:
            say(f"{kind}: migrate, seed_demo --schools {args.schools}, rebuild_practice_index ...")
            timings, summary = prepare(env, args.schools, log_path)
            prepared.update(timings=timings, seed_summary=summary)
            marker.write_text(json.dumps({"schools": args.schools}))
            say("  " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()))
        else:
            # A database prepared by an older checkout gets this one's migrations (none: quick).
            manage(["migrate", "--noinput"], env, log_path)
        if not (workdir / "static" / "staticfiles.json").exists():
            manage(["collectstatic", "--noinput", "--verbosity", "0"], env, log_path)
        # bin/serve need not do either again; it still starts gunicorn as in production.
        env.update(SKIP_COLLECTSTATIC="1", SKIP_MIGRATE="1")
        if args.prepare_only:
            return {"database": kind, "prepare": prepared}
        say(f"{kind}: SQL queries and time per page type ...")
        queries = page_queries(env, args.runs, args.query, log_path)
        modes = {"on": [True], "off": [False], "both": [True, False]}[args.page_cache]
        results = []
        for page_cache in modes:
            say(f"{kind}: load, page cache {'on' if page_cache else 'off'} ...")
            results.append(load_site(args, env, queries["targets"], log_path, page_cache))
        if not args.keep:
            marker.unlink(missing_ok=True)
    return {
        "database": kind,
        "prepare": prepared,
        "queries": queries,
        "load": results,
        "gunicorn": gunicorn_settings(env),
    }


def _stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main(argv=None):
    args = parse_args(argv)
    # Stopped from outside, still stop gunicorn and drop the database (the finally blocks).
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = datetime.datetime.now(datetime.UTC)
    say(
        f"Load benchmark, {started:%Y-%m-%d %H:%M} UTC: {os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}, load average "
        f"{load_average()}; --schools {args.schools}, clients {args.clients}, "
        f"{args.seconds} s a step"
    )
    temporary = None
    if args.workdir:
        workdir = Path(args.workdir).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        temporary = tempfile.TemporaryDirectory(prefix="coe_bench_load-")
        workdir = Path(temporary.name)
    results = []
    try:
        for kind in args.databases:
            results.append(run_database(args, kind, workdir))
    finally:
        if temporary is not None and not args.keep:
            temporary.cleanup()
    figures = {
        "started": started.isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "arguments": {key: value for key, value in vars(args).items() if key != "wrk"},
        "load_average_end": load_average(),
        "databases": results,
    }
    if args.prepare_only:
        for result in results:
            say(f"{result['database']}: prepared {result['prepare']}")
        return
    say(f"\n## Load benchmark results ({started:%Y-%m-%d %H:%M} UTC)")
    for result in results:
        report(result)
    say(f"\nLoad average at the end: {figures['load_average_end']}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2))
        say(f"Figures written to {args.json}")


if __name__ == "__main__":
    main()

"""gunicorn for the load benchmark, started as production starts it, and always stopped.

bin/serve collects static files, migrates (nothing to do by then) and execs gunicorn with
cms/gunicorn.conf.py, so the process we start is the gunicorn master. Settings are
bench.settings: production's, plus the constant view. The proxy that would end HTTPS is
played by the load generator sending X-Forwarded-Proto: https (gunicorn trusts it from
127.0.0.1, as FORWARDED_ALLOW_IPS says by default), so SECURE_SSL_REDIRECT stays on.
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 300
HTTPS_PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# The tuning variables a caller may set for the run; the rest of GUNICORN_* is ours.
PASSED_THROUGH = (
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_TIMEOUT",
    "GUNICORN_KEEPALIVE",
    "DB_CONN_MAX_AGE",
)


def free_port():
    """A free port: any (the system's choice), or the first free one of BENCH_PORTS
    ("8200-8299") where people sharing a machine keep to their own range."""
    low, _, high = os.environ.get("BENCH_PORTS", "").partition("-")
    candidates = range(int(low), int(high or low) + 1) if low else [0]
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise OSError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def fetch(url, timeout=10):
    """(status, body) for a GET through the pretend proxy, whatever the status."""
    request = urllib.request.Request(url, headers=HTTPS_PROXY_HEADERS)  # noqa: S310 (127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def site_environment(base_env, database_url, workdir, secret_key, **extra):
    """The environment of production, as docs/deploy.md describes it, for this run."""
    env = {
        key: value
        for key, value in base_env.items()
        if not key.startswith(("DJANGO_", "AWS_", "REDIS_", "ELASTICSEARCH_", "GUNICORN_"))
        and key not in ("DATABASE_URL", "PAGE_CACHE_ENABLED", "DB_CONN_MAX_AGE")
    }
    env.update({key: base_env[key] for key in PASSED_THROUGH if key in base_env})
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    env.update(extra)
    return env


class DidNotStart(RuntimeError):
    """bin/serve exited, or did not answer /healthz in time; the message names the log."""


@contextlib.contextmanager
def gunicorn(env, log_path, python=None):
    """Start bin/serve on a free port, and bin/worker (the task worker) beside it, as
    production runs them; yield (url, master pid); stop both whatever happens.

    Also the serving tests' server (tests/serving/server.py). Everything they print is
    appended to `log_path`; each whole process group is stopped on the way out."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    if python:
        env["PYTHON"] = python
    task_worker = None
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603 (our script, fixed arguments)
            [str(ROOT / "bin/serve")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise DidNotStart(f"gunicorn exited early (exit {process.returncode}): {log_path}")
            with contextlib.suppress(OSError):
                if fetch(url + "/healthz", timeout=2)[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise DidNotStart(f"gunicorn did not answer in {STARTUP_SECONDS}s: {log_path}")
            time.sleep(0.3)
        # bin/serve has migrated by now: the worker finds its queue's table.
        with open(log_path, "ab") as log:
            task_worker = subprocess.Popen(  # noqa: S603 (our script, fixed arguments)
                [str(ROOT / "bin/worker")],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        yield url, process.pid
    finally:
        if task_worker is not None:
            stop(task_worker)
        stop(process)


def stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# ------ Memory ------


def children(pid):
    """Process ids whose parent is `pid` (gunicorn's workers, for its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def memory_kib(pid):
    """{"rss": VmRSS, "peak": VmHWM} of a process, in KiB (None if it has gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    values = {}
    for line in lines:
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values["rss" if key == "VmRSS" else "peak"] = int(rest.split()[0])
    return values


def worker_memory(master_pid):
    """[(role, pid, rss KiB, peak KiB)] for the master and each of its workers."""
    rows = []
    for role, pid in [("master", master_pid)] + [("worker", p) for p in children(master_pid)]:
        memory = memory_kib(pid)
        if memory:
            rows.append((role, pid, memory["rss"], memory["peak"]))
    return rows


def cpu_seconds(pids):
    """User and system CPU time of these processes, in seconds (gone ones count nothing)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def wait_idle(master_pid, timeout=180, interval=1.0, busy=0.04):
    """Wait until the workers have finished what an earlier step left queued.

    wrk stops at the end of a step, but requests it had sent are still queued in the
    workers; the next step would otherwise pay for them. Idle: under `busy` seconds of CPU
    in `interval` seconds. Returns the seconds waited.
    """
    start = time.monotonic()
    workers = children(master_pid)
    before = cpu_seconds(workers)
    while time.monotonic() - start < timeout:
        time.sleep(interval)
        workers = children(master_pid)
        now = cpu_seconds(workers)
        if now - before < busy:
            break
        before = now
    return time.monotonic() - start

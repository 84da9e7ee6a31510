"""An email written while the mail server is down goes once it is back, exactly once, sent by
the real task worker (bin/worker) with production settings, across a restart of the worker.

A separate process writes the email (as a request, a cron job or a management command would);
bin/worker tries it against a port where nothing listens, and tries again, later each time;
the worker is stopped (a deploy), a real SMTP server (aiosmtpd) starts on that port, and the
worker started again sends the message that waited in the database, once.
"""

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from bench import server as bench_server
from tests.serving.server import ROOT, production_database, production_env

WAIT_SECONDS = 90


def manage(env, *args):
    result = subprocess.run(  # noqa: S603 (our manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@contextlib.contextmanager
def task_worker(env, log_path):
    with open(log_path, "ab") as log:
        process = subprocess.Popen(  # noqa: S603 (our script)
            [str(ROOT / "bin/worker")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        bench_server.stop(process)


def wait_for(condition, what, log_path):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen in {WAIT_SECONDS}s:\n{Path(log_path).read_text()}")
        time.sleep(0.1)


class Receiver:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def test_an_email_written_while_the_server_is_down_goes_once_it_is_back(tmp_path, released):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here until the server starts
    with production_database(tmp_path, relay=False, release=released) as (
        database_url,
        _outage,
        conn_max_age,
    ):
        env = production_env(
            tmp_path,
            database_url,
            conn_max_age,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(port),
            EMAIL_TIMEOUT="5",
            TASK_RETRY_FIRST_SECONDS="0.3",
            TASK_RETRY_LONGEST_SECONDS="1",
            TASK_WORKER_INTERVAL="0.2",
            LOG_FORMAT="plain",
            LOG_LEVEL="INFO",
        )
        manage(
            env,
            "shell",
            "-c",
            "from django.core.mail import send_mail; "
            "send_mail('Your annual update was received', 'Thank you, Birch Academy.', "
            "None, ['head@birch.example.org'])",
        )
        log_path = tmp_path / "worker.log"
        with task_worker(env, log_path):
            # Refused, and tried again (later each time) while the server stays down.
            wait_for(
                lambda: "send_email failed (attempt 2 of 12)" in log_path.read_text(),
                "a second failed attempt",
                log_path,
            )
        # The worker is stopped (a deploy, a restart); the message waits in the database.
        receiver = Receiver()
        controller = Controller(receiver, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with task_worker(env, log_path):
                wait_for(lambda: receiver.received, "delivery", log_path)
                # Nothing is left to send: the queue has no task waiting or running.
                manage(env, "shell", "-c", SETTLED)
                still = manage(env, "shell", "-c", COUNTS).strip().splitlines()[-1]
        finally:
            controller.stop()
    [(sender, recipients, content)] = receiver.received
    assert sender == "network@example.org" and recipients == ["head@birch.example.org"]
    assert b"Subject: Your annual update was received" in content
    assert b"Thank you, Birch Academy." in content
    counts = dict(item.split("=") for item in still.split())
    # One attempt sent it; the attempts before it failed and are kept, with why.
    assert (counts["SUCCESSFUL"], counts["READY"], counts["RUNNING"]) == ("1", "0", "0"), still
    assert int(counts["FAILED"]) >= 2, still


SETTLED = (
    "import time; from django_tasks_db.models import DBTaskResult as T; "
    "end = time.monotonic() + 60\n"
    "while (T.objects.ready() | T.objects.running()).exists() and time.monotonic() < end: "
    "time.sleep(0.1)"
)
COUNTS = (
    "from django_tasks_db.models import DBTaskResult as T; "
    "print(*(f'{s}={T.objects.filter(status=s).count()}' "
    "for s in ('SUCCESSFUL', 'READY', 'RUNNING', 'FAILED')))"
)

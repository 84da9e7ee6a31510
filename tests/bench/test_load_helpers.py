"""The load benchmark's own parts: its figures, its wrk script, and the constant view.

Not a timed test: wrk runs for one second against a tiny local server, to check that the
script counts what it says it counts (a redirect is an error for the benchmark, though wrk
itself would pass it).
"""

import http.server
import shutil
import threading

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from bench import load
from bench.report import errors_of, percentile, ratio, table
from bench.server import children, memory_kib
from bench.urls import CONSTANT_BODY, CONSTANT_PATH


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([7], 99) == 7
    assert percentile([3, 1, 2], 50) == 2
    with pytest.raises(ValueError):
        percentile([], 50)


def test_ratio_and_errors():
    assert ratio(50, 200) == 0.25
    assert ratio(50, 0) is None
    run = {"non_2xx": 2, "connect_errors": 1, "read_errors": 0, "write_errors": 0, "timeouts": 3}
    assert errors_of(run) == 6


def test_table_is_markdown():
    text = table(["page", "req/s"], [["home", 12.345], ["directory", None]])
    assert text.splitlines() == [
        "| page      | req/s |",
        "|-----------|------:|",
        "| home      |  12.3 |",
        "| directory |     - |",
    ]


def test_constant_view_is_only_in_the_bench_urls():
    with override_settings(ROOT_URLCONF="bench.urls"):
        assert load.CONSTANT_URL == "/" + CONSTANT_PATH
        response = Client().get(load.CONSTANT_URL)
        assert response.status_code == 200
        assert response.content == CONSTANT_BODY
        assert resolve("/schools/").url_name != "bench_constant"
    with pytest.raises(Resolver404):
        match = resolve("/" + CONSTANT_PATH, urlconf="cms.urls")
        if match.url_name != "bench_constant":
            raise Resolver404  # Wagtail's catch-all answered: not the constant view


def test_memory_of_this_process_is_read():
    import os

    memory = memory_kib(os.getpid())
    assert memory["rss"] > 0
    assert memory["peak"] >= memory["rss"]
    assert os.getpid() in children(os.getppid())


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 302 if self.path == "/redirect" else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        if status == 302:
            self.send_header("Location", "/")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")
@pytest.mark.parametrize(("path", "bad"), [("/ok", False), ("/redirect", True)])
def test_wrk_script_counts_every_answer_that_is_not_2xx(path, bad):
    _Handler.protocol_version = "HTTP/1.1"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}{path}"
        run = load.wrk(shutil.which("wrk"), url, clients=2, seconds=1, threads=1)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert run["requests"] > 0
    assert run["status_400_plus"] == 0
    assert run["non_2xx"] == (run["requests"] if bad else 0)
    assert run["errors"] == run["non_2xx"]
    assert run["latency_us"]["p50"] <= run["latency_us"]["p99"] <= run["latency_us"]["max"]


def test_missing_wrk_says_how_to_install_it(capsys):
    with pytest.raises(SystemExit) as exit_info:
        load.parse_args(["--wrk", "/nonexistent/wrk"])
    assert exit_info.value.code == 2
    assert "apt-get install wrk" in capsys.readouterr().err

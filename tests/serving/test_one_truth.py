"""One truth across processes: what one process changes, every gunicorn worker serves at once.

bin/serve runs two workers (and bin/worker the task worker) with production settings; the
page cache is on. Every page and search is warmed through both workers until each has
answered it (the request log names the process), then another Python process, as a
management command, a cron job or an import would, makes a case study private, unpublishes
one and deletes one, and adds a thesaurus entry. No worker may then serve a stale page,
search result, count or synonym: the cache is one for all of them (the database's here,
since REDIS_URL is unset). With a cache in each process's memory, every worker went on
serving its stored copy (`X-Page-Cache: hit`) for up to PAGE_CACHE_SECONDS.

On SQLite by default; on PostgreSQL when the suite's DATABASE_URL names one.
"""

import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from bench import server as bench_server
from tests.serving.server import ROOT, fetch, production_database, production_env

WARM_SECONDS = 30


def run_action(env, *actions):
    result = subprocess.run(  # noqa: S603 (our module, fixed arguments)
        [sys.executable, "-m", "tests.serving.one_truth_actions", *actions],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def served_by(log_path, request_id):
    """The process that logged the request with this id (the request log's `pid`)."""
    for line in Path(log_path).read_text().splitlines():
        if request_id in line and line.startswith("{"):
            entry = json.loads(line)
            if entry.get("request_id") == request_id and "pid" in entry:
                return entry["pid"]
    return None


class Site:
    def __init__(self, url, log_path, env, pages, workers):
        self.url, self.log_path, self.env, self.pages, self.workers = (
            url,
            log_path,
            env,
            pages,
            workers,
        )
        self._n = 0

    def get(self, path):
        self._n += 1
        request_id = f"onetruth{self._n:024d}"
        status, headers, body = fetch(self.url + path, {"X-Request-ID": request_id})
        return status, headers, body.decode("utf-8", "replace"), request_id

    def warm(self, path, want_hit=True):
        """Ask until every worker has answered `path` (and, for pages, from its cache)."""
        seen = set()
        deadline = time.monotonic() + WARM_SECONDS
        last = None
        while time.monotonic() < deadline:
            status, headers, body, request_id = self.get(path)
            assert status == 200, (path, status)
            last = body
            pid = None
            poll_until = time.monotonic() + 2
            while pid is None and time.monotonic() < poll_until:
                pid = served_by(self.log_path, request_id)
            seen.add(pid)
            if seen >= self.workers and (not want_hit or headers.get("X-Page-Cache") == "hit"):
                return last
        pytest.fail(f"{path} was not answered by every worker {self.workers} (only {seen})")

    def search(self, **params):
        status, _, body, _ = self.get("/api/search/?" + urllib.parse.urlencode(params))
        assert status == 200
        return json.loads(body)


@pytest.fixture(scope="module")
def site(tmp_path_factory, released):
    base = tmp_path_factory.mktemp("one-truth")
    with production_database(base, relay=False, release=released) as (
        database_url,
        _outage,
        conn_max_age,
    ):
        env = production_env(
            base,
            database_url,
            conn_max_age,
            SECURE_SSL_REDIRECT="0",
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="2",
            PAGE_CACHE_ENABLED="1",
            LOG_FORMAT="json",
        )
        log_path = base / "server.log"
        log_path.write_bytes(b"")
        # bin/serve, and bin/worker beside it.
        with bench_server.gunicorn(released.environment(env), log_path) as (url, master):
            pages = json.loads(run_action(env, "build", "settled").strip().splitlines()[-1])
            workers = set(bench_server.children(master))
            assert len(workers) == 2, workers
            yield Site(url, log_path, env, pages, workers)


@pytest.fixture(scope="module")
def changed(site):
    """Everything warmed through both workers, then changed by another process."""
    pages = site.pages
    before = {
        "quokka": site.warm(pages["quokka"]),
        "pangolin": site.warm(pages["pangolin"]),
        "narwhal": site.warm(pages["narwhal"]),
        "school": site.warm(pages["school"]),
        "practice": site.warm("/practice/"),
        "home": site.warm("/"),
    }
    assert "Quokka lunchtime club" in before["quokka"]
    assert "Narwhal sensory room" in before["school"] and "Pangolin" in before["practice"]
    searches = {}
    for params in ({}, {"q": "quokka"}, {"q": "pangolin"}, {"q": "narwhal"}, {"q": "wombatish"}):
        path = "/api/search/?" + urllib.parse.urlencode(params)
        site.warm(path, want_hit=False)
        searches[params.get("q", "")] = site.search(**params)
    assert searches[""]["count"] == 4
    assert searches["quokka"]["count"] == 1 and searches["wombatish"]["count"] == 0

    run_action(site.env, "private", "unpublish", "delete", "synonym", "settled")
    return before, searches


REPEAT = 12  # fresh connections: both workers answer some of them


def test_a_page_made_private_elsewhere_is_not_served_from_any_workers_cache(site, changed):
    for _ in range(REPEAT):
        status, headers, body, _ = site.get(site.pages["quokka"])
        assert headers.get("X-Page-Cache") != "hit"
        assert "Quokka lunchtime club" not in body
        assert status in (302, 200)  # to the sign-in page, or the sign-in form itself


def test_unpublished_and_deleted_pages_are_gone_from_every_worker(site, changed):
    for slug in ("pangolin", "narwhal"):
        for _ in range(REPEAT):
            status, headers, _, _ = site.get(site.pages[slug])
            assert (status, headers.get("X-Page-Cache")) == (404, None), slug


def test_pages_that_listed_them_are_fresh_in_every_worker(site, changed):
    for path in (site.pages["school"], "/practice/", "/"):
        for _ in range(REPEAT):
            status, _, body, _ = site.get(path)
            assert status == 200
            for title in ("Pangolin reading corner", "Narwhal sensory room"):
                assert title not in body, (path, title)
    for _ in range(REPEAT):
        assert "Axolotl phonics" in site.get(site.pages["school"])[2]


def test_search_results_and_counts_are_fresh_in_every_worker(site, changed):
    _, before = changed
    for _ in range(REPEAT):
        for word in ("quokka", "pangolin", "narwhal"):
            assert site.search(q=word)["count"] == 0, word
        browse = site.search()
        assert browse["count"] == 1
        assert [hit["title"] for hit in browse["results"]] == ["Axolotl phonics catch-up"]
        kinds = {item["value"]: item["count"] for item in browse["facets"]["kind"]}
        assert sum(kinds.values()) == 1, kinds
    before_kinds = {item["value"]: item["count"] for item in before[""]["facets"]["kind"]}
    assert sum(before_kinds.values()) == 4


def test_a_thesaurus_entry_added_elsewhere_is_used_by_every_worker(site, changed):
    for _ in range(REPEAT):
        found = site.search(q="wombatish")
        assert [hit["title"] for hit in found["results"]] == ["Axolotl phonics catch-up"]

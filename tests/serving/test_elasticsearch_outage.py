"""Elasticsearch stopping mid-run: searches go on from the database, quickly and quietly,
/healthz says so, publishing goes on, and Elasticsearch serves again once it is back.

Each test starts its own osmem-server (not the session's shared one), since it stops it.
"""

import io
import json
import logging
import os
import signal
import time

import pytest
from django.core.management import call_command
from osmem_server import OsmemServer
from wagtail.test.utils.form_data import nested_form_data, rich_text

from network.models import SchoolPage
from practice.models import CaseStudyPage
from search import service
from search.engines import elastic
from tests.conftest import committed
from tests.factories import school_index
from tests.search.conftest import use_elasticsearch
from tests.search.corpus import ITEMS

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

# A search answered from the database after Elasticsearch went away must not keep the
# searcher waiting: this is generous for a loaded 2-core machine, and far below a timeout.
QUICK = 2.0


class Node:
    """An osmem-server that can be stopped, paused and started again on the same port."""

    def __init__(self):
        self.server = OsmemServer.start(japanese=False)
        self.url = self.server.url
        self.addr = self.url.split("://", 1)[1].rstrip("/")
        self.paused = False

    def stop(self):
        self.server.close(grace=2)

    def start_again(self):
        self.server = OsmemServer.start(japanese=False, addr=self.addr)
        assert self.server.url == self.url

    def pause(self):
        """SIGSTOP: the port still takes connections, but nothing answers (a hung node)."""
        os.kill(self.server.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self):
        os.kill(self.server.process.pid, signal.SIGCONT)
        self.paused = False

    def close(self):
        if self.paused:
            self.resume()
        self.server.close(grace=2)


@pytest.fixture
def node(settings, frameworks):
    node = Node()
    use_elasticsearch(settings, node.url)
    settings.ELASTICSEARCH_URL = node.url
    settings.HEALTHZ_ELASTICSEARCH_TIMEOUT = 1
    # Each search asks an engine: not the answers stored for anonymous visitors
    # (cms/search_cache.py), which would hide which engine answers.
    settings.PAGE_CACHE_ENABLED = False
    yield node
    node.close()
    elastic._clients.clear()
    elastic._aliases_seen.clear()


@pytest.fixture
def served_by(monkeypatch):
    """The engine that answered each search, as the service saw it (nothing is replaced).

    A search that finds little widens and asks the engine again, so one request may add more
    than one entry: the tests compare which engines answered, not how often."""
    engines = []
    real = service._search

    def watch(query):
        engine, result = real(query)
        engines.append(engine.name)
        return engine, result

    monkeypatch.setattr(service, "_search", watch)
    return engines


@pytest.fixture
def corpus(node, tmp_path, staff_user):
    """The search corpus as real, published pages (so a rebuild keeps them)."""
    school_index()
    items = [item for item in ITEMS if item["kind"] in ("case_study", "research")]
    path = tmp_path / "practice.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n")
    with committed():
        call_command("import_practice", str(path), stdout=io.StringIO())
    assert CaseStudyPage.objects.live().exists()


def timed_get(client, path, params):
    start = time.monotonic()
    response = client.get(path, params)
    return response, time.monotonic() - start


def api(client, q):
    response, seconds = timed_get(client, "/api/search/", {"q": q})
    assert response.status_code == 200
    body = response.json()
    return body["count"], [hit["url"] for hit in body["results"]], seconds


def publish_case_study(client, staff_user, title, word):
    school = SchoolPage.objects.order_by("pk").first()
    client.force_login(staff_user)
    data = {
        "title": title,
        "slug": word,
        "summary": f"Our {word} programme for pupils who find lunchtimes hard.",
        "context": rich_text(f"<p>Why we started {word}.</p>"),
        "evidence_stage": "untested",
        "visibility": "public",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "action-publish": "Publish",
    }
    with committed():  # the request commits, then its index task runs
        response = client.post(
            f"/admin/pages/add/practice/casestudypage/{school.pk}/", nested_form_data(data)
        )
    client.logout()
    return response


def test_elasticsearch_stopped_mid_run(
    client, settings, node, corpus, served_by, staff_user, caplog
):
    settings.PRACTICE_SEARCH = {**settings.PRACTICE_SEARCH, "RETRY_AFTER": 2}
    elastic._clients.clear()
    # Elasticsearch is up: it answers the page and the API.
    count, up_urls, _ = api(client, "attendance")
    assert count == 2
    page = client.get("/search/", {"q": "attendance"})
    assert page.status_code == 200
    assert "Improving attendance through family support" in page.content.decode()
    assert served_by and set(served_by) == {"elasticsearch"}
    assert client.get("/healthz").status_code == 200

    node.stop()
    served_by.clear()

    # The same answers, from the database, at once; the searcher is told nothing alarming.
    with caplog.at_level(logging.ERROR, logger="search"):
        for _ in range(3):
            count, urls, seconds = api(client, "attendance")
            assert (count, urls) == (2, up_urls)
            assert seconds < QUICK
    assert "answering from the database" in caplog.text
    response, seconds = timed_get(client, "/search/", {"q": "attendance"})
    html = response.content.decode()
    assert response.status_code == 200 and seconds < QUICK
    assert "Improving attendance through family support" in html
    for alarming in ("Elasticsearch", "error", "unavailable", "try again"):
        assert alarming.lower() not in html.lower()
    assert set(served_by) == {"database"}

    # /healthz names Elasticsearch, and only it.
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["failed"] == ["elasticsearch"]
    assert health.json()["checks"]["database"] == "ok"

    # Publishing goes on, and what was published is found (from the database).
    response = publish_case_study(client, staff_user, "Quiet lunchtime club", "lunchclub")
    assert response.status_code == 302
    assert CaseStudyPage.objects.get(slug="lunchclub").live
    count, urls, seconds = api(client, "lunchclub")
    assert count == 1 and urls[0].endswith("/lunchclub/") and seconds < QUICK

    # Elasticsearch comes back on the same address, empty. Until a rebuild fills it, the
    # database answers (an empty index must not), and publishing does not make a partial one.
    node.start_again()
    time.sleep(float(settings.PRACTICE_SEARCH.get("RETRY_AFTER", 0)))
    assert client.get("/healthz").status_code == 200
    response = publish_case_study(client, staff_user, "Calm corners in every class", "calmcorner")
    assert response.status_code == 302
    served_by.clear()
    assert api(client, "attendance")[:2] == (2, up_urls)
    assert api(client, "calmcorner")[0] == 1
    assert served_by and set(served_by) == {"database"}

    # The rebuild fills a new index; Elasticsearch serves again, with everything; no restart.
    call_command("rebuild_practice_index", stdout=io.StringIO())
    served_by.clear()
    assert api(client, "attendance")[:2] == (2, up_urls)
    for word in ("lunchclub", "calmcorner"):
        count, urls, _ = api(client, word)
        assert count == 1 and urls[0].endswith(f"/{word}/")
    assert served_by and set(served_by) == {"elasticsearch"}
    assert client.get("/healthz").status_code == 200


def test_a_hung_node_costs_one_timeout_not_one_per_search(
    client, settings, node, corpus, served_by, staff_user, monkeypatch
):
    """A paused node takes the connection and never answers: the first search waits for the
    client's timeout, the next ones (and publishing) go straight to the database. Resumed,
    it serves again after RETRY_AFTER, with what was published meanwhile, and no rebuild."""
    # Long enough to cover the searches and the publish below on a loaded machine.
    settings.PRACTICE_SEARCH = {**settings.PRACTICE_SEARCH, "RETRY_AFTER": 20}
    elastic._clients.clear()
    count, up_urls, _ = api(client, "attendance")
    node.pause()
    served_by.clear()
    timings = []
    for _ in range(4):
        count, urls, seconds = api(client, "attendance")
        assert (count, urls) == (2, up_urls)
        timings.append(seconds)
    print("hung node, seconds per search:", [round(t, 3) for t in timings])
    assert served_by and set(served_by) == {"database"}
    assert timings[0] < 5 + QUICK  # the client's timeout, once
    assert max(timings[1:]) < QUICK

    start = time.monotonic()
    response = publish_case_study(client, staff_user, "Quiet lunchtime club", "lunchclub")
    # Publishing does not wait for the node either (under the client's 5 s timeout: a
    # publish is slower than a search on a loaded machine, but pays no timeout).
    assert response.status_code == 302 and time.monotonic() - start < 5
    assert api(client, "lunchclub")[0] == 1

    node.resume()
    # RETRY_AFTER goes by on the breaker's clock (no test waits 20 s): until it has, the
    # database still answers; then Elasticsearch does.
    served_by.clear()
    assert api(client, "attendance")[:2] == (2, up_urls)
    assert set(served_by) == {"database"}
    monkeypatch.setattr(elastic, "clock", lambda: time.monotonic() + 20.5)
    served_by.clear()
    assert api(client, "attendance")[:2] == (2, up_urls)
    count, urls, _ = api(client, "lunchclub")
    assert count == 1 and urls[0].endswith("/lunchclub/")
    assert served_by and set(served_by) == {"elasticsearch"}

"""Rebuilding without downtime, Elasticsearch following the tree, and the database standing in."""

import io
import logging

import pytest
from django.core.management import call_command
from django.http import QueryDict

from search import loader, service
from search.engines import get_engine
from search.models import PracticeRecord
from search.query import read_query
from tests.conftest import committed
from tests.factories import ClusterActivityPageFactory, ClusterPageFactory, SchoolPageFactory

from .conftest import use_elasticsearch
from .corpus import ITEMS

pytestmark = pytest.mark.django_db


def activities(n):
    school = SchoolPageFactory(title="Rowan Primary", urn="654321")
    cluster = ClusterPageFactory(title="Rowan cluster", slug="rowan", lead_school=school)
    for i in range(n):
        ClusterActivityPageFactory(
            parent=cluster, title=f"Moderation meeting {i}", purpose="<p>Writing moderation.</p>"
        )
    return cluster


def titles(params):
    outcome = service.run(read_query(QueryDict(params)))
    return outcome, sorted(record.title for record in outcome.records)


def test_rebuild_indexes_live_public_pages_and_reports_progress(frameworks_loaded):
    activities(3)  # factories add live pages without publishing: no records yet
    loader.load(ITEMS[:2])  # records without pages: a rebuild drops them
    assert PracticeRecord.objects.count() == 2
    out = io.StringIO()
    call_command("rebuild_practice_index", "--batch-size", "2", stdout=out)
    report = out.getvalue()
    assert "  2 records" in report and "  3 records" in report
    assert "Database: 3 records." in report
    _, found = titles("q=moderation")
    assert found == ["Moderation meeting 0", "Moderation meeting 1", "Moderation meeting 2"]
    assert titles("q=attendance")[1] == []


def test_rebuild_on_elasticsearch_swaps_the_alias(frameworks_loaded, elasticsearch):
    activities(2)
    out = io.StringIO()
    call_command("rebuild_practice_index", stdout=out)
    engine = get_engine()
    first = set(engine.client.indices.get_alias(name="practice"))
    call_command("rebuild_practice_index", stdout=out)
    second = set(engine.client.indices.get_alias(name="practice"))
    assert len(first) == len(second) == 1 and first != second
    assert not engine.client.indices.exists(index=list(first)[0])
    assert "alias practice now points at the new index" in out.getvalue()
    outcome, found = titles("q=moderation")
    assert outcome.engine == "elasticsearch"
    assert found == ["Moderation meeting 0", "Moderation meeting 1"]


def test_elasticsearch_follows_publish_and_delete(frameworks_loaded, elasticsearch):
    cluster = activities(0)
    page = ClusterActivityPageFactory(parent=cluster, live=False, title="Forest school visit")
    with committed():
        page.save_revision().publish()
    outcome, found = titles("q=forest")
    assert outcome.engine == "elasticsearch" and found == ["Forest school visit"]
    page.refresh_from_db()
    with committed():
        page.delete()
    engine = get_engine()
    engine.refresh()
    assert engine.client.count(index="practice")["count"] == 0
    assert titles("q=forest")[1] == []


def test_unreachable_elasticsearch_means_the_database_answers(
    frameworks_loaded, settings, client, caplog
):
    loader.load(ITEMS)
    use_elasticsearch(settings, "http://127.0.0.1:9")
    with caplog.at_level(logging.ERROR, logger="search"):
        response = client.get("/api/search/", {"q": "attendance"})
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert "Elasticsearch failed, answering from the database" in caplog.text
    assert client.get("/search/", {"q": "attendance"}).status_code == 200


def test_publishing_while_elasticsearch_is_down_keeps_the_database_record(
    frameworks_loaded, settings, client, caplog
):
    use_elasticsearch(settings, "http://127.0.0.1:9")
    cluster = activities(0)
    page = ClusterActivityPageFactory(parent=cluster, live=False, title="Forest school visit")
    with caplog.at_level(logging.ERROR, logger="search"), committed():
        page.save_revision().publish()
    assert "could not update Elasticsearch" in caplog.text
    assert client.get("/api/search/", {"q": "forest"}).json()["count"] == 1

"""The staff report's entry for each search is committed without waiting for the disk, and
nothing else is (search/service.py: committed_without_waiting_for_the_disk)."""

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from search.models import SearchQueryLog
from search.service import log_search

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def waits_for_the_disk():
    """Whether this connection's commits wait for the disk, as every write but the entries'."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
            return cursor.fetchone()[0] >= 2  # FULL (2) or EXTRA (3)
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0] == "on"


def entry_statements(queries):
    """The statements around each insert of an entry: what ran just before it."""
    sql = [query["sql"] for query in queries]
    return [sql[max(0, i - 2) : i + 2] for i, s in enumerate(sql) if "cms_searchquerylog" in s]


def test_a_search_and_a_stored_search_each_log_without_waiting_for_the_disk(client):
    assert waits_for_the_disk()
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/api/search/", {"q": "Attendance at our PRU"})
        again = client.get("/api/search/", {"q": "attendance at our  pru"})
    assert first.status_code == again.status_code == 200
    assert again["X-Search-Cache"] == "hit"
    assert list(SearchQueryLog.objects.values_list("query", flat=True)) == [
        "attendance at our pru",
        "attendance at our pru",
    ]
    around = entry_statements(queries.captured_queries)
    assert len(around) == 2
    for statements in around:
        before = " ".join(statements[:-1]).lower()
        if connection.vendor == "sqlite":
            assert "synchronous = normal" in before
        else:
            assert "synchronous_commit to off" in before
    # The connection's other writes wait for the disk again.
    assert waits_for_the_disk()


def test_inside_someone_elses_transaction_nothing_is_changed():
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            log_search("ehcp annual review", False, 3, False)
        # The transaction's own writes, after the entry, still wait for the disk.
        assert waits_for_the_disk()
    sql = " ".join(query["sql"] for query in queries.captured_queries).lower()
    assert "synchronous" not in sql
    assert SearchQueryLog.objects.get().query == "ehcp annual review"
    assert waits_for_the_disk()


def test_a_search_is_answered_when_its_report_entry_cannot_be_written(client, monkeypatch, caplog):
    def refuse(**fields):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SearchQueryLog.objects, "create", refuse)
    response = client.get("/search/", {"q": "sensory circuits"})
    assert response.status_code == 200
    assert "sensory circuits" in response.text
    assert "could not be written" in caplog.text
    # The connection is left as it was: its next writes wait for the disk.
    assert waits_for_the_disk()

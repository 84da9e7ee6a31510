"""A text search without filters counts its facets from this process's facet table (each
record's facet columns by id, kept between changes): the counts are the database's own, a
change to a record is counted on the very next search, and an id the table does not know
makes the search count from the database instead."""

import pytest

from search import facet_table, loader
from search.browse_cache import RECORDS, generation
from search.engines.database import DatabaseEngine

from .corpus import ITEMS
from .test_facet_signatures import facets, parsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(frameworks_loaded, settings):
    settings.PAGE_CACHE_ENABLED = False
    loader.load(ITEMS)
    facet_table.forget()


def counted_by_the_database(text):
    """The counts of the pass that reads each match's columns from the database."""
    engine = DatabaseEngine()
    query = parsed(text)
    return engine._counts_of_matches(query)[:3]


@pytest.mark.parametrize("text", ["attendance", "reading", "breakfast", "school", "xyzzy"])
def test_the_tables_counts_are_the_databases(loaded, text, monkeypatch, django_assert_num_queries):
    looked_up = []
    count_ids = facet_table.FacetTable.count
    monkeypatch.setattr(
        facet_table.FacetTable,
        "count",
        lambda table, ids: looked_up.append(list(ids)) or count_ids(table, ids),
    )
    engine = DatabaseEngine()
    engine._counts_of_signatures(parsed(text))  # the table is built
    with django_assert_num_queries(1):  # the full-text match's ids, and nothing else
        count, counted, text_count, found = engine._counts_of_signatures(parsed(text))
    assert len(looked_up) == 2 and len(looked_up[-1]) == count
    assert found is None and count == text_count
    assert (count, counted, text_count) == counted_by_the_database(text)


def test_a_change_is_counted_on_the_next_search(client, loaded):
    before = facets(client, q="attendance")
    assert before["local_authority"] and "Newtown" not in before["local_authority"]
    # A change, as another process makes it: the records get a new generation in the shared
    # cache, and this process's table is built again on its next search.
    held = generation(RECORDS)
    moved = dict(ITEMS[0], school=dict(ITEMS[0]["school"], local_authority="Newtown"))
    loader.load([moved], False)
    assert generation(RECORDS) != held
    after = facets(client, q="attendance")
    assert after["local_authority"]["Newtown"] == 1
    assert sum(after["local_authority"].values()) == sum(before["local_authority"].values())


def test_an_id_the_table_does_not_know_is_counted_from_the_database(client, loaded):
    facets(client, q="attendance")  # the table is built
    held = facet_table._held["generation"]
    extra = dict(ITEMS[0], ref="late-arrival", title="Attendance breakfast club, late arrival")
    loader.load([extra], False)
    # As if the change had not reached this process's view of the generation yet.
    facet_table._held["generation"] = held
    original = facet_table.generation
    try:
        facet_table.generation = lambda name: held
        counted = facets(client, q="attendance")
    finally:
        facet_table.generation = original
    count, by_database, _ = counted_by_the_database("attendance")
    assert sum(counted["kind"].values()) == count
    assert counted["kind"] == {key: n for key, n in by_database["kind"].items() if n}


def test_a_record_committed_after_the_table_was_read_is_counted_from_the_database(
    client, loaded, monkeypatch
):
    # On PostgreSQL a record may commit with an id below one the table already holds (two
    # writers, the later id first): the table has that id's place, with nothing in it.
    from search.models import PracticeRecord

    late = PracticeRecord.objects.get(key__endswith="attendance-families").pk
    assert PracticeRecord.objects.filter(pk__gt=late).exists()
    read = facet_table._read
    monkeypatch.setattr(facet_table, "_read", lambda: [row for row in read() if row[0] != late])
    count, by_database, _ = counted_by_the_database("attendance")
    counted = facets(client, q="attendance")
    assert facet_table.facet_table() is not None
    assert sum(counted["kind"].values()) == count
    for name in ("kind", "local_authority", "region", "tag"):
        assert counted[name] == {key: n for key, n in by_database[name].items() if n}, name


def test_ids_far_from_the_first_one_still_have_a_table(client, frameworks_loaded, settings):
    # Every rebuild inserts the records anew, so their ids climb (a site rebuilt a few times
    # holds 3,000 records numbered from 30,000): the table starts at the first id.
    from django.db import connection

    settings.PAGE_CACHE_ENABLED = False
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('cms_practicerecord', 'id'), 500000)"
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('cms_practicerecord', 0)"
            )
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = 500000 WHERE name = 'cms_practicerecord'"
            )
    loader.load(ITEMS)
    facet_table.forget()
    count, by_database, _ = counted_by_the_database("attendance")
    counted = facets(client, q="attendance")
    table = facet_table.facet_table()
    assert table is not None and table.first > 500000
    assert sum(counted["kind"].values()) == count
    for name in ("kind", "local_authority", "region", "tag"):
        assert counted[name] == {key: n for key, n in by_database[name].items() if n}, name


def test_an_id_below_the_first_is_unknown_not_a_place_counted_from_the_end():
    rows = [(10, "a", "x", "1", "[]"), (11, "b", "y", "2", "[]"), (12, "a", "y", "", "[]")]
    table = facet_table.FacetTable(rows)
    counted = table.count([10, 12])
    assert counted[0] == {"a": 2} and counted[1] == {"x": 1, "y": 1}
    assert table.count([9, 10]) is None  # 9 - 10 = -1 would read the last record's code
    assert table.count([13]) is None
    assert table.count([]) == [{}, {}, {}, {}]

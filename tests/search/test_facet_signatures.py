"""A text search without filters counts its facets from the records' facet signatures (two
columns the database computes from the record's own, its element ids and its tags): the counts
are those of the records' own columns, an element deleted is not counted, and a value that holds
the signatures' separator is still counted right."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from network.models import Element, Scheme
from search import loader
from search.engines.database import DatabaseEngine
from search.query import read_query
from search.service import parse_text

from .corpus import ITEMS, school

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(frameworks_loaded):
    loader.load(ITEMS)


def facets(client, **params):
    data = client.get("/api/search/", params).json()
    return {
        name: {item["value"]: item["count"] for item in items}
        for name, items in data["facets"].items()
    }


def parsed(text):
    query = read_query(QueryDict(urlencode({"q": text})))
    query.parsed = parse_text(query.text)
    return query


@pytest.mark.parametrize("text", ["attendance", "reading", "breakfast", "school"])
def test_counts_are_those_of_the_records_columns(records, text):
    # The same counts as the pass that reads every facet column and link of each match.
    engine = DatabaseEngine()
    query = parsed(text)
    count, counted, text_count, found = engine._counts_of_signatures(query)
    assert count > 0 and found is None
    assert (count, counted, text_count) == engine._counts_of_matches(query)[:3]
    if text == "attendance":
        assert counted["element"] and counted["tag"] and len(counted["local_authority"]) > 1


def test_an_element_deleted_is_not_counted(client, records, settings):
    settings.PAGE_CACHE_ENABLED = False
    first = Element.objects.get(framework=Scheme.objects.default().update_framework, number=1)
    assert first.pk in facets(client, q="attendance")["element"]
    first.delete()
    assert first.pk not in facets(client, q="attendance")["element"]


def test_a_value_holding_the_separator_is_counted_as_written(client, frameworks_loaded):
    odd = school(
        "100009", "Elm Primary", "primary", "north_east", "Odd\x1fTown", "DH1 2AA", 54.7, -1.5
    )
    loader.load([dict(ITEMS[0], ref="odd", school=odd), ITEMS[1]])
    counted = facets(client, q="attendance")
    assert counted["local_authority"] == {"Odd\x1fTown": 1, "Islington": 1}
    assert counted["region"] == {"north_east": 1, "london": 1}

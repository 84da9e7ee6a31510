"""A text search with filters: the full-text index finds the text's matches, the filters are
applied to those once (in the counting pass), and the best are ranked among what passed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import loader

from .corpus import ALDER, BEECH, ITEMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(frameworks_loaded):
    # 200 write-ups on attendance, half from a London secondary, half from a Durham primary,
    # three in four with a breakfast club: more of them than the 60 best the ranking re-orders,
    # so the engine ranks them first.
    items = []
    for i in range(200):
        london = i % 2 == 0
        items.append(
            dict(
                ITEMS[0],
                ref=f"attendance-{i}",
                title=f"Attendance project {i}" + (" with breakfast club" if i % 4 != 3 else ""),
                school=BEECH if london else ALDER,
                summary="Morning calls raised attendance." + " Attendance rose." * (i % 4),
            )
        )
    loader.load(items)


def test_filters_narrow_the_text_matches_once(client, many, settings):
    settings.PAGE_CACHE_ENABLED = False  # the engine's statements, not the stored answer
    params = {"q": "attendance breakfast", "region": "london", "phase": "secondary"}
    client.get("/api/search/", params)
    with CaptureQueriesContext(connection) as captured:
        result = client.get("/api/search/", params).json()
    # Every London secondary write-up with a breakfast club (all of the even ones).
    assert result["count"] == 100
    assert all(hit["school"]["region"] == "london" for hit in result["results"])
    assert all("breakfast" in hit["title"] for hit in result["results"])
    # The filters ran over the text's matches in the counting pass; the ranked query ranks
    # among the ids that passed, without a second pass of the filters over every record.
    statements = [q["sql"] for q in captured]
    ranked = [sql for sql in statements if "bm25(" in sql or "ts_rank(" in sql]
    assert ranked and not [sql for sql in ranked if '"region" IN' in sql]

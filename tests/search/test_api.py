"""The JSON API and the suggestions endpoint, driven by requests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import loader
from search.models import SearchQueryLog

from .corpus import ITEMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(frameworks_loaded):
    loader.load(ITEMS)


def test_search_returns_the_documented_json(client, records):
    response = client.get("/api/search/", {"q": "attendance", "kind": "case_study"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "count",
        "page",
        "pages",
        "results",
        "facets",
        "suggestion",
        "confidence",
        "close_matches",
        "note",
    }
    assert data["confidence"] == "high" and data["note"] is None
    assert data["count"] == 2 and data["page"] == 1 and data["pages"] == 1
    hit = data["results"][0]
    assert set(hit) == {
        "title", "url", "kind", "summary", "highlight", "school", "elements", "tags",
        "published", "distance_km",
    }  # fmt: skip
    assert hit["title"] == "Improving attendance through family support"
    assert hit["school"] == {
        "name": "Alder Primary",
        "urn": "100001",
        "phase": "primary",
        "provision": "mainstream",
        "region": "north_east",
        "context": {},  # a record imported without a school page: no GIAS context
    }
    assert [e["number"] for e in hit["elements"]] == [1, 3]
    assert hit["published"] == "2024-03-01"
    assert "<mark>attendance</mark>" in hit["highlight"]
    assert set(data["facets"]) == {
        "kind", "element", "tag", "phase", "provision", "region", "local_authority", "cluster",
        "evidence_stage", "outcome", "year", "scheme",
    }  # fmt: skip
    assert {"value": "case_study", "label": "Case study", "count": 2, "selected": True} in data[
        "facets"
    ]["kind"]
    assert data["suggestion"] is None


def test_repeated_parameters_mean_or(client, records):
    data = client.get("/api/search/?tag=reading&tag=vocabulary").json()
    assert data["count"] == 2
    data = client.get("/api/search/?tag=reading&tag=vocabulary&phase=primary").json()
    assert data["count"] == 0


@pytest.mark.parametrize(
    "params, field",
    [
        ("element=99999", "element"),
        ("element=three", "element"),
        ("kind=blog", "kind"),
        ("phase=university", "phase"),
        ("provision=resourced", "provision"),
        ("region=mars", "region"),
        ("page=-1", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=99999", "page"),
        ("year_from=20x4", "year_from"),
        ("year_from=2024&year_to=2020", "year_to"),
        ("near=ZZ99ZZZ", "near"),
        ("near=999999", "near"),
        ("near=NW1&radius_km=-5", "radius_km"),
        ("near=NW1&radius_km=nan", "radius_km"),
        ("near=NW1&radius_km=inf", "radius_km"),
        ("sort=best", "sort"),
        ("sort=distance", "sort"),
        ("q=" + "a" * 10_000, "q"),
    ],
)
def test_bad_parameters_are_a_clear_400(client, records, params, field):
    response = client.get("/api/search/?" + params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and errors[field]


@pytest.mark.parametrize(
    "phase, found",
    [
        ("primary", 4),
        ("Primary", 4),
        ("PRIMARY", 4),
        (" Secondary ", 5),
        ("All-through", 0),
        ("all_through", 0),
        ("Middle deemed primary", 0),
        ("16 plus", 0),
        ("Not applicable", 0),
    ],
)
def test_phases_are_read_from_codes_and_labels_in_any_case(client, records, phase, found):
    response = client.get("/api/search/", {"phase": phase})
    assert response.status_code == 200
    assert response.json()["count"] == found


def test_a_kind_of_school_given_as_a_phase_is_read_as_the_provision(client, records):
    data = client.get("/api/search/", {"phase": "Special"}).json()
    assert data["count"] == 0  # no special school's practice in this corpus: none, not a 400
    assert [o for o in data["facets"]["provision"] if o["selected"]] == [
        {"value": "special", "label": "Special school", "count": 0, "selected": True}
    ]
    assert not any(o["selected"] for o in data["facets"]["phase"])


def test_an_unknown_phase_or_provision_names_what_is_accepted(client, records):
    errors = client.get("/api/search/", {"phase": "university"}).json()["errors"]
    assert errors["phase"] == (
        "Unknown phase: university. Give a phase (Nursery, Primary, Middle deemed primary, "
        "Secondary, Middle deemed secondary, All-through, 16 plus, Not applicable) or a kind "
        "of school (Mainstream, Special, Pupil referral unit or PRU, Alternative provision or AP)."
    )
    errors = client.get("/api/search/", {"provision": "resourced"}).json()["errors"]
    assert errors["provision"] == (
        "Unknown provision: resourced. Give one of: Mainstream, Special, Pupil referral unit or "
        "PRU, Alternative provision or AP."
    )


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "attendance\x07"])
def test_control_characters_are_dropped(client, records, text):
    assert client.get("/api/search/", {"q": text, "tag": text}).status_code == 200
    assert client.get("/api/search/suggest", {"q": text}).status_code == 200
    assert client.get("/search/", {"q": text}).status_code == 200


def test_a_page_past_the_end_is_empty(client, records):
    data = client.get("/api/search/?page=400").json()
    assert data["results"] == [] and data["count"] == 9 and data["page"] == 400


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=60))
def test_any_text_is_searchable(client, records, text):
    response = client.get("/api/search/", {"q": text})
    assert response.status_code == 200
    assert response.json()["count"] >= 0


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(
        st.sampled_from(['"', "NEAR", "NEAR/2", "*", "AND", "OR", "NOT", "-", "^", ":", "(", ")",
                         "attendance", "title:", "{", "}", "'", "&", "|", "!", "<->", "\\"]),
        max_size=8,
    )
)  # fmt: skip
def test_fts_syntax_never_breaks_a_search(client, records, text):
    response = client.get("/api/search/", {"q": " ".join(text)})
    assert response.status_code == 200


def test_suggestions_complete_titles_and_tags(client, records):
    data = client.get("/api/search/suggest", {"q": "atten"}).json()
    values = {(s["type"], s["value"]) for s in data["suggestions"]}
    assert ("tag", "attendance") in values
    assert ("title", "Improving attendance through family support") in values
    assert client.get("/api/search/suggest", {"q": "a"}).json()["suggestions"] == []
    assert client.get("/api/search/suggest", {"q": '"*'}).status_code == 200


def test_searches_are_logged(client, records):
    client.get("/api/search/", {"q": "Attendance"})
    client.get("/api/search/", {"q": "quidditch"})
    client.get("/api/search/")
    logged = list(SearchQueryLog.objects.order_by("pk").values_list("query", "results"))
    assert logged == [("attendance", 2), ("quidditch", 0)]


def test_query_count_does_not_grow_with_results(client, frameworks_loaded, monkeypatch):
    from search import service

    # How far a search widens depends on how much it finds (a count each step), not on how
    # many results it lists: enough at once here, for 10 records as for 100.
    monkeypatch.setattr(service, "ENOUGH_RESULTS", 1)

    def queries_for(n):
        items = []
        for i in range(n):
            item = dict(ITEMS[i % len(ITEMS)])
            item["ref"] = f"r{n}-{i}"
            items.append(item)
        loader.load(items)
        # The synonym list, labels and vocabulary's answers are cached after this.
        client.get("/api/search/", {"q": "pupils", "sort": "newest"})
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/search/", {"q": "pupils", "sort": "newest"}).status_code == 200
        return len(captured)

    assert queries_for(10) == queries_for(100)


def test_empty_query_facets_are_counted_once(client, records, django_assert_max_num_queries):
    client.get("/api/search/")
    with django_assert_max_num_queries(3):
        data = client.get("/api/search/").json()
    assert data["count"] == 9
    loader.load([dict(ITEMS[0], ref="another")], replace=False)
    assert client.get("/api/search/").json()["count"] == 10


def test_searching_leaves_the_garbage_collector_as_it_was(client, records):
    import gc

    assert gc.isenabled()
    client.get("/api/search/", {"q": "attendance"})
    assert gc.isenabled()
    gc.disable()
    try:
        client.get("/api/search/", {"q": "attendance"})
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pages_past_the_reordered_ones_continue_without_repeats(client, frameworks_loaded):
    from search import ranking

    items = []
    for number in range(ranking.POOL + 25):
        item = dict(ITEMS[0])
        item["ref"] = f"attendance-{number}"
        item["title"] = f"Attendance project {number}"
        items.append(item)
    loader.load(items)
    seen = []
    for page in range(1, 8):
        data = client.get("/api/search/", {"q": "attendance", "page": page}).json()
        seen += [hit["url"] for hit in data["results"]]
    assert data["count"] == ranking.POOL + 25
    assert len(seen) == len(set(seen)) == ranking.POOL + 25

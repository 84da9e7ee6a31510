"""The search API for anonymous callers from the shared cache, as the search page is
(cms/search_cache.py): stored by its normalised query string, dropped when the records change."""

import pytest
from wagtail.models import PageViewRestriction

from search import loader
from search.models import SearchQueryLog, SearchSynonym
from tests.conftest import committed
from tests.factories import CaseStudyPageFactory, UserFactory

from .corpus import ITEMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(frameworks_loaded):
    loader.load(ITEMS)


def test_an_anonymous_api_search_is_served_from_the_cache(
    client, records, django_assert_num_queries
):
    first = client.get("/api/search/", {"q": "Attendance", "kind": "case_study"})
    assert first["X-Search-Cache"] == "miss"
    assert first.json()["count"] == 2
    # The same search however it is written: only the staff report's entry is written.
    with django_assert_num_queries(1):
        again = client.get("/api/search/?page=&kind=case_study&q=%20attendance%20%20")
    assert again["X-Search-Cache"] == "hit"
    assert again["Content-Type"] == "application/json"
    assert again.json() == first.json()
    assert SearchQueryLog.objects.filter(query="attendance").count() == 2
    # Another search, and the page of the same search, are stored apart from it.
    other = client.get("/api/search/", {"q": "attendance", "kind": "research"})
    assert other["X-Search-Cache"] == "miss" and other.json() != first.json()
    page = client.get("/search/", {"q": "attendance", "kind": "case_study"})
    assert page["X-Search-Cache"] == "miss" and page["Content-Type"].startswith("text/html")


def test_a_bad_api_search_is_answered_and_not_stored(client, records):
    for _ in range(2):
        response = client.get("/api/search/", {"q": "attendance", "page": "0"})
        assert response.status_code == 400 and "page" in response.json()["errors"]
        assert "X-Search-Cache" not in response


def test_signed_in_callers_never_get_the_stored_api_answer(client, records):
    client.get("/api/search/", {"q": "attendance"})
    assert client.get("/api/search/", {"q": "attendance"})["X-Search-Cache"] == "hit"
    client.force_login(UserFactory())
    response = client.get("/api/search/", {"q": "attendance"})
    assert "X-Search-Cache" not in response
    assert response.json()["count"] > 0


def test_the_stored_api_answer_is_off_with_the_page_cache(client, records, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/api/search/", {"q": "attendance"})
    assert "X-Search-Cache" not in client.get("/api/search/", {"q": "attendance"})


def titles(response):
    return [hit["title"] for hit in response.json()["results"]]


TITLE = "Sensory circuits before lessons at Rowan Special School"


def test_a_publish_shows_in_the_stored_api_answer_at_once(client, frameworks_loaded):
    assert titles(client.get("/api/search/", {"q": "sensory circuits"})) == []
    assert client.get("/api/search/", {"q": "sensory circuits"})["X-Search-Cache"] == "hit"
    page = CaseStudyPageFactory(title=TITLE, live=False)
    with committed():
        page.save_revision().publish()
    after = client.get("/api/search/", {"q": "sensory circuits"})
    assert after["X-Search-Cache"] == "miss"
    assert titles(after) == [TITLE] and after.json()["count"] == 1


@pytest.fixture
def case_study(frameworks_loaded):
    page = CaseStudyPageFactory(title=TITLE, live=False)
    with committed():
        page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.mark.parametrize("change", ["unpublish", "restrict", "delete"])
def test_a_page_withdrawn_leaves_the_stored_api_answer_at_once(client, case_study, change):
    assert titles(client.get("/api/search/", {"q": "sensory circuits"})) == [TITLE]
    stored = client.get("/api/search/", {"q": "sensory circuits"})
    assert stored["X-Search-Cache"] == "hit" and titles(stored) == [TITLE]
    with committed():
        if change == "unpublish":
            case_study.unpublish()
        elif change == "restrict":
            PageViewRestriction.objects.create(
                page=case_study, restriction_type=PageViewRestriction.LOGIN
            )
        else:
            case_study.delete()
    after = client.get("/api/search/", {"q": "sensory circuits"})
    assert after["X-Search-Cache"] == "miss"
    assert titles(after) == [] and after.json()["count"] == 0


def test_a_thesaurus_edit_shows_in_the_stored_answers_at_once(client, records):
    for path in ("/api/search/", "/search/"):
        client.get(path, {"q": "wombatish"})
        assert client.get(path, {"q": "wombatish"})["X-Search-Cache"] == "hit"
    assert client.get("/api/search/", {"q": "wombatish"}).json()["count"] == 0
    with committed():
        SearchSynonym.objects.create(terms="wombatish, attendance")
    api = client.get("/api/search/", {"q": "wombatish"})
    assert api["X-Search-Cache"] == "miss" and api.json()["count"] > 0
    page = client.get("/search/", {"q": "wombatish"})
    assert page["X-Search-Cache"] == "miss" and "0 results" not in page.content.decode()

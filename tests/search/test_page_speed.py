"""The search page does per change what it can: menus, facet labels, element titles and the
vocabulary's answers are kept in the shared cache and dropped by the change that alters them;
anonymous visitors get a stored copy of the page until the records change (cms/search_cache.py).
"""

import pytest
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from network.models import Element, Scheme
from search import loader
from search.models import SearchQueryLog
from tests.conftest import committed
from tests.factories import CaseStudyPageFactory, UserFactory, add_page, home_page

from .corpus import ITEMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(frameworks_loaded):
    loader.load(ITEMS)


def element(number):
    return Element.objects.get(framework=Scheme.objects.default().update_framework, number=number)


# ------ Computed per change, not per request ------


def test_a_warm_search_page_asks_the_database_less(
    client, records, settings, django_assert_num_queries
):
    # The page's own work, with the stored copy of the page turned off: before this change a
    # warm search for a word made 19 queries (the vocabulary's document counts, the number of
    # records, the element labels and the menu's three among them); then 14, one of them the
    # engine's snippets; now 10: a text search without filters counts its facets, elements
    # and tags included, from one read of its matches (it searches twice here: the first
    # finds fewer than 20, so fewer words will do).
    settings.PAGE_CACHE_ENABLED = False
    client.get("/search/", {"q": "attendance"})
    with django_assert_num_queries(10):
        response = client.get("/search/", {"q": "attendance"})
    assert "<mark>attendance</mark>" in response.content.decode()
    # A search not made before reuses the labels, menu and record count: 10 (was 15, then 11;
    # "reading" is a word of thesaurus terms, so it is spelt right and the vocabulary is not
    # asked whether the records use it).
    client.get("/search/", {"q": "vocabulary", "kind": "research"})
    with django_assert_num_queries(10):
        client.get("/search/", {"q": "reading", "kind": "research"})


def test_a_renamed_element_shows_in_its_filter_at_once(client, records):
    old = element(1)
    assert f"IQM 1. {old.title}" in client.get("/search/", {"q": "attendance"}).content.decode()
    assert f"IQM 1. {old.title}" in client.get("/search/").content.decode()
    with committed():
        old.title = "Leadership of inclusion across the school"
        old.save()
    for params in ({"q": "attendance"}, {}):
        html = client.get("/search/", params).content.decode()
        assert "IQM 1. Leadership of inclusion across the school" in html
    assert client.get("/api/search/", {"q": "attendance"}).json()["results"][0]["elements"][0][
        "title"
    ] == ("Leadership of inclusion across the school")


def test_a_new_section_shows_in_the_menu_at_once(client, records):
    assert ">Parents&#x27; guide</a>" not in client.get("/search/").content.decode()
    with committed():
        guide = add_page(
            home_page(),
            StandardPage(
                title="Parents' guide", slug="parents", body="<p>x</p>", show_in_menus=True
            ),
        )
    assert ">Parents&#x27; guide</a>" in client.get("/search/").content.decode()
    with committed():
        guide.unpublish()
    assert ">Parents&#x27; guide</a>" not in client.get("/search/").content.decode()


def test_a_new_word_is_known_once_a_record_uses_it(client, records):
    # "Did you mean" is kept per word until a record changes the vocabulary.
    html = client.get("/search/", {"q": "behavour"}).content.decode()
    assert "Did you mean" in html
    loader.load([dict(ITEMS[0], ref="typo", title="A behavour log that staff fill in")])
    html = client.get("/search/", {"q": "behavour"}).content.decode()
    assert "Did you mean" not in html and "A <mark>behavour</mark> log" in html


# ------ The stored page for anonymous visitors ------


def test_an_anonymous_search_is_served_from_the_cache(client, records, django_assert_num_queries):
    first = client.get("/search/", {"q": "Attendance"})
    assert first["X-Search-Cache"] == "miss"
    # The same search however it is written: only the staff report's entry is written.
    with django_assert_num_queries(1):
        again = client.get("/search/?page=&q=%20attendance%20%20&kind=")
    assert again["X-Search-Cache"] == "hit"
    assert again.content == first.content
    assert SearchQueryLog.objects.filter(query="attendance").count() == 2
    assert (
        client.get("/search/", {"q": "attendance", "kind": "research"})["X-Search-Cache"] == "miss"
    )


def test_signed_in_people_never_get_the_stored_copy(client, records):
    client.get("/search/", {"q": "attendance"})
    assert client.get("/search/", {"q": "attendance"})["X-Search-Cache"] == "hit"
    client.force_login(UserFactory())
    response = client.get("/search/", {"q": "attendance"})
    assert "X-Search-Cache" not in response
    assert ">Your page</a>" in response.content.decode()
    # ... and what they are shown is not stored for anyone.
    response = client.get("/search/", {"q": "breakfast"})
    assert "X-Search-Cache" not in response
    client.logout()
    assert client.get("/search/", {"q": "breakfast"})["X-Search-Cache"] == "miss"


@pytest.fixture
def case_study(frameworks_loaded):
    page = CaseStudyPageFactory(
        title="Sensory circuits before lessons at Rowan Special School", live=False
    )
    with committed():
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def titles(response):
    return response.content.decode()


@pytest.mark.parametrize("change", ["unpublish", "restrict", "delete"])
def test_a_page_withdrawn_leaves_the_stored_search_at_once(client, case_study, change):
    assert "Rowan Special School" in titles(client.get("/search/", {"q": "sensory circuits"}))
    stored = client.get("/search/", {"q": "sensory circuits"})
    assert stored["X-Search-Cache"] == "hit" and "Rowan Special School" in titles(stored)
    with committed():
        if change == "unpublish":
            case_study.unpublish()
        elif change == "restrict":
            PageViewRestriction.objects.create(
                page=case_study, restriction_type=PageViewRestriction.LOGIN
            )
        else:
            case_study.delete()
    after = client.get("/search/", {"q": "sensory circuits"})
    assert after["X-Search-Cache"] == "miss"
    assert "Rowan Special School" not in titles(after)
    assert "0 results" in titles(after)

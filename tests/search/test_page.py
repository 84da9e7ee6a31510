"""The /search/ page: a form and links, everything without JavaScript."""

import re
from html import unescape
from urllib.parse import parse_qs, quote_plus

import pytest
from django.utils.html import escape

from search import loader

from .corpus import ITEMS, PROVISION_ITEMS

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(frameworks_loaded):
    loader.load(ITEMS)


def test_search_page_lists_results_with_highlights(client, records):
    response = client.get("/search/", {"q": "attendance"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Search shared practice</h1>" in html
    assert '<input type="search" id="search-q" name="q" value="attendance"' in html
    assert "2 results for “attendance”" in html
    assert (
        '<a href="/practice/attendance-families/">Improving attendance through family support</a>'
        in html
    )
    assert "<mark>attendance</mark>" in html
    assert 'src="/static/js/search-suggest.js"' in html


def test_filters_are_a_form_with_counts(client, records):
    html = client.get("/search/", {"kind": "research"}).content.decode()
    assert re.search(
        r'name="kind" value="research" checked>\s*<span>Research <span class="count">\(2\)</span>',
        html,
    )
    assert re.search(
        r'name="kind" value="case_study">\s*<span>Case study <span class="count">\(6\)</span>', html
    )
    assert "2 results" in html


def test_did_you_mean_links_to_the_corrected_search(client, records):
    html = client.get("/search/", {"q": "behavour"}).content.decode()
    assert 'Did you mean <a href="?q=behaviour">behaviour</a>?' in html


def test_pages_are_links(client, frameworks_loaded):
    loader.load([dict(ITEMS[0], ref=f"page-{i}") for i in range(45)])
    html = client.get("/search/", {"q": "attendance", "page": "2"}).content.decode()
    assert '<span aria-current="page">2</span>' in html
    assert 'href="?q=attendance&amp;page=3"' in html


def test_bad_input_is_explained_and_kept(client, records):
    typed = "x" * 300
    response = client.get("/search/", {"q": typed, "near": "nowhere"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not search for that" in html
    assert "Search for at most 200 characters (this is 300)" in html
    assert "We do not know where “nowhere” is" in html
    assert f'value="{typed}"' in html


def test_a_title_with_markup_is_escaped(client, records):
    html = client.get("/search/", {"q": "online safety"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_special_schools_are_a_filter_like_the_others(client, frameworks_loaded):
    loader.load(ITEMS + PROVISION_ITEMS)
    html = client.get("/search/").content.decode()
    assert "<legend>Provision</legend>" in html
    assert re.search(
        r'name="provision" value="special">\s*<span>Special school <span class="count">\(3\)',
        html,
    )
    assert re.search(r'<span>Pupil referral unit <span class="count">\(1\)', html)
    # Asked for as a phase ("Special" from a link or a bookmark): the provision is chosen.
    response = client.get("/search/", {"phase": "Special"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 results" in html
    assert re.search(
        r'name="provision" value="special" checked>\s*<span>Special school '
        r'<span class="count">\(3\)',
        html,
    )
    assert "Sensory circuits before lessons" in html
    assert "Improving attendance through family support" not in html


def test_an_unknown_phase_on_the_page_says_what_is_accepted(client, records):
    response = client.get("/search/", {"phase": "university"})
    assert response.status_code == 400
    assert "Unknown phase: university. Give a phase (Nursery, Primary," in response.content.decode()


def test_close_matches_come_first_and_the_page_says_so(client, records):
    # One record has both words; another has only "attendance" and follows it.
    html = client.get("/search/", {"q": "attendance breakfast"}).content.decode()
    assert "2 results for “attendance breakfast”" in html
    assert "1 close match first; the rest share some of your words." in html
    assert html.index("Improving attendance through family support") < html.index(
        "Class rewards for punctuality"
    )
    assert "No close match" not in html


def test_a_question_with_no_answer_says_nothing_is_close(client, records):
    html = client.get("/search/", {"q": "how do we run a quidditch league for attendance?"})
    html = html.content.decode()
    assert "No close match; these share some of your words." in html


def test_snippets_mark_what_was_asked_not_the_common_words(client, records):
    from search.models import SearchSynonym

    SearchSynonym.objects.create(terms="asd, autistic pupils")
    html = client.get("/search/", {"q": "autistic pupils"}).content.decode()
    assert "<mark>ASD</mark>" in html
    assert "<mark>pupils</mark>" not in html


CHIP = re.compile(r'<a href="([^"]*)" class="filter-chip"><span class="visually-hidden">'
                  r"Remove filter: </span>(.*?)<span")  # fmt: skip


def chips(html):
    """{label as shown: the link's parameters} for each "Remove filter" link."""
    found = {}
    for href, label in CHIP.findall(html):
        path, _, query = unescape(href).partition("?")
        assert path == "/search/"
        found[label] = parse_qs(query)
    return found


def test_each_applied_filter_is_a_link_to_the_same_search_without_it(client, frameworks_loaded):
    loader.load(ITEMS + PROVISION_ITEMS)
    typed = 'sensory "circuits" & calm'
    response = client.get(
        "/search/",
        {
            "q": typed,
            "phase": "Special",  # read as the provision, as a bookmark might have it
            "tag": ["send", "<b>calm</b>"],
            "year_from": "2019",
            "page": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Filter results (4 applied)" in html
    found = chips(html)
    assert set(found) == {
        "Special school",
        "SEND",
        "&lt;b&gt;calm&lt;/b&gt;",
        "Published from 2019",
    }
    assert "<b>calm</b>" not in html

    # Each link drops its own filter, keeps the others and the words typed, starts at page 1.
    assert found["Special school"] == {
        "q": [typed], "tag": ["send", "<b>calm</b>"], "year_from": ["2019"]
    }  # fmt: skip
    assert found["SEND"] == {
        "q": [typed], "phase": ["Special"], "tag": ["<b>calm</b>"], "year_from": ["2019"]
    }  # fmt: skip
    assert found["Published from 2019"] == {
        "q": [typed], "phase": ["Special"], "tag": ["send", "<b>calm</b>"]
    }  # fmt: skip
    (clear,) = re.findall(r'<a href="([^"]*)">Remove all filters</a>', html)
    assert unescape(clear) == f"/search/?q={quote_plus(typed)}"

    # Following one link is a search without that filter: it works without JavaScript.
    query = found["Special school"]
    html = client.get("/search/", query).content.decode()
    assert "Filter results (3 applied)" in html
    assert "Special school" not in chips(html)
    assert f'value="{escape(typed)}"' in html


def test_a_place_filter_is_removed_with_its_radius_and_nearest_first(client, records):
    html = client.get(
        "/search/", {"q": "attendance", "near": "DH1", "radius_km": "10", "sort": "distance"}
    ).content.decode()
    found = chips(html)
    assert found.pop("Within 10 km of DH1") == {"q": ["attendance"]}
    assert found == {}
    assert "Filter results (1 applied)" in html


def test_without_filters_there_is_nothing_to_remove(client, records):
    html = client.get("/search/", {"q": "attendance"}).content.decode()
    assert "Filter results (0 applied)" in html
    assert chips(html) == {} and "Remove all filters" not in html

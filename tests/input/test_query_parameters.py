"""Every public page and endpoint, sent nasty query parameters: a page or a 400/404, never a 500.

Each URL is tried with its own parameters and with parameters it does not expect, each set
to every value in `nasty.NASTY_VALUES` and every raw string in `nasty.RAW_QUERY_STRINGS`.
The failures are gathered and reported together, so one run names every URL that breaks.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.input.conftest import assert_handled
from tests.input.nasty import NASTY_VALUES, RAW_QUERY_STRINGS

pytestmark = pytest.mark.django_db

# url name -> (how to build the URL from the network fixture, the parameters it reads).
# Pages read each filter on its own (a bad one is ignored or shown as an error beside the
# others), so one request sets them all to the same value; an API stops at its first bad
# parameter, so each of its parameters is tried alone.
PAGES = {
    "directory": (
        lambda n: "/schools/",
        ["q", "phase", "region", "local_authority", "scheme", "award_level", "page"],
    ),
    "school": (lambda n: n["schools"][0].url, ["page", "preview"]),
    "cluster_index": (lambda n: "/clusters/", ["page", "kind"]),
    "cluster": (lambda n: n["cluster"].url, ["page"]),
    "clusters_calendar": (lambda n: "/clusters/calendar/", ["from", "to"]),
    "cluster_calendar": (lambda n: n["cluster"].url + "calendar/", ["from"]),
    "practice_index": (lambda n: "/practice/", ["page", "collection"]),
    "research_index": (lambda n: "/research/", ["status", "element", "year", "page"]),
    "research": (lambda n: n["research"].url, ["page"]),
    "research_ris": (lambda n: n["research"].url + "cite/ris/", ["format"]),
    "case_study": (lambda n: n["case_study"].url, ["page"]),
    "feed_all": (lambda n: "/feeds/practice/rss/", ["page"]),
    "feed_element": (lambda n: f"/feeds/practice/element/{n['element'].pk}/atom/", ["page"]),
    "feed_school": (lambda n: f"/feeds/practice/school/{n['schools'][0].urn}/rss/", ["page"]),
    "sitemap": (lambda n: "/sitemap.xml", ["p", "section"]),
    "healthz": (lambda n: "/healthz", ["verbose"]),
    "home": (lambda n: "/", ["q"]),
    "search_page": (lambda n: "/search/", ["q", "page", "element", "year_from", "near"]),
}
APIS = {
    "pages_api": (
        lambda n: "/api/v2/pages/",
        ["fields", "type", "search", "search_operator", "order", "limit", "offset", "child_of"],
    ),
    "pages_api_detail": (lambda n: f"/api/v2/pages/{n['research'].pk}/", ["fields"]),
    "suggest": (lambda n: "/api/search/suggest", ["q"]),
    "search_api": (lambda n: "/api/search/", ["q", "page", "near", "radius_km", "sort"]),
}
URLS = {**PAGES, **APIS}
UNEXPECTED = "utm_source"


def queries(names, together):
    """(label, query string) for every nasty value and raw string, for these parameters."""
    groups = [names + [UNEXPECTED]] if together else [[name] for name in names + [UNEXPECTED]]
    for group in groups:
        for value in NASTY_VALUES:
            encoded = quote(value, safe="")
            yield f"{group}={value[:40]!r}", "&".join(f"{name}={encoded}" for name in group)
        for raw in RAW_QUERY_STRINGS:
            query = "&".join(raw.format(name=name) for name in group)
            yield query[:60], query


def check(client, url, label):
    try:
        response = client.get(url)
        assert_handled(response)
    except Exception as error:  # noqa: BLE001 - every failure is gathered and reported
        return [f"{label}: {type(error).__name__}: {str(error)[:200]}"]
    return []


@pytest.mark.parametrize("url_name", list(URLS))
def test_nasty_query_parameters_never_break_a_page(client, network, url_name):
    build, names = URLS[url_name]
    url = build(network)
    failures = []
    for label, query in queries(names, together=url_name in PAGES):
        failures += check(client, f"{url}?{query}", label)
    assert not failures, "\n".join(failures)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url_name=st.sampled_from(sorted(URLS)),
    params=st.lists(
        st.tuples(
            st.sampled_from(["q", "page", "phase", "element", "year", "fields", "type", "order"]),
            st.text(max_size=40),
        ),
        max_size=5,
    ),
)
def test_any_parameters_never_break_a_page(client, network, url_name, params):
    url = URLS[url_name][0](network)
    query = "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in params)
    assert_handled(client.get(f"{url}?{query}"))

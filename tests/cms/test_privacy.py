"""Private sections are found by a query of one size, however many there are.

Every annual update has its own view restriction. With Wagtail's `private_q()` (one OR per
restriction) a network of a thousand updates made SQLite refuse the home page and the
directory ("Expression tree is too large"), which the site answered with a 503.
"""

import pytest
from wagtail.models import Page, PageViewRestriction

from cms.models import StandardPage
from cms.privacy import _wagtail_private_q
from demo.bulk import add_pages_in_bulk
from network.models.visibility import Visibility
from tests.factories import CaseStudyPageFactory, SchoolPageFactory, add_page, home_page

pytestmark = pytest.mark.django_db

MANY = 1_100


def restrict(*pages):
    PageViewRestriction.objects.bulk_create(
        PageViewRestriction(page=page, restriction_type=PageViewRestriction.LOGIN) for page in pages
    )


def standard(parent, title):
    slug = title.lower().replace(" ", "-")
    return add_page(parent, StandardPage(title=title, slug=slug, body="<p>Notes</p>"))


def pages_matching(q):
    return set(Page.objects.filter(q).values_list("title", flat=True))


def test_the_same_pages_are_private_as_by_wagtails_own_rule():
    home = home_page()
    open_section = standard(home, "Open section")
    standard(open_section, "Open child")
    closed = standard(open_section, "Closed child")
    standard(closed, "Inside closed")
    standard(standard(closed, "Deeper"), "Deepest")
    closed_top = standard(home, "Closed top")
    standard(closed_top, "Under closed top")
    # Paths that share a prefix with a restricted one without being its descendants.
    standard(home, "Neighbour of closed top")
    login_only = standard(home, "Members area")
    restrict(closed, closed_top, login_only)

    queryset = Page.objects.all()
    expected = pages_matching(_wagtail_private_q(queryset))
    assert expected == {
        "Closed child",
        "Inside closed",
        "Deeper",
        "Deepest",
        "Closed top",
        "Under closed top",
        "Members area",
    }
    assert pages_matching(queryset.private_q()) == expected
    public = set(Page.objects.public().values_list("title", flat=True))
    assert public.isdisjoint(expected)
    assert {"Open section", "Open child", "Neighbour of closed top"} <= public


def test_no_restrictions_means_nothing_is_private():
    standard(home_page(), "Anything")
    assert not Page.objects.private().exists()
    assert Page.objects.public().filter(title="Anything").exists()


def test_the_query_does_not_grow_with_the_number_of_restrictions():
    section = standard(home_page(), "Updates")
    pages = add_pages_in_bulk(
        section,
        [
            StandardPage(title=f"Update {n}", slug=f"update-{n}", body="<p>Notes</p>")
            for n in range(40)
        ],
    )
    restrict(*pages[:2])
    few = str(Page.objects.public().query)
    restrict(*pages[2:])
    assert str(Page.objects.public().query) == few


@pytest.fixture
def many_private_updates(frameworks):
    """A network with more restricted sections than SQLite's expression limit."""
    school = SchoolPageFactory(title="Ashdown Primary")
    CaseStudyPageFactory(parent=school, title="Open phonics")
    CaseStudyPageFactory(parent=school, title="Members phonics", visibility=Visibility.MEMBERS)
    section = standard(home_page(), "Private work")
    private = add_pages_in_bulk(
        section,
        [
            StandardPage(title=f"Private note {n}", slug=f"private-note-{n}", body="<p>Notes</p>")
            for n in range(MANY)
        ],
    )
    restrict(*private)
    return school


def test_public_pages_are_found_beside_a_thousand_private_sections(many_private_updates):
    public = Page.objects.live().public()
    titles = set(public.values_list("title", flat=True))
    assert "Open phonics" in titles and "Ashdown Primary" in titles
    assert not any(title.startswith("Private note") for title in titles)
    assert public.filter(title__startswith="Private note").count() == 0
    assert Page.objects.private().filter(title__startswith="Private note").count() == MANY


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/schools/",
        "/search/?q=phonics",
        "/api/search/?q=phonics",
        "/feeds/practice/rss/",
        "/sitemap.xml",
        "/api/v2/pages/",
    ],
)
def test_pages_answer_beside_a_thousand_private_sections(client, many_private_updates, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert b"Private note" not in response.content


def test_the_api_lists_public_pages_only_beside_a_thousand_private_sections(
    client, many_private_updates
):
    response = client.get("/api/v2/pages/", {"limit": 20, "search": "phonics"})
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles == {"Open phonics"}

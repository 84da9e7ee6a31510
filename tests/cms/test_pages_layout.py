"""Every page: a skip link, landmarks, one h1, a navigation that marks where you are."""

import re

import pytest

from tests.factories import ClusterPageFactory, SchoolPageFactory, UserFactory, school_index

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def nav(page_html):
    return re.search(r'<nav aria-label="Main".*?</nav>', page_html, re.S).group(0)


def test_layout_has_skip_link_landmarks_and_one_h1(client):
    school = SchoolPageFactory()
    for url in ("/", school_index().url, school.url):
        page = html(client, url)
        assert page.index('class="skip-link" href="#main"') < page.index("<header")
        assert '<main id="main"' in page
        assert "<header" in page and "<footer" in page
        assert page.count("<h1") == 1


def test_navigation_marks_the_current_section_and_page(client):
    school = SchoolPageFactory(title="Alder Primary")
    ClusterPageFactory()
    index_nav = nav(html(client, school_index().url))
    assert re.search(r'<a href="/schools/" aria-current="page"[^>]*>Schools</a>', index_nav)
    assert re.search(r'<a href="/clusters/">Clusters</a>', index_nav)
    school_nav = nav(html(client, school.url))
    assert re.search(r'<a href="/schools/" aria-current="true"[^>]*>Schools</a>', school_nav)
    assert "aria-current" not in nav(html(client, "/"))


def test_navigation_offers_sign_in_or_the_dashboard(client):
    assert ">Sign in</a>" in nav(html(client, "/"))
    client.force_login(UserFactory())
    page_nav = nav(html(client, "/"))
    assert ">Your page</a>" in page_nav and ">Sign in</a>" not in page_nav


def test_breadcrumbs_lead_back_up_the_tree(client):
    school = SchoolPageFactory(title="Alder Primary")
    page = html(client, school.url)
    crumbs = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', page, re.S).group(0)
    assert '<a href="/">Home</a>' in crumbs
    assert '<a href="/schools/">Schools</a>' in crumbs
    assert '<span aria-current="page">Alder Primary</span>' in crumbs


def test_pages_hidden_from_menus_are_not_in_the_navigation(client):
    from cms.models import StandardPage
    from tests.factories import add_page, home_page

    add_page(home_page(), StandardPage(title="Privacy", slug="privacy", body="<p>x</p>"))
    add_page(
        home_page(),
        StandardPage(title="About us", slug="about", body="<p>x</p>", show_in_menus=True),
    )
    page_nav = nav(html(client, "/"))
    assert ">About us</a>" in page_nav
    assert "Privacy" not in page_nav

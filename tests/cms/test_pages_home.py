"""The home page: the network's figures, and the ways into the site that exist."""

import datetime
import re

import pytest
from django.utils import timezone

from cms import home
from tests.factories import AwardFactory, SchoolPageFactory, award_level, cluster_index

pytestmark = pytest.mark.django_db


def figures(client):
    page = client.get("/").content.decode()
    pairs = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page)
    return {label: int(value) for label, value in pairs}


def test_figures_count_schools_and_awards_in_force_today(client, frameworks):
    today = timezone.localdate()
    days = datetime.timedelta(days=1)
    centre = SchoolPageFactory()
    AwardFactory(school=centre, awarded_on=today - 30 * days)
    # Two awards at once count once.
    AwardFactory(school=centre, awarded_on=today - 60 * days)
    flagship = SchoolPageFactory()
    AwardFactory(school=flagship, level=award_level(name="Flagship School"), awarded_on=today)
    lapsed = SchoolPageFactory()
    AwardFactory(school=lapsed, awarded_on=today - 800 * days)
    SchoolPageFactory(live=False)

    assert figures(client) == {
        "Schools": 3,
        "Centres of Excellence": 1,
        "Flagship schools": 1,
        "Case studies": 0,
        "Research projects": 0,
    }


def test_figures_grow_by_adding_a_source(client, monkeypatch):
    SchoolPageFactory()
    monkeypatch.setattr(
        home,
        "FIGURE_SOURCES",
        [*home.FIGURE_SOURCES, lambda: {"case_studies": home.Figure("Case studies", 7)}],
    )
    assert figures(client)["Case studies"] == 7


def test_home_leads_to_the_directory_and_clusters(client):
    SchoolPageFactory()
    cluster_index()
    page = client.get("/").content.decode()
    assert '<a href="/schools/">Find a school</a>' in page
    assert '<a href="/clusters/">Clusters</a>' in page


def test_home_leads_to_the_practice_search(client):
    page = client.get("/").content.decode()
    assert '<form action="/search/" method="get" role="search"' in page
    assert '<label for="home-search">' in page
    assert client.get("/search/", {"q": "autism"}).status_code == 200


def test_practice_sections_render_only_when_something_fills_them(client, monkeypatch, settings):
    settings.PAGE_CACHE_ENABLED = False  # the site's code changes between the two views
    school = SchoolPageFactory(title="Alder Primary")
    page = client.get("/").content.decode()
    assert "Featured practice" not in page and "Newest practice" not in page

    monkeypatch.setattr(home, "CONTEXT_SOURCES", [lambda request: {"featured_practice": [school]}])
    page = client.get("/").content.decode()
    assert '<h2 id="featured-heading">Featured practice</h2>' in page
    assert f'<a href="{school.url}">Alder Primary</a>' in page
    assert "Newest practice" not in page


def test_figures_count_live_public_case_studies_and_research(client, frameworks):
    from tests.factories import CaseStudyPageFactory, ResearchProjectPageFactory

    school = SchoolPageFactory()
    CaseStudyPageFactory(parent=school, title="Visual timetables")
    CaseStudyPageFactory(parent=school, title="Zones of regulation")
    CaseStudyPageFactory(parent=school, title="Still a draft", live=False)
    CaseStudyPageFactory(parent=school, title="Members only", visibility="members")
    ResearchProjectPageFactory(parent=school, title="Pre-teaching vocabulary")

    shown = figures(client)
    assert shown["Case studies"] == 2
    assert shown["Research projects"] == 1

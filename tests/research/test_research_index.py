"""The research listing: all public research, filtered by status, element and year, in pages."""

import datetime

import pytest
from django.utils import timezone

from network.models.visibility import Visibility
from tests.factories import ResearchProjectPageFactory, research_index

pytestmark = pytest.mark.django_db


def on(year, month=3):
    return timezone.make_aware(datetime.datetime(year, month, 1, 9))


@pytest.fixture
def research(school, iqm_elements):
    research_index()
    made = {}
    for title, status, element, year in [
        ("Reading aloud", "complete", 0, 2024),
        ("Pre-teaching vocabulary", "in_progress", 5, 2025),
        ("Nurture breakfasts", "planned", 5, 2026),
        ("Attendance calls", "complete", 8, 2026),
    ]:
        page = ResearchProjectPageFactory(
            parent=school, title=title, status=status, first_published_at=on(year)
        )
        page.elements.set([iqm_elements[element]])
        page.save()
        made[title] = page
    ResearchProjectPageFactory(
        parent=school, title="Members only study", visibility=Visibility.MEMBERS,
        first_published_at=on(2026),
    )  # fmt: skip
    return made


ALL_TITLES = (
    "Reading aloud",
    "Pre-teaching vocabulary",
    "Nurture breakfasts",
    "Attendance calls",
    "Members only study",
)


def titles(client, query=""):
    response = client.get(f"/research/{query}")
    assert response.status_code == 200
    return [title for title in ALL_TITLES if title in response.text]


def test_lists_public_research_newest_first(client, research):
    response = client.get("/research/")
    html = response.text
    assert titles(client) == [
        "Reading aloud",
        "Pre-teaching vocabulary",
        "Nurture breakfasts",
        "Attendance calls",
    ]
    assert html.index("Attendance calls") < html.index("Reading aloud")
    assert "4 research projects" in html


def test_filters_by_status_element_and_year(client, research, iqm_elements):
    assert titles(client, "?status=complete") == ["Reading aloud", "Attendance calls"]
    sixth = iqm_elements[5].pk
    assert titles(client, f"?element={sixth}") == ["Pre-teaching vocabulary", "Nurture breakfasts"]
    assert titles(client, "?year=2026") == ["Nurture breakfasts", "Attendance calls"]
    assert titles(client, f"?year=2026&element={sixth}&status=planned") == ["Nurture breakfasts"]
    html = client.get(f"/research/?element={sixth}").text
    assert f'<option value="{sixth}" selected>' in html
    assert '<option value="2024">2024</option>' in html


def test_nonsense_filters_are_ignored_not_errors(client, research):
    for query in ("?status=finished", "?element=abc", "?year=20x6", "?page=999", "?page=x"):
        assert len(titles(client, query)) == 4


def test_pages_of_twenty_keep_the_filters(client, school):
    research_index()
    for n in range(25):
        ResearchProjectPageFactory(
            parent=school, title=f"Study {n:02d}", status="complete",
            first_published_at=on(2025) + datetime.timedelta(days=n),
        )  # fmt: skip
    first = client.get("/research/?status=complete").text
    assert first.count('class="card"') == 20
    assert 'href="?status=complete&amp;page=2"' in first
    second = client.get("/research/?status=complete&page=2").text
    assert second.count('class="card"') == 5
    assert "Page 2 of 2" in second

"""Related practice on a page, and what a searcher sees when no record has every word."""

import pytest
from django.template import Context, Template

from search import loader
from search.models import PracticeRecord
from tests.conftest import committed
from tests.factories import ClusterActivityPageFactory, ClusterPageFactory, SchoolPageFactory

from .corpus import ITEMS

pytestmark = pytest.mark.django_db


def test_related_practice_tag_lists_similar_case_studies_and_research(frameworks_loaded):
    school = SchoolPageFactory(title="Rowan Primary", urn="654321")
    cluster = ClusterPageFactory(title="Rowan cluster", slug="rowan", lead_school=school)
    page = ClusterActivityPageFactory(
        parent=cluster, live=False, title="Attendance and family support meeting"
    )
    with committed():
        page.save_revision().publish()
    loader.load(ITEMS, replace=False)
    assert PracticeRecord.objects.filter(page=page).exists()
    html = Template("{% load practice_search %}{% related_practice page %}").render(
        Context({"page": page})
    )
    assert '<h2 id="related-heading">Related practice</h2>' in html
    assert "Improving attendance through family support" in html
    assert "Attendance and family support meeting" not in html
    assert "Cluster CPD day" not in html


def test_no_related_practice_for_a_page_without_a_record(db):
    school = SchoolPageFactory()
    html = Template("{% load practice_search %}{% related_practice page %}").render(
        Context({"page": school})
    )
    assert html.strip() == ""


def test_any_word_is_enough_and_the_page_says_nothing_is_close(client, frameworks_loaded):
    loader.load(ITEMS)
    html = client.get("/search/", {"q": "phonics quidditch"}).content.decode()
    assert "No close match; these share some of your words." in html
    assert "Teaching assistants delivering structured reading interventions" in html
    data = client.get("/api/search/", {"q": "phonics quidditch"}).json()
    assert data["count"] == 1

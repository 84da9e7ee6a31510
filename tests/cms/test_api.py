"""The page API v2 serves public pages only, whoever asks."""

import pytest

from network.models.visibility import Visibility
from tests.factories import CaseStudyPageFactory, ResearchProjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(frameworks):
    public = CaseStudyPageFactory(title="Open phonics", outcome="worked")
    members = CaseStudyPageFactory(
        parent=public.school, title="Members phonics", visibility=Visibility.MEMBERS
    )
    cluster = ResearchProjectPageFactory(
        parent=public.school, title="Cluster phonics", visibility=Visibility.CLUSTER
    )
    draft = CaseStudyPageFactory(parent=public.school, title="Draft phonics", live=False)
    return public, members, cluster, draft


def titles(client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


def test_listing_and_search_show_public_pages_only(client, pages):
    types = "type=practice.CaseStudyPage&fields=summary,outcome"
    assert titles(client, types) == {"Open phonics"}
    assert titles(client, "search=phonics") == {"Open phonics"}
    # A signed-in member is shown no more: the API is public.
    client.force_login(UserFactory())
    assert titles(client, types) == {"Open phonics"}
    assert titles(client, "search=phonics") == {"Open phonics"}


def test_detail_of_a_restricted_page_is_not_found(client, pages):
    public, members, cluster, draft = pages
    detail = client.get(f"/api/v2/pages/{public.pk}/").json()
    assert detail["summary"] == public.summary and detail["outcome"] == "worked"
    client.force_login(UserFactory())
    for page in (members, cluster, draft):
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404

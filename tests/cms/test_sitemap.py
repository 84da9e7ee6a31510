"""The sitemap lists live, public pages and nothing else."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from network.models.visibility import Visibility
from tests.factories import (
    CaseStudyPageFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    ResearchProjectPageFactory,
)

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return {urlsplit(loc.text).path for loc in root.findall("sm:url/sm:loc", NS)}


def test_sitemap_lists_public_pages_only(client, frameworks):
    public = CaseStudyPageFactory(title="Open phonics")
    school = public.school
    research = ResearchProjectPageFactory(parent=school, title="Open research")
    CaseStudyPageFactory(parent=school, title="Members page", visibility=Visibility.MEMBERS)
    ResearchProjectPageFactory(parent=school, title="Cluster page", visibility=Visibility.CLUSTER)
    CaseStudyPageFactory(parent=school, title="Draft page", live=False)
    cluster = ClusterPageFactory(title="North")
    ClusterActivityPageFactory(parent=cluster, title="Open meeting")
    ClusterActivityPageFactory(
        parent=cluster, title="Private meeting", visibility=Visibility.CLUSTER
    )

    paths = sitemap_paths(client)
    assert public.url in paths and research.url in paths
    assert "/clusters/north/open-meeting/" in paths
    assert not any(
        slug in path
        for path in paths
        for slug in ("members-page", "cluster-page", "draft-page", "private-meeting")
    )

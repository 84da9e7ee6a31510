"""Public, members only, or cluster only: who can read a page, and where it may appear."""

import datetime

import feedparser
import pytest
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import PageViewRestriction, TaskState
from wagtail.test.utils.form_data import nested_form_data

from network.models.visibility import Visibility
from practice.models import CaseStudyPage
from tests.factories import (
    CaseStudyPageFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    ResearchProjectPageFactory,
    SchoolPageFactory,
    UserFactory,
    practice_index,
    research_index,
)

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime.datetime(2026, 5, 1, 9, 0))


@pytest.fixture
def network(school):
    """Riverside and Hillside share a cluster; Faraway is in the network but not the cluster."""
    hillside = SchoolPageFactory(title="Hillside Primary")
    faraway = SchoolPageFactory(title="Faraway Academy")
    cluster = ClusterPageFactory(title="Riverside cluster")
    cluster.member_schools.set([school, hillside])
    cluster.save()
    users = {
        "riverside": UserFactory(username="riverside", groups=[school.editors_group]),
        "hillside": UserFactory(username="hillside", groups=[hillside.editors_group]),
        "faraway": UserFactory(username="faraway", groups=[faraway.editors_group]),
    }
    return {"cluster": cluster, "hillside": hillside, "faraway": faraway, "users": users}


def practice_at(school, visibility, title):
    page = CaseStudyPageFactory(
        parent=school, title=title, visibility=visibility, first_published_at=WHEN
    )
    research = ResearchProjectPageFactory(
        parent=school, title=f"{title} research", visibility=visibility, first_published_at=WHEN
    )
    return page, research


def everywhere_public(client, title):
    """The public places (listings, feeds, sitemap, page API and its search) showing a title."""
    practice_index()
    research_index()
    word = title.split()[-1]
    sources = {
        "practice index": client.get("/practice/").text,
        "research index": client.get("/research/").text,
        "sitemap": client.get("/sitemap.xml").text,
        "api": client.get("/api/v2/pages/?limit=20&order=-id").text,
        "api search": client.get(f"/api/v2/pages/?search={word}").text,
    }
    for url in (
        "/feeds/practice/rss/",
        "/feeds/practice/atom/",
        "/feeds/practice/school/100001/rss/",
    ):
        feed = feedparser.parse(client.get(url).content)
        sources[url] = " ".join(entry.title for entry in feed.entries)
    return {name for name, text in sources.items() if title in text or slugify(title) in text}


ALL_PLACES = {
    "practice index",
    "research index",
    "sitemap",
    "api",
    "api search",
    "/feeds/practice/rss/",
    "/feeds/practice/atom/",
    "/feeds/practice/school/100001/rss/",
}


def test_public_practice_is_everywhere(client, school):
    page, research = practice_at(school, Visibility.PUBLIC, "Open phonics")
    assert client.get(page.url).status_code == 200
    assert everywhere_public(client, "Open phonics research") == ALL_PLACES
    assert everywhere_public(client, "Open phonics") >= ALL_PLACES - {"research index"}
    assert not PageViewRestriction.objects.filter(page=page).exists()


def test_members_only_needs_signing_in_and_stays_out_of_public_places(client, school, network):
    page, research = practice_at(school, Visibility.MEMBERS, "Secret members phonics")
    assert PageViewRestriction.objects.get(page=page).restriction_type == "login"
    for target in (page, research):
        assert client.get(target.url).status_code == 302  # to sign in
    client.force_login(network["users"]["faraway"])
    assert client.get(page.url).status_code == 200
    assert client.get(research.url).status_code == 200
    # Even a signed-in member finds it in no listing, feed, sitemap or API.
    assert everywhere_public(client, "Secret members phonics") == set()
    assert everywhere_public(client, "Secret members phonics research") == set()
    client.logout()
    assert everywhere_public(client, "Secret members phonics") == set()
    assert everywhere_public(client, "Secret members phonics research") == set()


def test_cluster_only_is_for_the_clusters_schools(client, school, network, staff_user):
    page, research = practice_at(school, Visibility.CLUSTER, "Secret cluster attendance")
    activity = ClusterActivityPageFactory(
        parent=network["cluster"], title="Secret cluster meeting", visibility=Visibility.CLUSTER
    )
    for username in ("riverside", "hillside"):
        client.force_login(network["users"][username])
        for target in (page, research, activity):
            assert client.get(target.url).status_code == 200, (username, target)
    client.force_login(staff_user)
    assert client.get(page.url).status_code == 200
    client.force_login(network["users"]["faraway"])
    for target in (page, research, activity):
        response = client.get(target.url)
        assert response.status_code != 200 and "Secret" not in response.text
    assert everywhere_public(client, "Secret cluster attendance") == set()
    client.logout()
    assert client.get(page.url).status_code == 302
    for title in ("Secret cluster attendance", "Secret cluster attendance research"):
        assert everywhere_public(client, title) == set()
    assert "secret-cluster-meeting" not in client.get("/sitemap.xml").text


def test_joining_the_cluster_lets_a_school_read_cluster_only_pages(
    client, school, network, staff_user
):
    page, _ = practice_at(school, Visibility.CLUSTER, "Secret ELSA groups")
    faraway = network["faraway"]
    cluster = network["cluster"]
    client.force_login(network["users"]["faraway"])
    assert client.get(page.url).status_code != 200

    # Staff add Faraway to the cluster through the admin and publish it.
    client.force_login(staff_user)
    response = client.post(
        f"/admin/pages/{cluster.pk}/edit/",
        nested_form_data(
            {
                "title": cluster.title,
                "slug": cluster.slug,
                "kind": "local",
                "summary": cluster.summary,
                "lead_school": str(school.pk),
                "action-publish": "publish",
            }
        )
        | {"member_schools": [str(school.pk), str(network["hillside"].pk), str(faraway.pk)]},
    )
    assert response.status_code == 302
    client.force_login(network["users"]["faraway"])
    assert client.get(page.url).status_code == 200


def test_editor_chooses_visibility_and_it_applies_once_approved(client, school, editor, staff_user):
    page = CaseStudyPageFactory(parent=school, title="Attendance calls", first_published_at=WHEN)
    client.force_login(editor)
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "summary": page.summary,
                "evidence_stage": "untested",
                "visibility": "members",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
                "documents-TOTAL_FORMS": "0",
                "documents-INITIAL_FORMS": "0",
                "action-submit": "submit",
            }
        ),
    )
    # Submitted, not yet approved: the live page is still public.
    client.logout()
    assert client.get(page.url).status_code == 200
    assert not PageViewRestriction.objects.filter(page=page).exists()

    task = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    client.force_login(staff_user)
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task.pk}/", {"comment": ""})
    assert CaseStudyPage.objects.get(pk=page.pk).visibility == "members"
    client.logout()
    assert client.get(page.url).status_code == 302
    assert everywhere_public(client, "Attendance calls") == set()


def test_back_to_public_removes_the_restriction(client, school):
    page, _ = practice_at(school, Visibility.MEMBERS, "Behaviour scripts")
    page.visibility = Visibility.PUBLIC
    page.save_revision().publish()
    assert not PageViewRestriction.objects.filter(page=page).exists()
    assert client.get(page.url).status_code == 200
    assert "sitemap" in everywhere_public(client, "Behaviour scripts")

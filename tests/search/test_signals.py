"""Records follow the page tree once each change commits: publish, edit, unpublish, move,
privacy, delete. The test's transaction stands for the request's: `committed()` runs what
waits for the commit (the index task, run at once here as in development)."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from search.models import PracticeRecord
from tests.conftest import committed
from tests.factories import (
    ClusterActivityPageFactory,
    ClusterPageFactory,
    SchoolPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def found(client, q):
    return [hit["title"] for hit in client.get("/api/search/", {"q": q}).json()["results"]]


@pytest.fixture
def cluster(db):
    school = SchoolPageFactory(title="Hawthorn Primary", urn="123456", postcode="LS1 4AB")
    cluster = ClusterPageFactory(title="Leeds inclusion cluster", slug="leeds", lead_school=school)
    cluster.member_schools.add(school)
    return cluster


def publish_activity(cluster, **fields):
    fields.setdefault("title", "Nurture groups workshop")
    fields.setdefault("purpose", "<p>How <b>nurture</b> groups support SEMH needs.</p>")
    page = ClusterActivityPageFactory(parent=cluster, live=False, **fields)
    with committed():
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_publishing_indexes_the_page(client, cluster):
    page = publish_activity(cluster)
    assert found(client, "nurture") == ["Nurture groups workshop"]
    record = PracticeRecord.objects.get(page=page)
    assert record.kind == "cluster_activity"
    assert record.school_name == "Hawthorn Primary" and record.postcode_district == "LS1"
    assert record.cluster_slug == "leeds" and record.url == page.url
    assert record.body.startswith("How nurture groups support SEMH needs.")
    hit = client.get("/api/search/", {"q": "nurture", "cluster": "leeds"}).json()
    assert hit["count"] == 1
    assert hit["facets"]["cluster"][0]["label"] == "Leeds inclusion cluster"


def test_a_new_revision_replaces_the_record(client, cluster):
    page = publish_activity(cluster)
    page.title = "Restorative practice workshop"
    page.purpose = "<p>Restorative conversations after incidents.</p>"
    with committed():
        page.save_revision().publish()
    assert found(client, "nurture") == []
    assert found(client, "restorative") == ["Restorative practice workshop"]
    assert PracticeRecord.objects.count() == 1


def test_unpublishing_removes_the_record(client, cluster):
    page = publish_activity(cluster)
    with committed():
        page.unpublish()
    assert found(client, "nurture") == []
    assert not PracticeRecord.objects.exists()


def test_drafts_are_never_indexed(client, cluster):
    page = ClusterActivityPageFactory(parent=cluster, live=False, title="Draft plans")
    page.save_revision()
    assert found(client, "draft") == []


def test_privacy_on_an_ancestor_hides_and_restores(client, cluster):
    publish_activity(cluster)
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=cluster, restriction_type=PageViewRestriction.LOGIN
        )
    assert found(client, "nurture") == []
    with committed():
        restriction.delete()
    assert found(client, "nurture") == ["Nurture groups workshop"]


def test_moving_updates_the_record(client, cluster):
    page = publish_activity(cluster)
    other = ClusterPageFactory(title="York cluster", slug="york")
    with committed():
        page.move(other, pos="last-child")
    record = PracticeRecord.objects.get()
    assert record.cluster_slug == "york"
    assert record.url == "/clusters/york/nurture-groups-workshop/"


def test_moving_under_a_private_page_removes_the_record(client, cluster):
    page = publish_activity(cluster)
    private = ClusterPageFactory(title="Private cluster", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    with committed():
        page.move(private, pos="last-child")
    assert found(client, "nurture") == []


def test_deleting_removes_the_record(client, cluster):
    page = publish_activity(cluster)
    with committed():
        page.delete()
    assert found(client, "nurture") == []
    assert found(client, "workshop") == []
    from search.models import SearchTerm

    assert not SearchTerm.objects.filter(word="nurture").exists()


def test_deleting_the_cluster_removes_its_activities(client, cluster):
    publish_activity(cluster)
    with committed():
        cluster.delete()
    assert not PracticeRecord.objects.exists()


def test_renaming_the_lead_school_updates_records(client, cluster):
    publish_activity(cluster)
    school = cluster.lead_school
    school.title = "Hawthorn Academy"
    with committed():
        school.save_revision().publish()
    assert PracticeRecord.objects.get().school_name == "Hawthorn Academy"


def test_a_school_that_becomes_a_special_school_updates_records(client, cluster):
    publish_activity(cluster)
    assert PracticeRecord.objects.get().provision == ""
    school = cluster.lead_school
    school.provision = "special"
    with committed():
        school.save_revision().publish()
    assert PracticeRecord.objects.get().provision == "special"
    data = client.get("/api/search/", {"phase": "Special"}).json()
    assert [hit["school"]["provision"] for hit in data["results"]] == ["special"]


def test_records_carry_the_schools_context_from_gias(client, cluster):
    publish_activity(cluster)
    school = cluster.lead_school
    school.establishment_type = "Academy special converter"
    school.establishment_type_group = "Special schools"
    school.resourced_provision = "sen_unit"
    school.sen_needs = ["semh", "asd"]
    school.number_on_roll = 96
    school.percentage_fsm = "47.5"
    with committed():
        school.save_revision().publish()
    assert PracticeRecord.objects.get().school_context == {
        "type_group": "Special schools",
        "type": "Academy special converter",
        "resourced_provision": "sen_unit",
        "sen_needs": ["asd", "semh"],
        "number_on_roll": 96,
        "percentage_fsm": 47.5,
    }
    [hit] = client.get("/api/search/").json()["results"]
    assert hit["school"]["context"]["sen_needs"] == ["asd", "semh"]


def test_publishing_through_the_admin(client, cluster):
    from django.contrib.auth.models import Group
    from wagtail.test.utils.form_data import rich_text

    from network.permissions import SCHEME_STAFF

    staff = UserFactory(groups=[Group.objects.get(name=SCHEME_STAFF)])
    client.force_login(staff)
    with committed():
        response = client.post(
            f"/admin/pages/add/network/clusteractivitypage/{cluster.pk}/",
            {
                "title": "Phonics moderation meeting",
                "slug": "phonics-moderation",
                "date": datetime.date(2026, 3, 4).isoformat(),
                "kind": "meeting",
                "visibility": "public",
                "location": "",
                "purpose": rich_text("<p>Agreeing phonics assessments across schools.</p>"),
                "outcomes": rich_text(""),
                "attendance-TOTAL_FORMS": "0",
                "attendance-INITIAL_FORMS": "0",
                "attendance-MIN_NUM_FORMS": "0",
                "attendance-MAX_NUM_FORMS": "1000",
                "documents-TOTAL_FORMS": "0",
                "documents-INITIAL_FORMS": "0",
                "documents-MIN_NUM_FORMS": "0",
                "documents-MAX_NUM_FORMS": "1000",
                "action-publish": "action-publish",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert found(client, "phonics") == ["Phonics moderation meeting"]


@pytest.mark.parametrize("delete", ["the page", "its school"])
def test_deleting_leaves_no_record_rows_behind(client, frameworks, delete):
    """Wagtail unpublishes a live page in memory just before deleting it; indexing then would
    write record rows the deletion had not collected (a foreign key error at commit)."""
    from django.db import connection

    from network.models import Element
    from tests.factories import CaseStudyPageFactory

    school = SchoolPageFactory(title="Hawthorn Primary", urn="123456")
    case_study = CaseStudyPageFactory(parent=school, title="Nurture groups in Year 2", live=False)
    case_study.elements.set(Element.objects.filter(number__in=[1, 2])[:2])
    case_study.tags.add("nurture")
    with committed():
        case_study.save_revision().publish()
    assert found(client, "nurture") == ["Nurture groups in Year 2"]

    with committed():
        (case_study if delete == "the page" else school).delete()

    connection.check_constraints()
    assert not PracticeRecord.objects.exists()
    assert found(client, "nurture") == []


def test_pages_published_together_are_indexed_by_one_task(client, cluster, monkeypatch):
    """An import or a bulk publish in one transaction queues one index task (a hundred pages
    a task), not one a page; every page is then found."""
    from search import signals
    from search.tasks import index_pages

    queued = []

    class Counted:
        module_path = signals.index_pages.module_path

        def enqueue(self, ids):
            queued.append(ids)
            return index_pages.enqueue(ids)

    monkeypatch.setattr(signals, "index_pages", Counted())
    titles = [f"Nurture groups workshop {n}" for n in range(1, 4)]
    pages = [
        ClusterActivityPageFactory(parent=cluster, live=False, title=title) for title in titles
    ]
    with committed():
        for page in pages:
            page.save_revision().publish()
    assert queued == [sorted(page.pk for page in pages)]
    assert sorted(found(client, "nurture")) == titles

import pytest
from django.contrib.auth.models import Group

from network.models import ClusterActivityPage
from network.permissions import ASSESSORS, SCHEME_STAFF
from tests.factories import (
    ClusterActivityPageFactory,
    ClusterPageFactory,
    SchoolPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schools():
    return SchoolPageFactory(title="School A"), SchoolPageFactory(title="School B")


def editor_of(*schools, username="editor"):
    return UserFactory(username=username, groups=[school.editors_group for school in schools])


def test_creating_a_school_gives_it_an_editors_group(two_schools):
    school_a, _ = two_schools
    group = school_a.editors_group
    assert group is not None and "School A" in group.name
    codenames = set(
        group.page_permissions.filter(page=school_a).values_list("permission__codename", flat=True)
    )
    assert codenames == {"add_page", "change_page", "lock_page"}
    assert "publish_page" not in codenames


def test_role_groups_exist():
    assert Group.objects.filter(name=SCHEME_STAFF).exists()
    assert Group.objects.filter(name=ASSESSORS).exists()


def test_editor_edits_own_school_but_not_another(client, two_schools):
    school_a, school_b = two_schools
    client.force_login(editor_of(school_a))
    assert client.get(f"/admin/pages/{school_a.pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{school_b.pk}/edit/")
    assert refused.status_code in (302, 403)
    response = client.post(
        f"/admin/pages/{school_b.pk}/edit/",
        {"title": "Taken over", "slug": school_b.slug, "urn": school_b.urn, "phase": "primary"},
    )
    assert response.status_code in (302, 403)
    school_b.refresh_from_db()
    assert school_b.title == "School B"
    assert school_b.get_latest_revision() is None


def test_editor_cannot_publish_own_school(client, two_schools):
    school_a, _ = two_schools
    client.force_login(editor_of(school_a))
    client.post(
        f"/admin/pages/{school_a.pk}/edit/",
        {
            "title": "School A renamed",
            "slug": school_a.slug,
            "urn": school_a.urn,
            "phase": "primary",
            "action-publish": "publish",
        },
    )
    school_a.refresh_from_db()
    assert school_a.title == "School A"


def test_a_user_may_edit_several_schools(client, two_schools):
    school_a, school_b = two_schools
    client.force_login(editor_of(school_a, school_b))
    assert client.get(f"/admin/pages/{school_a.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{school_b.pk}/edit/").status_code == 200


def test_members_of_a_clusters_schools_may_add_activities(client, two_schools):
    school_a, school_b = two_schools
    cluster = ClusterPageFactory(title="North cluster")
    cluster.member_schools.set([school_a])
    cluster.save()
    add_url = f"/admin/pages/add/network/clusteractivitypage/{cluster.pk}/"

    client.force_login(editor_of(school_a, username="member"))
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {
            "title": "Spring meeting",
            "slug": "spring-meeting",
            "date": "2027-03-04",
            "kind": "meeting",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert ClusterActivityPage.objects.child_of(cluster).filter(title="Spring meeting").exists()

    client.force_login(editor_of(school_b, username="outsider"))
    assert client.get(add_url).status_code in (302, 403)


def test_leaving_a_cluster_takes_the_permission_away(client, two_schools):
    school_a, _ = two_schools
    cluster = ClusterPageFactory()
    cluster.member_schools.set([school_a])
    cluster.save()
    cluster.member_schools.set([])
    cluster.save()
    client.force_login(editor_of(school_a))
    add_url = f"/admin/pages/add/network/clusteractivitypage/{cluster.pk}/"
    assert client.get(add_url).status_code in (302, 403)


def test_scheme_staff_can_publish_anywhere(client, two_schools, staff_user):
    _, school_b = two_schools
    cluster = ClusterPageFactory()
    activity = ClusterActivityPageFactory(parent=cluster)
    client.force_login(staff_user)
    for page in (school_b, cluster, activity):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    response = client.post(
        f"/admin/pages/{school_b.pk}/edit/",
        {
            "title": "School B (renamed)",
            "slug": school_b.slug,
            "urn": school_b.urn,
            "phase": "primary",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    school_b.refresh_from_db()
    assert school_b.title == "School B (renamed)"

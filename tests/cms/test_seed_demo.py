"""`manage.py seed_demo` and `manage.py demo_logins`, run as `make run` runs them."""

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import GroupPagePermission, Page

from demo import SEEDERS, DemoContext
from demo.network import school_spec
from demo.users import DEMO_PASSWORD, DEMO_USERS
from network.models import (
    ActivityKind,
    AssessorAssignment,
    Award,
    AwardKind,
    AwardStatus,
    ClusterActivityAttendance,
    ClusterActivityPage,
    ClusterKind,
    ClusterPage,
    Region,
    SchoolIndexPage,
    SchoolPage,
)
from network.permissions import ASSESSORS, SCHEME_STAFF
from tests.factories import SchoolPageFactory

pytestmark = pytest.mark.django_db

SCHOOLS = 40
# These tests are about the network the later areas build on; one test below runs them all.
NETWORK_SEEDERS = ["demo.network.seed", "demo.clusters.seed", "demo.users.seed"]


@pytest.fixture(autouse=True)
def network_seeders_only(monkeypatch):
    monkeypatch.setattr("demo.SEEDERS", NETWORK_SEEDERS)


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", "--schools", str(SCHOOLS), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    return seed()


def counts():
    return {
        "pages": Page.objects.count(),
        "schools": SchoolPage.objects.count(),
        "awards": Award.objects.count(),
        "clusters": ClusterPage.objects.count(),
        "activities": ClusterActivityPage.objects.count(),
        "attendance": ClusterActivityAttendance.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "assignments": AssessorAssignment.objects.count(),
    }


def current_kind(school, today):
    award = school.current_award(today)
    return award.level.kind if award else None


def test_summary_is_printed(demo):
    assert "Demo network ready" in demo
    assert f"schools {SCHOOLS}" in demo and "clusters" in demo


def test_schools_cover_every_region_and_several_phases(demo):
    schools = list(SchoolPage.objects.live())
    assert len(schools) == SCHOOLS
    assert {school.region for school in schools} == set(Region.values)
    assert len({school.phase for school in schools}) >= 3
    assert len({school.local_authority for school in schools}) >= 15
    for school in schools:
        assert school.urn.isdigit() and len(school.urn) == 6
        assert len(school.laestab) == 7 and school.laestab.startswith(school.la_code)
        assert 49.9 < school.latitude < 55.9 and -6 < school.longitude < 1.8
        assert school.postcode and school.town and school.editors_group_id
    london = [school for school in schools if school.region == Region.LONDON]
    assert all(51.2 < school.latitude < 51.7 for school in london)
    assert len({school.urn for school in schools}) == SCHOOLS


def test_pages_are_valid_tree_nodes_under_the_directory(demo, client):
    assert Page.find_problems() == ([], [], [], [], [])
    index = SchoolIndexPage.objects.get()
    assert index.url == "/schools/"
    for school in SchoolPage.objects.all():
        assert school.url_path == f"{index.url_path}{school.slug}/"
    school = SchoolPage.objects.order_by("urn").first()
    response = client.get(school.url)
    assert response.status_code == 200
    assert school.title in response.content.decode()
    assert client.get("/").status_code == 200
    assert client.get("/clusters/").status_code == 200


def test_award_histories(demo):
    today = timezone.localdate()
    schools = list(SchoolPage.objects.prefetch_related("awards__level__scheme"))
    kinds = Counter(current_kind(school, today) for school in schools)
    assert kinds[AwardKind.CENTRE_OF_EXCELLENCE] >= 12
    assert kinds[AwardKind.FLAGSHIP] >= 4

    statuses = Counter(award.status(today) for award in Award.objects.select_related("level"))
    assert statuses[AwardStatus.DUE_FOR_REVIEW] >= 1
    assert statuses[AwardStatus.LAPSED] >= 1
    schemes = set(Award.objects.values_list("level__scheme__short_name", flat=True))
    assert {"IQM", "VbE", "Artsmark"} <= schemes

    lapsed_centres = [
        school
        for school in schools
        if current_kind(school, today) is None
        and any(a.level.kind == AwardKind.CENTRE_OF_EXCELLENCE for a in school.awards.all())
    ]
    assert lapsed_centres, "some Centre of Excellence should have lapsed"

    for school in schools:
        awards = sorted(school.awards.all(), key=lambda award: award.awarded_on)
        by_kind = {}
        for award in awards:
            by_kind.setdefault(award.level.kind, []).append(award.awarded_on)
        if AwardKind.CENTRE_OF_EXCELLENCE in by_kind:
            # The Inclusive School Award comes first.
            assert min(by_kind[AwardKind.STANDARD]) < min(by_kind[AwardKind.CENTRE_OF_EXCELLENCE])
        if AwardKind.FLAGSHIP in by_kind:
            first_coe = min(by_kind[AwardKind.CENTRE_OF_EXCELLENCE])
            first_flagship = min(by_kind[AwardKind.FLAGSHIP])
            assert first_flagship - first_coe >= datetime.timedelta(days=3 * 365)


def test_clusters_local_and_twinned_with_activities(demo):
    clusters = list(ClusterPage.objects.live().prefetch_related("member_schools"))
    assert len(clusters) >= 5
    kinds = Counter(cluster.kind for cluster in clusters)
    assert kinds[ClusterKind.LOCAL] >= 1 and kinds[ClusterKind.TWINNED] >= 1
    for cluster in clusters:
        members = list(cluster.member_schools.all())
        assert len(members) >= 2
        assert cluster.lead_school in members
        assert cluster.action_plan
        regions = {school.region for school in members}
        if cluster.kind == ClusterKind.LOCAL:
            assert len(regions) == 1
        else:
            assert len(regions) == 2
        activities = ClusterActivityPage.objects.child_of(cluster)
        assert set(activities.values_list("kind", flat=True)) == set(ActivityKind.values)
        for activity in activities:
            attending = {row.school_id for row in activity.attendance.all()}
            assert attending and attending <= {school.pk for school in members}
            assert activity.staff_attending >= len(attending)


def test_cluster_members_may_add_activities(demo, client):
    cluster = ClusterPage.objects.first()
    member = cluster.member_schools.first()
    user = get_user_model().objects.create_user("member-editor", password="x")
    user.groups.add(member.editors_group)
    client.force_login(user)
    add_url = f"/admin/pages/add/network/clusteractivitypage/{cluster.pk}/"
    assert client.get(add_url).status_code == 200


def test_a_demo_user_for_each_role(demo, client):
    users = {user.username: user for user in get_user_model().objects.all()}
    for spec in DEMO_USERS:
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
    assert users["demo-admin"].is_superuser
    assert users["demo-staff"].groups.filter(name=SCHEME_STAFF).exists()
    assert users["demo-assessor"].groups.filter(name=ASSESSORS).exists()
    assert AssessorAssignment.objects.filter(assessor=users["demo-assessor"]).count() >= 3
    editor_schools = SchoolPage.objects.filter(editors_group__user=users["demo-editor"])
    assert editor_schools.count() == 1
    assert SchoolPage.objects.filter(editors_group__user=users["demo-editor-two"]).count() == 2
    assert not users["demo-member"].groups.exists()
    assert not users["demo-member"].is_superuser

    # The school editor edits their school in the admin, and no other.
    own = editor_schools.get()
    other = SchoolPage.objects.exclude(pk=own.pk).first()
    client.force_login(users["demo-editor"])
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)


def test_the_demo_member_finds_their_school_and_its_clusters_on_their_page(demo, client):
    assert client.login(username="demo-member", password=DEMO_PASSWORD)
    response = client.get("/your-page/")
    assert response.status_code == 200
    page = response.content.decode()
    school = SchoolPage.objects.get(school_members__user__username="demo-member")
    assert escape(school.title) in page
    clusters = list(school.clusters.live().values_list("title", flat=True))
    assert clusters and all(escape(title) in page for title in clusters)
    assert "You are not linked to a school yet" not in page
    # A member reads: no editors group, no admin.
    assert client.get("/admin/").status_code in (302, 403)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert f"reads as a member of {school.title}" in out.getvalue()


def test_demo_schools_get_the_same_editor_permissions_as_any_school(demo):
    demo_school = SchoolPage.objects.first()
    other = SchoolPageFactory(urn="999999")

    def permissions(school):
        group = school.editors_group
        return (
            set(
                group.page_permissions.filter(page=school).values_list(
                    "permission__codename", flat=True
                )
            ),
            set(group.collection_permissions.values_list("permission__codename", flat=True)),
            set(group.permissions.values_list("codename", flat=True)),
        )

    assert permissions(demo_school) == permissions(other)


def test_a_second_run_neither_fails_nor_duplicates(demo):
    before = counts()
    out = seed()
    assert counts() == before
    assert "awards added 0" in out and "clusters added 0" in out and "activities added 0" in out


def test_the_same_seed_makes_the_same_schools():
    first = DemoContext(seed=7, options={})
    second = DemoContext(seed=7, options={})
    other = DemoContext(seed=8, options={})
    assert [school_spec(first, n).fields for n in range(20)] == [
        school_spec(second, n).fields for n in range(20)
    ]
    assert [school_spec(first, n).fields for n in range(20)] != [
        school_spec(other, n).fields for n in range(20)
    ]


def test_a_bigger_run_keeps_the_first_schools(demo):
    urns = set(SchoolPage.objects.values_list("urn", flat=True))
    call_command("seed_demo", "--schools", "45", stdout=io.StringIO())
    assert urns <= set(SchoolPage.objects.values_list("urn", flat=True))
    assert SchoolPage.objects.count() == 45


def test_too_few_schools_is_refused(db):
    with pytest.raises(CommandError, match="--schools must be between"):
        call_command("seed_demo", "--schools", "10", stdout=io.StringIO())


def test_later_areas_plug_in_with_one_line(db, monkeypatch):
    seen = {}

    def practice_seeder(context):
        seen["schools"] = len(context.schools)
        seen["clusters"] = len(context.clusters)
        context.report("case studies", 0)

    monkeypatch.setattr("tests.cms.test_seed_demo.practice_seeder", practice_seeder, raising=False)
    monkeypatch.setattr(
        "demo.SEEDERS", [*NETWORK_SEEDERS, "tests.cms.test_seed_demo.practice_seeder"]
    )
    out = seed()
    assert seen["schools"] == SCHOOLS and seen["clusters"] >= 5
    assert "case studies 0" in out


def test_demo_logins_prints_each_user_role_and_password(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    for spec in DEMO_USERS:
        assert spec.username in text and spec.role in text
    assert "assesses" in text and "edits" in text


def test_demo_logins_before_seeding_says_what_to_do(db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "run `manage.py seed_demo`" in out.getvalue()


def test_bulk_built_schools_behave_like_any_page(demo, client, staff_user):
    index = SchoolIndexPage.objects.get()
    assert index.numchild == SCHOOLS == index.get_children().count()
    later = SchoolPageFactory(title="Added Later Primary", urn="999998")
    assert Page.find_problems() == ([], [], [], [], [])
    assert later.get_parent().pk == index.pk
    school = SchoolPage.objects.order_by("urn").first()
    client.force_login(staff_user)
    found = client.get("/admin/pages/search/", {"q": school.title})
    assert school.title in found.content.decode()
    response = client.post(
        f"/admin/pages/{school.pk}/edit/",
        {
            "title": school.title + " (renamed)",
            "slug": school.slug,
            "urn": school.urn,
            "phase": school.phase,
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.title.endswith("(renamed)") and school.revisions.count() == 1


def test_the_full_demo_has_every_area_and_a_second_run_adds_nothing(db, monkeypatch):
    from practice.models import AnnualUpdatePage, CaseStudyPage
    from research.models import ResearchProjectPage

    assert SEEDERS[:3] == NETWORK_SEEDERS
    assert "demo.updates.seed" in SEEDERS and "demo.practice.seed" in SEEDERS
    monkeypatch.setattr("demo.SEEDERS", SEEDERS)
    seed()
    made = {
        "case studies": CaseStudyPage.objects.count(),
        "research": ResearchProjectPage.objects.count(),
        "activities": ClusterActivityPage.objects.count(),
        "updates": AnnualUpdatePage.objects.count(),
    }
    assert made["case studies"] >= 150
    assert made["research"] >= 40
    assert made["activities"] >= 60
    assert made["updates"] > 0
    before = counts()
    seed()
    assert counts() == before
    assert CaseStudyPage.objects.count() == made["case studies"]
    assert AnnualUpdatePage.objects.count() == made["updates"]

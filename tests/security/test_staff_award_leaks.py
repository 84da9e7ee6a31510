"""A member of staff who has not agreed to be named is named nowhere outside their school.

Alder Primary holds a school award; one of its teachers holds VbE's Staff Quality Mark and
has not agreed to be named, and is in this year's Staff Quality Mark cycle (a private update
whose title and address carry their name). Anonymous visitors, another school's editor (who
is also that school's assessor), a member of Alder who reads only, and Alder's own assessor
try every channel: public pages, search, the APIs, feeds, the sitemap, the admin, the
certificates and another school's export. Once the teacher agrees, the same profile names
them: the check can fail.
"""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from network.models import AssessorAssignment, Award, Process, SchoolMember
from network.permissions import ASSESSORS, SCHEME_STAFF
from practice.updates.year import start_cycle
from tests.factories import (
    AwardFactory,
    CaseStudyPageFactory,
    UserFactory,
    award_level,
    school_assessor,
    school_editor,
    school_index,
    school_with_award,
)

pytestmark = pytest.mark.django_db

FIRST_NAME = "Quillon"  # searched for: pages may echo it back
SURNAME = "Marchbanks"  # what must never come back
NAME = f"{FIRST_NAME} {SURNAME}"


def body(response):
    content = b"".join(response) if response.streaming else response.content
    return content.decode(errors="replace")


def names_them(text):
    return SURNAME.lower() in text.lower()


@pytest.fixture
def world(frameworks):
    school_a = school_with_award(title="Alder Primary", urn="340001")
    school_b = school_with_award(title="Beech Primary", urn="340002")
    level = award_level("VbE", "Staff Quality Mark")
    award = AwardFactory(
        school=school_a,
        level=level,
        awarded_on=datetime.date(2026, 7, 1),
        holder_name=NAME,
    )
    AwardFactory(
        school=school_a,
        level=level,
        awarded_on=datetime.date(2026, 7, 1),
        holder_name="Ben Okafor",
        holder_consents=True,
    )
    update, created = start_cycle(
        school_a,
        Process.objects.get(key="vbe-staff"),
        "2026/27",
        datetime.date(2027, 6, 30),
        person_name=NAME,
    )
    assert created and NAME in update.title
    outsider = school_editor(school_b, "editor-b")
    outsider.groups.add(Group.objects.get(name=ASSESSORS))
    AssessorAssignment.objects.create(school=school_b, assessor=outsider)
    CaseStudyPageFactory(parent=school_b, title="Beech outdoor learning")
    member = UserFactory(username="member-a")
    SchoolMember.objects.create(school=school_a, user=member)
    return {
        "school_a": school_a,
        "school_b": school_b,
        "award": award,
        "update": update,
        "outsider": outsider,
        "member": member,
        "assessor_a": school_assessor(school_a, "assessor-a"),
        "editor_a": school_editor(school_a, "editor-a"),
        "staff": UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)]),
        "level": level,
    }


def public_urls(world):
    school_a, update = world["school_a"], world["update"]
    directory = school_index().url
    return [
        school_a.url,
        "/",
        directory,
        f"{directory}?q={FIRST_NAME}",
        f"{directory}?scheme=VbE",
        f"{directory}?award_level={world['level'].pk}",
        f"{directory}map/",
        f"/search/?q={FIRST_NAME}",
        f"/api/search/?q={FIRST_NAME}",
        f"/api/search/suggest?q={FIRST_NAME[:5]}",
        f"/api/v2/pages/?search={FIRST_NAME}",
        f"/api/v2/pages/?child_of={school_a.pk}",
        "/api/v2/pages/?type=practice.AnnualUpdatePage",
        f"/api/v2/pages/{school_a.pk}/",
        f"/api/v2/pages/{update.pk}/",
        "/sitemap.xml",
        reverse("practice_feed_rss"),
        reverse("practice_feed_atom"),
        reverse("school_feed_rss", args=[school_a.urn]),
        reverse("school_feed_atom", args=[school_a.urn]),
        update.url or f"{school_a.url}{update.slug}/",
        reverse("your_page"),
    ]


def admin_urls(world):
    school_a, award, update = world["school_a"], world["award"], world["update"]
    return [
        reverse("wagtailadmin_home"),
        reverse("my_school_awards"),
        reverse("school_awards", args=[school_a.pk]),
        reverse("award_certificate", args=[award.pk]),
        reverse("award_consent", args=[award.pk]),
        reverse("wagtailsnippets_network_award:list"),
        reverse("wagtailsnippets_network_award:edit", args=[award.pk]),
        reverse("wagtailsnippets_network_award:history", args=[award.pk]),
        f"/admin/pages/search/?q={FIRST_NAME}",
        reverse("wagtailadmin_explore", args=[school_a.pk]),
        f"/admin/choose-page/{school_a.pk}/",
        f"/admin/choose-page/search/?q={FIRST_NAME}",
        f"/admin/api/main/pages/?child_of={school_a.pk}",
        f"/admin/api/main/pages/{update.pk}/",
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_pages:edit", args=[update.pk]),
        reverse("practice_updates:mine"),
        reverse("practice_updates:read", args=[update.pk]),
    ]


def assert_not_named(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert not names_them(body(response)), url


def test_no_public_channel_names_them(world):
    assert_not_named(Client(), public_urls(world))


def test_another_schools_editor_finds_them_nowhere(client, world):
    client.force_login(world["outsider"])
    assert_not_named(client, public_urls(world) + admin_urls(world))
    for url in (
        reverse("school_awards", args=[world["school_a"].pk]),
        reverse("award_certificate", args=[world["award"].pk]),
        reverse("award_consent", args=[world["award"].pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_a_member_who_reads_only_is_not_told(client, world):
    client.force_login(world["member"])
    assert_not_named(client, public_urls(world) + admin_urls(world))


def test_the_schools_assessor_is_not_told(client, world):
    client.force_login(world["assessor_a"])
    assert_not_named(
        client,
        [
            world["school_a"].url,
            reverse("school_awards", args=[world["school_a"].pk]),
            reverse("award_certificate", args=[world["award"].pk]),
            reverse("award_consent", args=[world["award"].pk]),
            reverse("wagtailadmin_home"),
        ],
    )


def test_scheme_staff_find_them_where_staff_look(client, world):
    """The control for the admin: the same checks see the name where staff may."""
    client.force_login(world["staff"])
    for url in (
        reverse("school_awards", args=[world["school_a"].pk]),
        reverse("award_consent", args=[world["award"].pk]),
        reverse("wagtailsnippets_network_award:list"),
        f"/admin/choose-page/{world['school_a'].pk}/",
        reverse("practice_updates:read", args=[world["update"].pk]),
    ):
        assert names_them(body(client.get(url))), url


def test_another_schools_export_leaves_them_out(client, world):
    client.force_login(world["outsider"])
    response = client.get(reverse("school_export", args=[world["school_b"].pk]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert not names_them(archive.read("school.json").decode())
    refused = client.get(reverse("school_export", args=[world["school_a"].pk]))
    assert refused.status_code == 403 and not names_them(body(refused))


def test_their_own_school_sees_them_and_the_profile_names_them_once_they_agree(client, world):
    """The control: the same checks find the name where it belongs."""
    client.force_login(world["editor_a"])
    awards_page = body(client.get(reverse("school_awards", args=[world["school_a"].pk])))
    assert names_them(awards_page)
    export = client.get(reverse("school_export", args=[world["school_a"].pk]))
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        assert f'"member_of_staff": "{NAME}"' in archive.read("school.json").decode()
    response = client.post(reverse("award_consent", args=[world["award"].pk]), {"agrees": "on"})
    assert response.status_code == 302
    assert Award.objects.get(pk=world["award"].pk).holder_consents
    assert names_them(body(Client().get(world["school_a"].url)))

"""Scheme staff keep the network's data (schemes, frameworks, awards, assessors, school
members) in the
Wagtail admin; a school's editors cannot reach those views."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from network.models import (
    AssessorAssignment,
    Award,
    AwardStatus,
    FrameworkVersion,
    Scheme,
    SchoolMember,
)
from network.permissions import ASSESSORS
from tests.factories import (
    AssessorAssignmentFactory,
    AwardFactory,
    SchoolPageFactory,
    UserFactory,
    award_level,
)

pytestmark = pytest.mark.django_db

MODELS = [Award, Scheme, FrameworkVersion, AssessorAssignment, SchoolMember]


def url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def test_staff_creates_an_award_through_the_admin(client, frameworks, staff_user):
    school = SchoolPageFactory(title="Alder Primary", urn="100001")
    level = award_level(name="Centre of Excellence")
    client.force_login(staff_user)
    assert client.get(url(Award, "add")).status_code == 200
    response = client.post(
        url(Award, "add"),
        {"school": school.pk, "level": level.pk, "awarded_on": "2026-09-01", "valid_until": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    award = Award.objects.get(school=school)
    assert award.level == level
    assert award.valid_until == datetime.date(2027, 9, 1)  # one year, from the level

    listing = client.get(url(Award, "list"))
    assert "Alder Primary" in listing.content.decode()
    profile = client.get(school.url)
    assert "IQM Centre of Excellence" in profile.content.decode()


def test_a_bad_award_is_explained_and_keeps_what_was_typed(client, frameworks, staff_user):
    school = SchoolPageFactory()
    client.force_login(staff_user)
    response = client.post(
        url(Award, "add"),
        {
            "school": school.pk,
            "level": award_level().pk,
            "awarded_on": "2026-09-01",
            "valid_until": "2026-01-01",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "An award must end after the day it is given." in body
    assert 'value="2026-09-01"' in body
    assert not Award.objects.exists()


def test_staff_edits_a_scheme_and_its_award_levels(client, frameworks, staff_user):
    scheme = Scheme.objects.get(short_name="VbE")
    levels = list(scheme.award_levels.order_by("sort_order"))
    data = {
        "name": scheme.name,
        "short_name": "VbE",
        "description": "Values-based Education.",
        "update_framework": scheme.update_framework_id or "",
        "award_levels-TOTAL_FORMS": str(len(levels) + 1),
        "award_levels-INITIAL_FORMS": str(len(levels)),
        "award_levels-MIN_NUM_FORMS": "0",
        "award_levels-MAX_NUM_FORMS": "1000",
    }
    for n, level in enumerate(levels):
        data.update(
            {
                f"award_levels-{n}-id": level.pk,
                f"award_levels-{n}-name": level.name,
                f"award_levels-{n}-kind": level.kind,
                f"award_levels-{n}-validity_years": level.validity_years,
                f"award_levels-{n}-ORDER": n + 1,
            }
        )
    n = len(levels)
    data.update(
        {
            f"award_levels-{n}-name": "Values Champion",
            f"award_levels-{n}-kind": "standard",
            f"award_levels-{n}-validity_years": "2",
            f"award_levels-{n}-ORDER": n + 1,
        }
    )
    client.force_login(staff_user)
    response = client.post(url(Scheme, "edit", scheme.pk), data)
    assert response.status_code == 302
    assert scheme.award_levels.filter(name="Values Champion", validity_years=2).exists()


def test_staff_assigns_an_assessor(client, staff_user):
    school = SchoolPageFactory()
    assessor = UserFactory(username="assessor", groups=[Group.objects.get(name=ASSESSORS)])
    client.force_login(staff_user)
    response = client.post(
        url(AssessorAssignment, "add"), {"school": school.pk, "assessor": assessor.pk}
    )
    assert response.status_code == 302
    assert AssessorAssignment.objects.filter(school=school, assessor=assessor).exists()


def test_staff_add_a_teacher_as_a_member_of_their_school(client, staff_user):
    school = SchoolPageFactory(title="Hollins Park Special School")
    teacher = UserFactory(username="j.okafor", first_name="Joy", last_name="Okafor")
    client.force_login(staff_user)
    response = client.post(url(SchoolMember, "add"), {"school": school.pk, "user": teacher.pk})
    assert response.status_code == 302
    assert SchoolMember.objects.filter(school=school, user=teacher).exists()
    # The teacher reads their school on their own page, and has no admin.
    client.force_login(teacher)
    assert "Hollins Park Special School" in client.get("/your-page/").content.decode()
    assert client.get("/admin/").status_code in (302, 403)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_school_editor_cannot_reach_the_network_data(client, frameworks, model):
    school = SchoolPageFactory()
    AwardFactory(school=school)
    AssessorAssignmentFactory(school=school)
    SchoolMember.objects.create(school=school, user=UserFactory(username="teacher"))
    editor = UserFactory(username="editor", groups=[school.editors_group])
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200  # they do use the admin, for their pages
    for action in ("list", "add"):
        response = client.get(url(model, action))
        assert response.status_code in (302, 403), (model, action)
    instance = model.objects.first()
    assert client.get(url(model, "edit", instance.pk)).status_code in (302, 403)


def test_a_school_editor_cannot_create_an_award(client, frameworks):
    school = SchoolPageFactory()
    editor = UserFactory(username="editor", groups=[school.editors_group])
    client.force_login(editor)
    client.post(
        url(Award, "add"),
        {
            "school": school.pk,
            "level": award_level(name="Flagship School").pk,
            "awarded_on": "2026-09-01",
        },
    )
    assert not Award.objects.exists()


def test_award_status_shows_in_the_admin_listing(client, frameworks, staff_user):
    AwardFactory(awarded_on=datetime.date(2000, 1, 1))
    client.force_login(staff_user)
    body = client.get(url(Award, "list")).content.decode()
    assert AwardStatus.LAPSED.label in body

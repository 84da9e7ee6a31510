"""Who may read an annual update is one rule: the page's view restriction, the views
(can_view_update) and the listings (updates_visible_to) give the same answer for everyone,
and it changes for all three at once when an assessor is assigned or taken off."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import PageViewRestriction

from network.models import AssessorAssignment
from practice.models import AnnualUpdatePage
from practice.updates.access import can_view_update, updates_visible_to
from practice.updates.year import open_update_year
from tests.factories import (
    SchoolPageFactory,
    UserFactory,
    school_assessor,
    school_editor,
    school_with_award,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(frameworks):
    school = school_with_award(title="Hawthorn Pupil Referral Unit")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    return AnnualUpdatePage.objects.get(school=school)


def answers(user, update):
    """(restriction, view, listing): may this user read the update, by each of the three."""
    restriction = PageViewRestriction.objects.get(page=update)
    by_restriction = user.is_authenticated and (
        user.is_superuser or user.groups.filter(pk__in=restriction.groups.all()).exists()
    )
    by_view = can_view_update(user, update)
    by_listing = updates_visible_to(user).filter(pk=update.pk).exists()
    return by_restriction, by_view, by_listing


def test_restriction_views_and_listings_agree(update, staff_user):
    other = SchoolPageFactory(title="St Aidan's C of E Primary")
    inactive_staff = UserFactory(username="left-the-scheme", groups=list(staff_user.groups.all()))
    inactive_staff.is_active = False
    inactive_staff.save()
    people = {
        "the school's editor": (school_editor(update.school, "hawthorn-senco"), True),
        "its assigned assessor": (school_assessor(update.school, "hawthorn-assessor"), True),
        "scheme staff": (staff_user, True),
        "a superuser": (UserFactory(username="admin", is_superuser=True), True),
        "another school's editor": (school_editor(other, "st-aidans-head"), False),
        "an assessor of another school": (school_assessor(other, "other-assessor"), False),
        "a signed-in teacher with no role": (UserFactory(username="teacher"), False),
        "staff whose account is closed": (inactive_staff, False),
    }
    for who, (user, may_read) in people.items():
        by_restriction, by_view, by_listing = answers(user, update)
        assert by_view == by_listing == may_read, who
        if user.is_active:
            assert by_restriction == may_read, who
    assert answers(AnonymousUser(), update) == (False, False, False)


def test_assigning_an_assessor_opens_all_three_and_unassigning_closes_them(update):
    assessor = UserFactory(username="new-assessor")
    assert answers(assessor, update) == (False, False, False)

    AssessorAssignment.objects.create(school=update.school, assessor=assessor)
    assert answers(assessor, update) == (True, True, True)

    AssessorAssignment.objects.filter(assessor=assessor).delete()
    assert answers(assessor, update) == (False, False, False)

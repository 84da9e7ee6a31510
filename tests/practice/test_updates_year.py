"""Scheme staff open a year: one draft update per school that owes one, never two."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction, WorkflowPage

from practice.models import AnnualUpdatePage
from tests.factories import (
    AwardFactory,
    SchoolPageFactory,
    UserFactory,
    award_level,
    school_editor,
    school_with_award,
)

pytestmark = pytest.mark.django_db


def run_open_year(*args):
    out = io.StringIO()
    call_command("open_update_year", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_opens_a_year_once(frameworks):
    centre = school_with_award(title="Centre School")
    flagship = school_with_award(kind="flagship", title="Flagship School One")
    inclusive = SchoolPageFactory(title="Inclusive Only")
    AwardFactory(school=inclusive, level=award_level("IQM", "Inclusive School Award"))

    output = run_open_year("2026/27", "--deadline", "2027-06-30")
    assert "2 updates created" in output
    again = run_open_year("2026/27", "--deadline", "2027-06-30")
    assert "0 updates created, 2 already open" in again

    updates = AnnualUpdatePage.objects.filter(academic_year="2026/27")
    assert {u.school_id for u in updates} == {centre.pk, flagship.pk}
    update = updates.get(school=centre)
    assert update.get_parent().pk == centre.pk
    assert update.deadline == datetime.date(2027, 6, 30)
    assert not update.live
    assert update.framework.name == "Ten elements"
    numbers = [p.element.number for p in update.element_progress.all()]
    assert numbers == list(range(1, 11))
    assert updates.get(school=flagship).award_kind == "flagship"


def test_each_update_is_private_and_on_its_own_workflow(frameworks):
    school = school_with_award()
    run_open_year("2026/27", "--deadline", "2027-06-30")
    update = AnnualUpdatePage.objects.get(school=school)
    restriction = PageViewRestriction.objects.get(page=update)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    names = set(restriction.groups.values_list("name", flat=True))
    assert school.editors_group.name in names
    assert f"School assessors: URN {school.urn}" in names
    assert "Scheme staff" in names
    assert WorkflowPage.objects.get(page=update).workflow.name == "Annual review"
    assert update.get_workflow().name == "Annual review"


def test_bad_input_to_the_command_is_explained(frameworks):
    with pytest.raises(CommandError, match="after 2026 comes 27"):
        run_open_year("2026/28", "--deadline", "2027-06-30")
    with pytest.raises(CommandError, match="deadline"):
        run_open_year("2026/27", "--deadline", "next June")


def test_staff_open_a_year_from_the_admin_twice(client, frameworks, staff_user):
    school_with_award(title="Admin Centre")
    client.force_login(staff_user)
    assert client.get("/admin/updates/open-year/").status_code == 200
    data = {"academic_year": "2026/27", "deadline": "2027-06-30"}
    response = client.post("/admin/updates/open-year/", data)
    assert response.status_code == 200
    assert "1 updates created" in response.content.decode()
    response = client.post("/admin/updates/open-year/", data)
    assert "0 updates created; 1 were already open" in response.content.decode()
    assert AnnualUpdatePage.objects.count() == 1


def test_a_bad_year_keeps_what_was_typed(client, frameworks, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/updates/open-year/", {"academic_year": "2026-27", "deadline": "2027-06-30"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write the academic year as 2026/27." in html
    assert 'value="2026-27"' in html
    assert AnnualUpdatePage.objects.count() == 0


def test_only_staff_may_open_a_year(client, frameworks):
    school = school_with_award()
    client.force_login(school_editor(school))
    response = client.post(
        "/admin/updates/open-year/", {"academic_year": "2026/27", "deadline": "2027-06-30"}
    )
    assert response.status_code in (302, 403)
    assert AnnualUpdatePage.objects.count() == 0
    client.force_login(UserFactory(username="nobody"))
    assert client.get("/admin/updates/open-year/").status_code in (302, 403)


def test_a_second_update_for_the_same_year_is_refused_with_a_message(
    client, frameworks, staff_user
):
    # Scheme staff, who set the year (a school cannot add an update of its own: test_working_side).
    from wagtail.test.utils.form_data import rich_text

    from network.models import FrameworkVersion

    school = school_with_award(title="Twice School")
    run_open_year("2026/27", "--deadline", "2027-06-30")
    client.force_login(staff_user)
    framework = FrameworkVersion.objects.get(name="Ten elements")
    response = client.post(
        f"/admin/pages/add/practice/annualupdatepage/{school.pk}/",
        {
            "title": "Another update",
            "slug": "another-update",
            "academic_year": "2026/27",
            "deadline": "2027-06-30",
            "framework": framework.pk,
            "award_kind": "centre_of_excellence",
            "summary": rich_text(""),
            "sharing_next_year": rich_text(""),
            **{
                f"{name}-{key}": value
                for name in ("element_progress", "targets", "research_steps", "comments")
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )
    assert response.status_code == 200
    assert "This school already has an update for 2026/27." in response.content.decode()
    assert AnnualUpdatePage.objects.filter(school=school).count() == 1


def test_an_update_cannot_be_copied(client, frameworks, staff_user):
    school = school_with_award(title="Copy School")
    run_open_year("2026/27", "--deadline", "2027-06-30")
    update = AnnualUpdatePage.objects.get(school=school)
    client.force_login(staff_user)
    response = client.post(
        f"/admin/pages/{update.pk}/copy/",
        {"new_title": "Copy", "new_slug": "copy", "new_parent_page": school.pk},
    )
    assert response.status_code == 302
    assert AnnualUpdatePage.objects.filter(school=school).count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("cannot be copied" in m for m in messages)

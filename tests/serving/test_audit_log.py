"""Staff read the audit log in Wagtail's "Site history": page workflow and permission changes."""

import html

import pytest
from django.contrib.auth.models import Permission
from wagtail.log_actions import LogContext
from wagtail.models import GroupPagePermission, ModelLogEntry, PageLogEntry

from cms.audit import PERMISSION_CHANGE
from tests.factories import SchoolPageFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/site-history/"


@pytest.fixture
def school():
    return SchoolPageFactory(title="Alder Primary", urn="100001")


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def report_html(client, user):
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_staff_see_submission_and_publication(client, school, staff_user):
    editor = UserFactory(username="ed", groups=[school.editors_group])
    school.title = "Alder Primary School"
    revision = school.save_revision(user=editor, log_action=True)
    workflow = school.get_workflow()
    workflow.start(school, editor)
    task_state = school.current_workflow_task_state
    task_state.task.on_action(task_state, staff_user, "approve")

    actions = set(PageLogEntry.objects.filter(page=school).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions
    school.refresh_from_db()
    assert school.live_revision_id == revision.pk

    page = report_html(client, staff_user)
    assert "Site history" in page
    assert "Alder Primary School" in page
    assert f"'{workflow.name}' started" in page
    assert workflow.name == "Practice review"
    assert "Published" in page


def test_group_membership_change_is_logged_and_shown_to_staff(
    client, school, staff_user, superuser
):
    editor = UserFactory(username="ed")
    with LogContext(user=superuser):
        editor.groups.add(school.editors_group)
    entry = ModelLogEntry.objects.filter(action=PERMISSION_CHANGE).latest("timestamp")
    assert entry.user == superuser
    assert entry.object_id == str(school.editors_group.pk)
    assert entry.data["change"] == "member_added"
    assert entry.data["user_id"] == editor.pk

    with LogContext(user=superuser):
        school.editors_group.user_set.remove(editor)

    page = report_html(client, staff_user)
    group = school.editors_group.name
    assert f"User ed (id {editor.pk}) added to {group}" in page
    assert f"User ed (id {editor.pk}) removed from {group}" in page
    assert "Permission change" in page


def test_page_permission_grant_and_removal_are_logged(client, school, staff_user, superuser):
    group = school.editors_group
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    with LogContext(user=superuser):
        grant = GroupPagePermission.objects.create(group=group, page=school, permission=publish)
        grant.delete()

    page = report_html(client, staff_user)
    assert f"{group.name} may now publish on page “Alder Primary” (id {school.pk})" in page
    assert f"{group.name} may no longer publish on page “Alder Primary” (id {school.pk})" in page


def test_clearing_a_users_groups_is_logged(school, superuser):
    editor = UserFactory(username="ed", groups=[school.editors_group])
    with LogContext(user=superuser):
        editor.groups.clear()
    entry = ModelLogEntry.objects.filter(action=PERMISSION_CHANGE).latest("timestamp")
    assert entry.data == {
        "summary": f"User ed (id {editor.pk}) removed from {school.editors_group.name}",
        "change": "member_removed",
        "user_id": editor.pk,
    }


def test_school_editors_do_not_see_permission_changes(client, school, superuser):
    editor = UserFactory(username="ed")
    with LogContext(user=superuser):
        editor.groups.add(school.editors_group)
    page = report_html(client, editor)
    assert "added to" not in page


# ------ Reviews: the assessor's workflow step and the annual review ------


@pytest.fixture
def submitted_update(client, frameworks):
    import datetime

    from practice.models import AnnualUpdatePage, UpdateTarget
    from practice.updates.year import open_update_year
    from tests.factories import school_assessor, school_editor, school_with_award

    school = school_with_award(title="Hazel Academy", urn="330001")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    UpdateTarget.objects.create(update=update, text="Every child reads daily")
    editor = school_editor(school, "hazel-editor")
    assessor = school_assessor(school, "hazel-assessor")
    submit_update(client, editor, update)
    return update, editor, assessor


def submit_update(client, editor, update):
    from tests.factories import update_edit_data

    client.force_login(editor)
    data = update_edit_data(
        update,
        narratives={n: f"<p>Element {n}.</p>" for n in range(1, 11)},
        progress=["<p>Daily reading.</p>"],
        action="submit",
    )
    assert client.post(f"/admin/pages/{update.pk}/edit/", data).status_code == 302


def workflow_action(client, user, update, action):
    from wagtail.models import TaskState

    task_state = TaskState.objects.get(
        workflow_state__object_id=str(update.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    client.force_login(user)
    response = client.post(
        f"/admin/pages/workflow/action/{update.pk}/{action}/{task_state.pk}/",
        {"comment": "Looked at it."},
    )
    assert response.status_code == 302


def test_assessor_rejection_and_approval_are_logged(client, submitted_update, staff_user):
    update, editor, assessor = submitted_update
    workflow_action(client, assessor, update, "reject")
    submit_update(client, editor, update)
    workflow_action(client, assessor, update, "approve")

    entries = PageLogEntry.objects.filter(page=update, user=assessor)
    assert set(entries.values_list("action", flat=True)) == {
        "wagtail.workflow.reject",
        "wagtail.workflow.approve",
    }
    page = report_html(client, staff_user)
    assert "Rejected at 'Assessor review'. Changes requested" in page
    assert "Approved at 'Assessor review'. Next step 'Scheme staff sign-off'" in page


def test_recording_the_annual_review_is_logged(client, submitted_update, staff_user):
    update, _, assessor = submitted_update
    url = f"/admin/updates/{update.pk}/review/"
    form = {
        "visit_date": "2027-07-08",
        "outcome": "validated",
        "strengths": "A well-led SEND team.",
        "development_targets-TOTAL_FORMS": "0",
        "development_targets-INITIAL_FORMS": "0",
    }
    client.force_login(assessor)
    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "outcome": "ratified"}).status_code == 302

    entries = PageLogEntry.objects.filter(page=update).order_by("timestamp", "pk")
    recorded = [e for e in entries if e.action.startswith("practice.annual_review")]
    assert [(e.action, e.user, e.data["outcome"]) for e in recorded] == [
        ("practice.annual_review.recorded", assessor, "validated"),
        ("practice.annual_review.changed", assessor, "ratified"),
    ]
    page = report_html(client, staff_user)
    assert "Annual review recorded: Progress validated" in page
    assert "Annual review changed: Progress ratified" in page
    assert "A well-led SEND team." not in page


def test_assessor_assignment_changes_are_permission_changes(client, school, staff_user, superuser):
    from network.models import AssessorAssignment

    assessor = UserFactory(username="alder-assessor")
    with LogContext(user=superuser):
        assignment = AssessorAssignment.objects.create(school=school, assessor=assessor)
        assignment.delete()
    entries = ModelLogEntry.objects.filter(action=PERMISSION_CHANGE, user=superuser)
    changes = [e.data["change"] for e in entries.order_by("timestamp", "pk")]
    assert "assessor_assigned" in changes and "assessor_unassigned" in changes
    assert changes.index("assessor_assigned") < changes.index("assessor_unassigned")

    page = report_html(client, staff_user)
    who = f"User alder-assessor (id {assessor.pk})"
    assert f"{who} now assesses Alder Primary (URN 100001)" in page
    assert f"{who} no longer assesses Alder Primary (URN 100001)" in page


def test_a_school_editor_reads_its_own_schools_entries_only(client, school, staff_user):
    other = SchoolPageFactory(title="Rowan Primary", urn="100002")
    for page, title in ((school, "Alder Primary (new name)"), (other, "Rowan Primary (new)")):
        page.title = title
        page.save_revision(user=staff_user, log_action=True).publish(user=staff_user)
    editor = UserFactory(username="alder-ed", groups=[school.editors_group])

    page = report_html(client, editor)
    assert "Alder Primary (new name)" in page
    assert "Rowan Primary" not in page
    staff_page = report_html(client, staff_user)
    assert "Alder Primary (new name)" in staff_page and "Rowan Primary (new)" in staff_page

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

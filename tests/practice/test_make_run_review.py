"""Review is right by construction: after exactly what `make run` does (every migration on
an empty database, then `seed_demo`), each school's subtree is under Practice review and
scheme staff approve a case study that a school's editor submitted. Until practice migration
0002 the schools fell back to Wagtail's "Moderators approval" (an empty group) until a
second `migrate`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from network.models import ClusterPage, SchoolPage
from network.permissions import schools_of
from practice.models import AnnualUpdatePage, CaseStudyPage
from practice.publishing.workflow import PRACTICE_REVIEW
from practice.updates.access import WORKFLOW_NAME as ANNUAL_REVIEW

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """`seed_demo` on the migrated test database, once, rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def user(username):
    return get_user_model().objects.get(username=username)


def test_every_school_subtree_is_under_practice_review(demo):
    assert SchoolPage.objects.count() >= 40
    for school in SchoolPage.objects.all():
        assert school.get_workflow().name == PRACTICE_REVIEW, school.title
    for page in CaseStudyPage.objects.all()[:30]:
        assert page.get_workflow().name == PRACTICE_REVIEW
    for cluster in ClusterPage.objects.all():
        assert cluster.get_workflow().name == PRACTICE_REVIEW
    for update in AnnualUpdatePage.objects.all():
        assert update.get_workflow().name == ANNUAL_REVIEW


def test_schools_added_after_the_seeder_are_under_practice_review(demo):
    """One at a time (the admin, the GIAS import, a restore) or inserted in bulk without
    signals (the seeder's way): either way the school inherits from the directory."""
    from network.bulk import add_pages_in_bulk

    index = SchoolPage.objects.first().get_parent()
    one = SchoolPage(
        title="St Hilda's C of E Primary", slug="st-hildas", urn="149911", phase="primary"
    )
    index.add_child(instance=one)
    bulk = SchoolPage(title="Oakfield PRU", slug="oakfield-pru", urn="149912", phase="primary")
    add_pages_in_bulk(index, [bulk])
    for urn in ("149911", "149912"):
        assert SchoolPage.objects.get(urn=urn).get_workflow().name == PRACTICE_REVIEW


def test_staff_approve_a_case_study_an_editor_submitted(demo, client):
    editor, staff = user("demo-editor"), user("demo-staff")
    school = schools_of(editor).get()
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/practice/casestudypage/{school.pk}/",
        nested_form_data(
            {
                "title": "Zones of regulation at lunchtime",
                "slug": "zones-at-lunchtime",
                "summary": "A shared language for feelings cut playground incidents.",
                "context": rich_text("<p>Lunchtimes were hard for a few pupils with SEMH.</p>"),
                "evidence_stage": "untested",
                "visibility": "public",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
                "documents-TOTAL_FORMS": "0",
                "documents-INITIAL_FORMS": "0",
                "action-submit": "Submit",
            }
        ),
    )
    assert response.status_code == 302
    page = CaseStudyPage.objects.get(slug="zones-at-lunchtime")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == PRACTICE_REVIEW

    client.force_login(staff)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert "Page locked" not in edit.content.decode()
    task = TaskState.objects.get(workflow_state=state, status=TaskState.STATUS_IN_PROGRESS)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert client.get(Page.objects.get(pk=page.pk).url).status_code == 200


def test_each_demo_role_has_tasks_on_their_home(demo, client):
    """The demo network leaves something to do: late schools for staff, an update due for
    the editor, updates to review for the assessor, each named by school."""
    import re

    from practice.updates.home import assessor_tasks, editor_tasks, staff_tasks

    staff_view = staff_tasks()
    assert len(staff_view["late"]) >= 3
    client.force_login(user("demo-staff"))
    page = client.get("/admin/").content.decode()
    for row in staff_view["late"][:3]:
        assert f"Remind {row['update'].school.title}" in page.replace("&#x27;", "'")
    assert re.search(r"\d+ days? late", page)

    editor_rows = editor_tasks(user("demo-editor"))
    assert editor_rows and all(row["school"].title for row in editor_rows)
    assessor_view = assessor_tasks(user("demo-assessor"))
    assert assessor_view["to_review"] or assessor_view["to_record"]

"""Practice review: editors submit, scheme staff send back with a comment or approve, and the
submitter hears at each step."""

import pytest
from django.core import mail
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from network.models import ClusterActivityPage
from practice.models import CaseStudyPage
from practice.publishing.workflow import PRACTICE_REVIEW
from tests.factories import (
    ClusterActivityPageFactory,
    ClusterPageFactory,
    SchoolPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def draft_form(**extra):
    data = {
        "title": "Zones of regulation in Year 4",
        "slug": "zones-of-regulation",
        "summary": "A shared language for feelings cut playground incidents.",
        "context": rich_text("<p>Lunchtimes were hard for a few pupils with SEMH needs.</p>"),
        "evidence_stage": "untested",
        "visibility": "public",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return nested_form_data(data)


def in_progress_task(page):
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def mail_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_every_school_and_cluster_is_under_practice_review(school):
    cluster = ClusterPageFactory()
    assert school.get_workflow().name == PRACTICE_REVIEW
    assert cluster.get_workflow().name == PRACTICE_REVIEW
    activity = ClusterActivityPageFactory(parent=cluster)
    assert activity.get_workflow().name == PRACTICE_REVIEW
    # Not above: the home page keeps whatever the site had.
    home_workflow = Page.objects.get(depth=2).get_workflow()
    assert home_workflow is None or home_workflow.name != PRACTICE_REVIEW


def test_submit_send_back_with_comment_then_approve(client, school, editor, staff_user):
    staff_user.email = "staff@network.example"
    staff_user.save()
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/practice/casestudypage/{school.pk}/",
        draft_form(**{"action-submit": "Submit for review"}),
    )
    assert response.status_code == 302
    page = CaseStudyPage.objects.get()
    assert page.live is False
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == editor

    # The submitter gets a receipt; staff are told there is something to review.
    (receipt,) = mail_to(editor.email)
    assert "submitted" in receipt.subject and PRACTICE_REVIEW in receipt.subject
    assert mail_to(staff_user.email)

    # An editor cannot approve their own work.
    task = in_progress_task(page)
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert page.live is False

    # Staff send it back with a comment; the submitter is emailed with the comment.
    mail.outbox.clear()
    client.force_login(staff_user)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{task.pk}/",
        {"comment": "Please add how you measured the fall in incidents."},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    (rejection,) = mail_to(editor.email)
    assert "rejected" in rejection.subject
    assert "Please add how you measured the fall in incidents." in rejection.body
    page.refresh_from_db()
    assert page.live is False

    # The editor improves it and resubmits; staff approve; it goes live.
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        draft_form(
            impact=rich_text("<p>Incidents logged fell from 14 to 5 a half term.</p>"),
            **{"action-submit": "Resubmit"},
        ),
    )
    assert response.status_code == 302
    task = in_progress_task(page)
    mail.outbox.clear()
    client.force_login(staff_user)
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task.pk}/", {"comment": "Lovely"})
    page.refresh_from_db()
    assert page.live is True
    assert "14 to 5" in page.impact
    (approval,) = mail_to(editor.email)
    assert "approved" in approval.subject
    assert client.get(page.url).status_code == 200


def test_editor_cannot_publish_without_review(client, school, editor):
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/practice/casestudypage/{school.pk}/",
        draft_form(**{"action-publish": "Publish"}),
    )
    page = CaseStudyPage.objects.get()
    assert page.live is False


def test_cluster_activity_goes_through_review(client, staff_user):
    member = SchoolPageFactory()
    cluster = ClusterPageFactory()
    cluster.member_schools.set([member])
    cluster.save()
    editor = UserFactory(username="member", groups=[member.editors_group])
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/network/clusteractivitypage/{cluster.pk}/",
        {
            "title": "Autumn network meeting",
            "slug": "autumn-meeting",
            "date": "2026-11-04",
            "kind": "meeting",
            "visibility": "public",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "action-submit": "Submit",
        },
    )
    activity = ClusterActivityPage.objects.get(slug="autumn-meeting")
    task = in_progress_task(activity)
    client.force_login(staff_user)
    client.post(f"/admin/pages/workflow/action/{activity.pk}/approve/{task.pk}/", {"comment": ""})
    activity.refresh_from_db()
    assert activity.live is True
    assert mail_to(editor.email)[-1].subject.lower().count("approved") == 1


def test_staff_approve_from_the_editor_and_it_goes_live(client, school, editor, staff_user):
    """The page editor saves what is on screen before acting: approving there must publish,
    not restart the review because of that save."""
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/practice/casestudypage/{school.pk}/",
        draft_form(**{"action-submit": "Submit for review"}),
    )
    page = CaseStudyPage.objects.get()
    client.force_login(staff_user)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        draft_form(
            summary="A shared language for feelings cut playground incidents by two thirds.",
            **{"action-workflow-action": "true", "workflow-action-name": "approve"},
        ),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is True
    assert page.summary.endswith("by two thirds.")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_APPROVED

"""From submission to sign-off: the assessor approves or asks for changes, staff sign off."""

import datetime

import pytest
from wagtail.models import WorkflowState

from practice.models import AnnualUpdatePage, UpdateStatus, UpdateTarget
from practice.updates.status import update_status
from practice.updates.year import open_update_year
from tests.factories import (
    SchoolPageFactory,
    UserFactory,
    school_assessor,
    school_editor,
    school_with_award,
    update_edit_data,
)

pytestmark = pytest.mark.django_db

ALL_TEN = {n: f"<p>Element {n} this year.</p>" for n in range(1, 11)}


@pytest.fixture
def people(frameworks, staff_user):
    school = school_with_award(title="Birch Academy")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    UpdateTarget.objects.create(update=update, text="Every child reads daily")
    return {
        "update": update,
        "editor": school_editor(school),
        "assessor": school_assessor(school),
        "staff": staff_user,
        "outsider_assessor": school_assessor(SchoolPageFactory(title="Elsewhere"), "other-a"),
    }


def submit(client, people):
    client.force_login(people["editor"])
    data = update_edit_data(
        people["update"], narratives=ALL_TEN, progress=["<p>Daily reading.</p>"], action="submit"
    )
    response = client.post(f"/admin/pages/{people['update'].pk}/edit/", data)
    assert response.status_code == 302


def act(client, user, update, action, comment=""):
    client.force_login(user)
    task_state = WorkflowState.objects.get(
        object_id=str(update.pk), status__in=["in_progress"]
    ).current_task_state
    return client.post(
        f"/admin/pages/workflow/action/{update.pk}/{action}/{task_state.pk}/",
        {"comment": comment},
    )


def test_from_submission_to_sign_off(client, people):
    update = people["update"]
    submit(client, people)
    assert update_status(update) == UpdateStatus.SUBMITTED

    # The assessor opens the editor through the workflow task, with comments on.
    client.force_login(people["assessor"])
    response = client.get(f"/admin/pages/{update.pk}/edit/")
    assert response.status_code == 200
    assert "comments" in response.context["form"].formsets
    html = response.content.decode()
    assert "Request changes" in html and "Approve" in html

    # Someone else's assessor cannot.
    client.force_login(people["outsider_assessor"])
    assert client.get(f"/admin/pages/{update.pk}/edit/").status_code in (302, 403)
    assert act(client, people["outsider_assessor"], update, "approve").status_code in (302, 403)
    assert update_status(update) == UpdateStatus.SUBMITTED

    # Changes requested, with a comment the school reads.
    act(client, people["assessor"], update, "reject", "Say more about element 3.")
    assert update_status(update) == UpdateStatus.CHANGES_REQUESTED
    client.force_login(people["editor"])
    assert (
        "Say more about element 3."
        in client.get(f"/admin/pages/{update.pk}/edit/").content.decode()
    )

    # The school resubmits; the assessor approves; the update waits for staff.
    submit(client, people)
    assert update_status(update) == UpdateStatus.SUBMITTED
    act(client, people["assessor"], update, "approve")
    assert update_status(update) == UpdateStatus.IN_REVIEW
    assert act(client, people["editor"], update, "approve").status_code in (302, 403)
    assert update_status(update) == UpdateStatus.IN_REVIEW

    # Scheme staff sign off: the update is published (still private) and reviewed.
    act(client, people["staff"], update, "approve")
    update.refresh_from_db()
    assert update.live
    assert update_status(update) == UpdateStatus.REVIEWED
    assert update.get_view_restrictions().exists()


def test_staff_may_send_an_update_back_too(client, people):
    update = people["update"]
    submit(client, people)
    act(client, people["assessor"], update, "approve")
    act(client, people["staff"], update, "reject", "Evidence links are broken.")
    assert update_status(update) == UpdateStatus.CHANGES_REQUESTED
    assert not AnnualUpdatePage.objects.get(pk=update.pk).live


def test_a_user_without_a_role_cannot_act(client, people):
    update = people["update"]
    submit(client, people)
    stranger = UserFactory(username="stranger")
    assert act(client, stranger, update, "approve").status_code in (302, 403)
    assert update_status(update) == UpdateStatus.SUBMITTED

"""From submission to sign-off: the assessor approves or asks for changes, staff sign off."""

import pytest

from practice.models import AnnualUpdatePage, UpdateStatus
from practice.updates.status import update_status
from tests.factories import (
    SchoolPageFactory,
    UserFactory,
    school_assessor,
    submit_update,
    update_with_people,
    workflow_action,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(frameworks, staff_user):
    people = update_with_people(staff_user)
    people["outsider_assessor"] = school_assessor(SchoolPageFactory(title="Elsewhere"), "other-a")
    return people


def submit(client, people):
    assert submit_update(client, people).status_code == 302


act = workflow_action


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
    assert "Ask the school for changes" in html and "Approve for sign-off" in html

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

"""Each role edits only what is theirs, feedback sits beside the writing, and the buttons,
messages and emails speak the scheme's words (issue 17)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from network.models import Element
from practice.models import AnnualUpdatePage, UpdateFeedback, UpdateStatus
from practice.updates.status import update_status
from tests.factories import (
    ALL_TEN,
    CaseStudyPageFactory,
    UserFactory,
    school_editor,
    submit_update,
    update_edit_data,
    update_with_people,
    workflow_action,
)

pytestmark = pytest.mark.django_db

JARGON = ["Moderators", "moderation", "Cancel workflow", "Restart workflow", "Approve and Publish"]


def visible(html):
    """The text a reader sees: no scripts, styles, tags or attribute values."""
    html = re.sub(r"(?s)<(script|style|template)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def people(frameworks, staff_user):
    staff_user.email = "staff@network.example"
    staff_user.save()
    return update_with_people(staff_user, title="Hollins Park Special School")


def edit(client, user, update, **fields):
    client.force_login(user)
    update = AnnualUpdatePage.objects.get(pk=update.pk)
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[update.pk]),
        update_edit_data(update, narratives=ALL_TEN, progress=["<p>Daily reading.</p>"], **fields),
    )


def latest(update):
    return AnnualUpdatePage.objects.get(pk=update.pk).get_latest_revision_as_object()


def in_review(client, people):
    assert submit_update(client, people).status_code == 302
    return AnnualUpdatePage.objects.get(pk=people["update"].pk)


def element(update, number):
    return Element.objects.get(framework=update.framework, number=number)


# ------ Each role edits only what is theirs ------


def test_the_school_cannot_change_year_deadline_framework_or_award_kind(client, people):
    update = people["update"]
    before = (update.academic_year, update.deadline, update.framework_id, update.award_kind)
    response = edit(
        client,
        people["editor"],
        update,
        academic_year="2030/31",
        deadline="2031-12-31",
        award_kind="flagship",
        summary="<p>We widened our nurture offer.</p>",
    )
    assert response.status_code == 302
    saved = latest(update)
    assert "nurture offer" in saved.summary
    assert (saved.academic_year, saved.deadline, saved.framework_id, saved.award_kind) == before
    page = client.get(reverse("wagtailadmin_pages:edit", args=[update.pk])).content.decode()
    assert "Set by scheme staff." in page


def test_staff_set_the_deadline(client, people):
    update = people["update"]
    assert edit(client, people["staff"], update, deadline="2027-07-15").status_code == 302
    assert latest(update).deadline == datetime.date(2027, 7, 15)


def test_a_school_cannot_add_an_update_of_its_own(client, people):
    client.force_login(people["editor"])
    school = people["update"].school
    url = f"/admin/pages/add/practice/annualupdatepage/{school.pk}/"
    response = client.get(url, follow=True)
    assert "opened by scheme staff" in response.content.decode()
    assert AnnualUpdatePage.objects.filter(school=school).count() == 1


def test_the_assessor_comments_but_does_not_change_the_schools_text(client, people):
    update = in_review(client, people)
    client.force_login(people["assessor"])
    page = client.get(reverse("wagtailadmin_pages:edit", args=[update.pk]))
    assert page.status_code == 200
    assert "The text is the school's own" in page.content.decode()
    response = edit(client, people["assessor"], update, summary="<p>Rewritten by the assessor.</p>")
    assert response.status_code in (200, 302)
    assert "Rewritten by the assessor" not in (latest(update).summary or "")

    # As a browser posts it: disabled fields are left out; ids and block counts are sent.
    client.force_login(people["assessor"])
    kept = ("-id", "-count", "TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    data = update_edit_data(update, narratives=ALL_TEN, progress=["<p>Daily reading.</p>"])
    posted = {key: value for key, value in data.items() if key.endswith(kept)}
    response = client.post(reverse("wagtailadmin_pages:edit", args=[update.pk]), posted)
    assert response.status_code in (200, 302)
    assert "Element 3 this year" in latest(update).element_progress.all()[2].narrative


def test_a_signed_off_update_is_closed_until_staff_reopen_it(client, people):
    update = in_review(client, people)
    workflow_action(client, people["assessor"], update, "approve")
    workflow_action(client, people["staff"], update, "approve")
    assert update_status(update) == UpdateStatus.REVIEWED

    client.force_login(people["editor"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[update.pk])
    response = client.get(edit_url, follow=True)
    assert "signed off, so it is closed" in response.content.decode()
    revisions = update.revisions.count()
    edit(client, people["editor"], update, summary="<p>Changed after sign-off.</p>")
    assert update.revisions.count() == revisions

    # Only staff reopen it.
    reopen = reverse("practice_updates:reopen", args=[update.pk])
    refused = client.post(reopen)
    assert refused.status_code in (302, 403) and "reopen" not in refused.get("Location", "")
    assert update_status(update) == UpdateStatus.REVIEWED
    client.force_login(people["staff"])
    response = client.post(reopen, follow=True)
    assert "open again" in response.content.decode()
    assert update_status(AnnualUpdatePage.objects.get(pk=update.pk)) == UpdateStatus.DRAFT
    assert edit(client, people["editor"], update, summary="<p>Now fixed.</p>").status_code == 302
    assert "Now fixed" in latest(update).summary


# ------ Feedback where the writing is ------


def test_feedback_beside_the_element_and_one_email_in_the_sites_words(client, people):
    update = in_review(client, people)
    third = element(update, 3)
    read = reverse("practice_updates:read", args=[update.pk])
    add = reverse("practice_updates:add_feedback", args=[update.pk])

    # Neither the school nor a stranger writes feedback; nothing typed is lost on a blank.
    for outsider in (people["editor"], UserFactory(username="someone")):
        client.force_login(outsider)
        response = client.post(add, {"section": "element", "element": third.pk, "text": "x"})
        assert response.status_code in (302, 403)
        assert not UpdateFeedback.objects.exists()

    client.force_login(people["assessor"])
    blank = client.post(add, {"section": "element", "element": third.pk, "text": "  "}, follow=True)
    assert "Write your feedback on Element 3" in blank.content.decode()
    asked = "Please say how you measured the change in pupils' confidence."
    client.post(add, {"section": "element", "element": third.pk, "text": asked})
    client.post(add, {"section": "target", "position": "1", "text": "Which year groups?"})
    assert UpdateFeedback.objects.filter(update=update).count() == 2

    mail.outbox.clear()
    response = client.post(
        reverse("practice_updates:decide", args=[update.pk]),
        {"decision": "changes", "comment": "Nearly there."},
        follow=True,
    )
    assert "asked for changes" in response.content.decode()
    state = WorkflowState.objects.filter(object_id=str(update.pk)).latest("created_at")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    editor_mail = [m for m in mail.outbox if people["editor"].email in m.to]
    assert len(editor_mail) == 1, [m.subject for m in editor_mail]
    (message,) = editor_mail
    assert "rejected" not in message.subject.lower() + message.body.lower()
    assert "changes asked for" in message.subject
    assert f"Element 3: {third.title}" in message.body
    assert asked in message.body and "Which year groups?" in message.body
    assert "Nearly there." in message.body
    assert f"{read}#feedback-element-{third.pk}" in message.body
    assert "_" not in re.sub(r"https?://\S+", "", message.body)

    # The school reads it beside element 3, on the reading page and in the editor.
    client.force_login(people["editor"])
    body = client.get(read).content.decode()
    section = body[body.index('id="element-3"') : body.index('id="element-4"')]
    assert "Please say how you measured" in section and "open" in section
    assert people["assessor"].get_full_name() in section or people["assessor"].username in section
    editor_page = client.get(reverse("wagtailadmin_pages:edit", args=[update.pk])).content
    assert "Please say how you measured" in editor_page.decode()
    assert "Send to your assessor again" in editor_page.decode()

    # The school marks it resolved; the reading page says so.
    item = UpdateFeedback.objects.get(section="element")
    client.post(reverse("practice_updates:resolve_feedback", args=[item.pk]))
    body = client.get(read).content.decode()
    section = body[body.index('id="element-3"') : body.index('id="element-4"')]
    assert "resolved" in section


# ------ The site's words ------


def test_buttons_and_messages_in_the_schemes_words(client, people):
    update = people["update"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[update.pk])
    client.force_login(people["editor"])
    page = client.get(edit_url).content.decode()
    assert "Send to your assessor" in page
    for word in JARGON:
        assert word not in visible(page), word
    response = edit(client, people["editor"], update, summary="<p>Draft.</p>")
    shown = client.get(response["Location"]).content.decode()
    assert "is saved." in shown and "has been updated" not in shown

    response = submit_update(client, people)
    shown = client.get(response["Location"]).content.decode()
    assert "has been sent to your assessor" in shown and "moderation" not in shown

    client.force_login(people["assessor"])
    page = client.get(edit_url).content.decode()
    assert "Ask the school for changes" in page and "Approve for sign-off" in page
    workflow_action(client, people["assessor"], update, "approve")
    client.force_login(people["staff"])
    page = client.get(edit_url).content.decode()
    assert "Sign off the year" in page
    for word in JARGON:
        assert word not in visible(page), word
    read = client.get(reverse("practice_updates:read", args=[update.pk])).content.decode()
    assert "Sign off the year" in read and "Send back to the school" in read


def test_an_updates_words_stay_on_the_update(client, people):
    """Staff open an annual update (its "Publish" reads "Sign off now, without review"), then
    a school's profile in the same process: the profile's button still says "Publish"."""
    update, school = people["update"], people["update"].school
    client.force_login(people["staff"])
    page = client.get(reverse("wagtailadmin_pages:edit", args=[update.pk])).content.decode()
    assert "Sign off now, without review" in page
    page = client.get(reverse("wagtailadmin_pages:edit", args=[school.pk])).content.decode()
    assert "Sign off now, without review" not in page
    assert re.search(r">\s*Publish\s*<", page)


def test_a_case_study_goes_to_scheme_staff(client, people):
    school = people["update"].school
    study = CaseStudyPageFactory(parent=school, title="Sensory circuits before lessons")
    client.force_login(school_editor(school, "second-editor"))
    page = client.get(reverse("wagtailadmin_pages:edit", args=[study.pk])).content.decode()
    assert "Send to scheme staff" in page
    for word in JARGON:
        assert word not in visible(page), word


def test_only_a_superuser_sees_the_sites_page_and_image_counts(client, people):
    """Staff and editors get their tasks on the admin home, not Wagtail's "372 Pages"."""

    def home_text(user):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        return re.sub(r"\s+", " ", visible(html))

    counts = re.compile(r"\d+ (Pages?|Images?|Documents?)\b")
    for role in ("staff", "editor", "assessor"):
        assert not counts.search(home_text(people[role])), role
    superuser = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    assert counts.search(home_text(superuser))


def test_lists_name_the_school(people):
    update = AnnualUpdatePage.objects.get(pk=people["update"].pk)
    assert update.get_admin_display_title().startswith("Hollins Park Special School: ")


# ------ Tasks, not pages ------


def test_each_roles_home_says_what_it_has_to_do_by_school(client, people):
    update = people["update"]
    home = reverse("wagtailadmin_home")
    school = update.school.title

    def home_text(user):
        client.force_login(user)
        return re.sub(r"\s+", " ", visible(client.get(home).content.decode()))

    page = home_text(people["editor"])
    assert "What you have to do" in page
    assert f"{school} : annual update 2026/27, due 30 June 2027" in page
    assert "Write and send it to your assessor" in page
    assert not re.search(r"\d+ Pages", page)

    in_review(client, people)
    page = home_text(people["assessor"])
    assert "Updates to review" in page
    assert f"{school} , annual update 2026/27, sent on" in page

    page = home_text(people["staff"])
    assert "Submissions waiting for review" in page and "Late updates" in page

    # After the deadline the school is late, and staff can remind it from their home.
    AnnualUpdatePage.objects.filter(pk=update.pk).update(deadline=datetime.date(2020, 1, 31))
    WorkflowState.objects.filter(object_id=str(update.pk)).delete()
    assert f"Remind {school}" in home_text(people["staff"])
    mail.outbox.clear()
    response = client.post(reverse("practice_updates:remind", args=[update.pk]), follow=True)
    assert "A reminder is on its way" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[people["editor"].email]]

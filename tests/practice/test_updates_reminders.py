"""Each reminder goes once: deadline near, overdue, submitted, changes requested, reviewed."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState

from practice.models import AnnualUpdatePage, UpdateReminder, UpdateTarget
from practice.updates.year import open_update_year
from tests.factories import school_assessor, school_editor, school_with_award, update_edit_data

pytestmark = pytest.mark.django_db

ALL_TEN = {n: f"<p>Element {n}.</p>" for n in range(1, 11)}


def sent(subject_part):
    return [message for message in mail.outbox if subject_part in message.subject]


def run_reminders(today):
    out = io.StringIO()
    call_command("send_update_reminders", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def school(frameworks):
    school = school_with_award(title="Hazel School")
    school_editor(school, "hazel-editor")
    school_assessor(school, "hazel-assessor")
    return school


def open_with_deadline(deadline):
    open_update_year("2026/27", deadline)
    return AnnualUpdatePage.objects.get(academic_year="2026/27")


def test_deadline_near_then_overdue_each_once(school, settings):
    settings.PRACTICE_UPDATE_REMINDER_DAYS = 14
    today = timezone.localdate()
    open_with_deadline(today + datetime.timedelta(days=20))

    assert "Deadline reminders sent: 0" in run_reminders(today)
    assert "Deadline reminders sent: 1" in run_reminders(today + datetime.timedelta(days=7))
    assert "Deadline reminders sent: 0" in run_reminders(today + datetime.timedelta(days=8))
    [near] = sent("is due on")
    assert near.to == ["hazel-editor@example.org"]
    assert "/admin/pages/" in near.body

    later = today + datetime.timedelta(days=21)
    assert "overdue reminders sent: 1" in run_reminders(later)
    assert "overdue reminders sent: 0" in run_reminders(later + datetime.timedelta(days=5))
    [overdue] = sent("is overdue")
    assert overdue.to == ["hazel-editor@example.org"]
    assert UpdateReminder.objects.count() == 2


def test_no_date_reminders_once_submitted(client, school):
    today = timezone.localdate()
    update = open_with_deadline(today + datetime.timedelta(days=3))
    UpdateTarget.objects.create(update=update, text="Target")
    client.force_login(school.editors_group.user_set.get())
    data = update_edit_data(update, narratives=ALL_TEN, progress=["<p>Met.</p>"], action="submit")
    assert client.post(f"/admin/pages/{update.pk}/edit/", data).status_code == 302
    run_reminders(today)
    run_reminders(today + datetime.timedelta(days=10))
    assert sent("is due on") == [] and sent("is overdue") == []


def test_submission_changes_and_review_each_tell_once(client, school):
    update = open_with_deadline(timezone.localdate() + datetime.timedelta(days=60))
    UpdateTarget.objects.create(update=update, text="Target")
    editor = school.editors_group.user_set.get()
    assessor = school.assessor_assignments.get().assessor
    edit_url = f"/admin/pages/{update.pk}/edit/"
    client.force_login(editor)
    complete = update_edit_data(
        update, narratives=ALL_TEN, progress=["<p>Met.</p>"], action="submit"
    )
    client.post(edit_url, complete)
    [submitted] = sent("has submitted its annual update")
    assert submitted.to == ["hazel-assessor@example.org"]

    # Saving again while in review sends nothing more.
    client.post(edit_url, update_edit_data(update, narratives=ALL_TEN, progress=["<p>Met.</p>"]))
    assert len(sent("has submitted its annual update")) == 1

    client.force_login(assessor)
    task_state = WorkflowState.objects.get(object_id=str(update.pk)).current_task_state
    client.post(
        f"/admin/pages/workflow/action/{update.pk}/reject/{task_state.pk}/",
        {"comment": "More on element 2, please."},
    )
    [changes] = sent("changes asked for")
    assert changes.to == ["hazel-editor@example.org"]
    assert "More on element 2, please." in changes.body
    assert sent("rejected") == []  # one email, the site's: not Wagtail's as well

    # Resubmitting is a new submission: the assessor hears of it, once.
    client.force_login(editor)
    client.post(edit_url, complete)
    assert len(sent("has submitted its annual update")) == 2
    assert len(sent("changes asked for")) == 1

    client.force_login(assessor)
    review = {
        "visit_date": "2027-07-02",
        "outcome": "ratified",
        "strengths": "Pupil voice.",
        "development_targets-TOTAL_FORMS": "1",
        "development_targets-INITIAL_FORMS": "0",
        "development_targets-MIN_NUM_FORMS": "0",
        "development_targets-MAX_NUM_FORMS": "1000",
        "development_targets-0-text": "Widen the reading offer",
    }
    assert client.post(f"/admin/updates/{update.pk}/review/", review).status_code == 302
    review["strengths"] = "Pupil voice and reading."
    review["development_targets-0-text"] = ""
    assert client.post(f"/admin/updates/{update.pk}/review/", review).status_code == 302
    [recorded] = sent("annual review for 2026/27 has been recorded")
    assert recorded.to == ["hazel-editor@example.org"]


def test_the_task_itself_never_sends_twice(school):
    from practice.updates.reminders import send_update_reminder

    update = open_with_deadline(timezone.localdate())
    first = send_update_reminder.enqueue(update_id=update.pk, kind="overdue", occasion="")
    second = send_update_reminder.enqueue(update_id=update.pk, kind="overdue", occasion="")
    assert first.return_value is True and second.return_value is False
    assert len(sent("is overdue")) == 1


def test_the_count_is_the_emails_sent_and_a_school_without_accounts_is_reminded_by_its_profile(
    frameworks,
):
    """Twelve late schools reported and one email sent was the fault: each counted reminder
    is an email, and a school whose editors have no account yet is written to at its
    profile's contact email; one with neither is named, not counted."""
    from django.core import mail

    from practice.updates.year import open_update_year
    from tests.factories import school_with_award

    with_contact = school_with_award(title="Brook House PRU", urn="400101")
    with_contact.contact_email = "office@brookhouse.example"
    with_contact.save()
    school_with_award(title="Fernhill Special School", urn="400102")
    deadline = datetime.date(2027, 6, 30)
    open_update_year("2026/27", deadline)
    mail.outbox.clear()
    out = run_reminders(deadline + datetime.timedelta(days=3))
    assert "overdue reminders sent: 1" in out
    assert "not reminded: Fernhill Special School" in out
    assert [message.to for message in mail.outbox] == [["office@brookhouse.example"]]

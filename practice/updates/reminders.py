"""Reminder emails about annual updates, each sent exactly once.

Every reminder is recorded in UpdateReminder under a unique (update, kind, occasion) key
before the mail goes: a second attempt finds the key and sends nothing. Sending runs as a
django-tasks task, so a real queue can take it off the request.

The record and the mail share one transaction. The site's email backend (settings:
EMAIL_BACKEND, cms/mail.py) never fails a send: it queues the message as a task once this
transaction commits, and the task worker sends it, trying again while the mail server does
not take it. So a reminder recorded as sent goes once, and one rolled back is not sent.
"""

import contextlib
import contextvars
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from practice.models import AnnualUpdatePage, ReminderKind, UpdateReminder

from .status import is_outstanding, status_of, workflow_states_for

_paused = contextvars.ContextVar("update_reminders_paused", default=False)


@contextlib.contextmanager
def reminders_paused():
    """For demo data and imports: events inside send no reminders (and record none)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def reminder_days():
    return int(getattr(settings, "PRACTICE_UPDATE_REMINDER_DAYS", 14))


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def editors_of(school):
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if school.editors_group_id is None:
        return users.none()
    return users.filter(groups=school.editors_group_id)


def assessors_of(school, scheme_id=None):
    """The school's assessors (consultants, advisers): for the scheme given, those assigned
    for it or for every scheme."""
    from django.db.models import Q

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if scheme_id is None:
        return users.filter(assessor_assignments__school=school).distinct()
    return users.filter(
        Q(assessor_assignments__scheme__isnull=True) | Q(assessor_assignments__scheme_id=scheme_id),
        assessor_assignments__school=school,
    ).distinct()


def _message(update, kind):
    school = update.school
    edit_url = _absolute(reverse("wagtailadmin_pages:edit", args=[update.pk]))
    read_url = _absolute(reverse("practice_updates:read", args=[update.pk]))
    deadline = f"{update.deadline:%-d %B %Y}"
    year = update.academic_year
    work = _work(update)
    if kind == ReminderKind.DEADLINE_NEAR:
        return (
            f"{school}: your {work} for {year} is due on {deadline}",
            f"The {work} of {school} for {year} is due on {deadline}.\n\n"
            f"Write and submit it here: {edit_url}\n",
            editors_of(school),
        )
    if kind == ReminderKind.OVERDUE:
        return (
            f"{school}: your {work} for {year} is overdue",
            f"The {work} of {school} for {year} was due on {deadline} and has not "
            f"been submitted.\n\nPlease finish and submit it: {edit_url}\n",
            editors_of(school),
        )
    if kind == ReminderKind.SUBMITTED:
        return (
            f"{school} has submitted its {work} for {year}",
            f"{school} has submitted its {work} for {year}.\n\n"
            f"Read it, write your feedback beside the text, then approve it or ask the "
            f"school for changes: {read_url}\n",
            assessors_of(school, update.process.scheme_id if update.process_id else None),
        )
    if kind == ReminderKind.CHANGES_REQUESTED:
        return (*_changes_requested(update, edit_url, read_url), editors_of(school))
    if kind == ReminderKind.REVIEW_RECORDED:
        if update.has_award_kinds:
            subject, what = "annual review", "next year's development plan"
        else:
            subject, what = f"{update.reviewer_title}'s report", "the plan for the next round"
        return (
            f"{school}: your {subject} for {year} has been recorded",
            f"The {subject} of {school} for {year} has been recorded.\n\n"
            f"Read the outcome and {what}: {read_url}\n",
            editors_of(school),
        )
    raise ValueError(f"Unknown reminder: {kind}")


def _work(update):
    """What the school is writing, in its cycle's words: "annual update", "Artsmark journey"."""
    if update.person_name:
        return f"{update.cycle_words} ({update.person_name})"
    return update.cycle_words


def _changes_requested(update, edit_url, read_url):
    """Who asked, what they asked about each part, and a link to each, in the site's words."""
    from wagtail.models import TaskState

    from practice.models import UpdateFeedback

    school, year = update.school, update.academic_year
    asked = (
        TaskState.objects.filter(
            workflow_state__object_id=str(update.pk), status=TaskState.STATUS_REJECTED
        )
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    who = f"Your {update.reviewer_title}"
    if asked is not None and asked.finished_by is not None:
        who = asked.finished_by.get_full_name() or asked.finished_by.get_username()
    work = _work(update)
    lines = [f"{who} has asked for changes to the {work} of {school} for {year}.", ""]
    feedback = list(
        UpdateFeedback.objects.filter(update=update, resolved_at=None).select_related("element")
    )
    if feedback:
        lines.append("What was asked, part by part:")
        for item in feedback:
            lines += [
                "",
                f"{item.place}:",
                *(f"  {line}" for line in item.text.splitlines() if line.strip()),
                f"  Read it beside your text: {read_url}#feedback-{item.key}",
            ]
        lines.append("")
    if asked is not None and asked.comment:
        lines += ["Their note:", f"  {asked.comment}", ""]
    lines.append(
        f"Make the changes, then send the update to your {update.reviewer_title} again: {edit_url}"
    )
    return (
        f"{school}: changes asked for in your {work} for {year}",
        "\n".join(lines) + "\n",
    )


TO_THE_SCHOOL = {
    ReminderKind.DEADLINE_NEAR,
    ReminderKind.OVERDUE,
    ReminderKind.CHANGES_REQUESTED,
    ReminderKind.REVIEW_RECORDED,
}


def recipients_of(update, kind):
    """The addresses a reminder goes to. A school whose editors have no account (or no
    email) yet is written to at the contact email on its profile."""
    _subject, _body, users = _message(update, ReminderKind(kind))
    recipients = sorted({user.email for user in users})
    if not recipients and ReminderKind(kind) in TO_THE_SCHOOL and update.school.contact_email:
        recipients = [update.school.contact_email]
    return recipients


@task()
def send_update_reminder(update_id, kind, occasion=""):
    """Send one reminder unless it was sent before; returns whether it went."""
    update = AnnualUpdatePage.objects.select_related("school").filter(pk=update_id).first()
    if update is None or update.school is None:
        return False
    subject, body, _users = _message(update, ReminderKind(kind))
    recipients = recipients_of(update, kind)
    if not recipients:
        return False
    try:
        with transaction.atomic():
            UpdateReminder.objects.create(
                update=update, kind=kind, occasion=occasion, recipients=", ".join(recipients)
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False
    return True


def remind(update, kind, occasion=""):
    """Queue a reminder; cheap to call again, as the task sends nothing twice."""
    if _paused.get():
        return
    if UpdateReminder.objects.filter(update=update, kind=kind, occasion=occasion).exists():
        return
    send_update_reminder.enqueue(update_id=update.pk, kind=str(kind), occasion=str(occasion))


def send_date_reminders(today=None):
    """The reminders that follow from the calendar: the deadline is near, or passed."""
    today = today or timezone.localdate()
    window = today + datetime.timedelta(days=reminder_days())
    updates = list(
        AnnualUpdatePage.objects.filter(deadline__lte=window)
        .exclude(reminders__kind=ReminderKind.OVERDUE)
        .select_related("school")
    )
    states = workflow_states_for(updates)
    # Counted only where there is someone to write to, so the count is the emails sent.
    queued = {ReminderKind.DEADLINE_NEAR: 0, ReminderKind.OVERDUE: 0, "unreachable": []}
    already = set(
        UpdateReminder.objects.filter(update__in=updates).values_list("update_id", "kind")
    )
    for update in updates:
        if not is_outstanding(status_of(update, states.get(update.pk))):
            continue
        kind = ReminderKind.OVERDUE if update.deadline < today else ReminderKind.DEADLINE_NEAR
        if (update.pk, kind.value) in already:
            continue
        if not recipients_of(update, kind):
            queued["unreachable"].append(update.school.title)
            continue
        send_update_reminder.enqueue(update_id=update.pk, kind=kind.value, occasion="")
        queued[kind] += 1
    return queued

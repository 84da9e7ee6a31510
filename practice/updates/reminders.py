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


def assessors_of(school):
    return (
        get_user_model()
        .objects.filter(is_active=True, assessor_assignments__school=school)
        .exclude(email="")
    )


def _message(update, kind):
    school = update.school
    edit_url = _absolute(reverse("wagtailadmin_pages:edit", args=[update.pk]))
    read_url = _absolute(reverse("practice_updates:read", args=[update.pk]))
    deadline = f"{update.deadline:%-d %B %Y}"
    year = update.academic_year
    if kind == ReminderKind.DEADLINE_NEAR:
        return (
            f"{school}: your annual update for {year} is due on {deadline}",
            f"The annual update of {school} for {year} is due on {deadline}.\n\n"
            f"Write and submit it here: {edit_url}\n",
            editors_of(school),
        )
    if kind == ReminderKind.OVERDUE:
        return (
            f"{school}: your annual update for {year} is overdue",
            f"The annual update of {school} for {year} was due on {deadline} and has not "
            f"been submitted.\n\nPlease finish and submit it: {edit_url}\n",
            editors_of(school),
        )
    if kind == ReminderKind.SUBMITTED:
        return (
            f"{school} has submitted its annual update for {year}",
            f"{school} has submitted its annual update for {year}.\n\n"
            f"Read it and approve it or request changes: {edit_url}\n",
            assessors_of(school),
        )
    if kind == ReminderKind.CHANGES_REQUESTED:
        return (
            f"{school}: changes requested to your annual update for {year}",
            f"Your assessor or scheme staff have asked for changes to the annual update of "
            f"{school} for {year}. Their comments are in the editor: {edit_url}\n",
            editors_of(school),
        )
    if kind == ReminderKind.REVIEW_RECORDED:
        return (
            f"{school}: your annual review for {year} has been recorded",
            f"The annual review of {school} for {year} has been recorded.\n\n"
            f"Read the outcome and next year's development plan: {read_url}\n",
            editors_of(school),
        )
    raise ValueError(f"Unknown reminder: {kind}")


@task()
def send_update_reminder(update_id, kind, occasion=""):
    """Send one reminder unless it was sent before; returns whether it went."""
    update = AnnualUpdatePage.objects.select_related("school").filter(pk=update_id).first()
    if update is None or update.school is None:
        return False
    subject, body, users = _message(update, ReminderKind(kind))
    recipients = sorted({user.email for user in users})
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
    queued = {ReminderKind.DEADLINE_NEAR: 0, ReminderKind.OVERDUE: 0}
    already = set(
        UpdateReminder.objects.filter(update__in=updates).values_list("update_id", "kind")
    )
    for update in updates:
        if not is_outstanding(status_of(update, states.get(update.pk))):
            continue
        kind = ReminderKind.OVERDUE if update.deadline < today else ReminderKind.DEADLINE_NEAR
        if (update.pk, kind.value) in already:
            continue
        send_update_reminder.enqueue(update_id=update.pk, kind=kind.value, occasion="")
        queued[kind] += 1
    return queued

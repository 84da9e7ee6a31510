"""The site's email: written in the request, sent in the background, once, when the server takes it.

Settings name the backend (`EMAIL_BACKEND = "cms.mail.TaskEmailBackend"`), so nothing imports
it: reminders, receipts and Wagtail's own workflow notifications all reach it through
Django's mail functions. It sends nothing itself. Each message, whole (MIME bytes, so the
same Message-ID on every try) with its envelope, becomes a `send_email` task, queued once
the transaction that wrote it commits: an action that is rolled back sends nothing, and a
message never goes out before what it tells of is saved.

The task hands the message to the backend that really sends (`EMAIL_DELIVERY_BACKEND`: SMTP
in production). When the server is down, refuses or times out, the task is queued again for
later, less often each time (background/__init__.py), and goes once the server takes it. In
production the queue is a table in the database (django-tasks-db), so a waiting message
survives a restart, and bin/worker sends it. Staff see the waiting messages in the admin
(Settings → Email outbox, cms/outbox_admin.py).
"""

import base64
import email
import email.policy
import logging
from email.generator import BytesGenerator
from email.message import Message
from email.utils import getaddresses
from io import BytesIO

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from background import enqueue_on_commit, retry_later

logger = logging.getLogger("cms.mail")

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class TaskEmailBackend(BaseEmailBackend):
    """Queues each message as a `send_email` task, once the current transaction commits."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            enqueue_on_commit(send_email, envelope(message))
            queued += 1
        return queued


def envelope(message):
    """A Django EmailMessage as the task's JSON argument: the whole message and its envelope."""
    return {
        "subject": str(message.subject)[:255],
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "recipients": list(message.recipients()),
        "message": base64.b64encode(message.message().as_bytes(linesep="\n")).decode("ascii"),
    }


@task()
def send_email(envelope, attempt=1):
    """Send one stored message; when the server fails, try again later (and record why)."""
    message = StoredEmail(
        base64.b64decode(envelope["message"]), envelope["from_email"], envelope["recipients"]
    )
    try:
        get_connection(delivery_backend(), fail_silently=False).send_messages([message])
    except Exception as error:  # whatever the mail server did, the message waits
        retry_later(send_email, error, attempt, envelope)
        raise
    return {"sent": envelope["subject"], "attempt": attempt}


def delivery_backend():
    """The backend that really sends (SMTP in production), from EMAIL_DELIVERY_BACKEND."""
    path = getattr(settings, "EMAIL_DELIVERY_BACKEND", SMTP_BACKEND)
    backend = import_string(path)
    if not isinstance(backend, type) or not issubclass(backend, BaseEmailBackend):
        raise TypeError(f"EMAIL_DELIVERY_BACKEND is not an email backend: {path}")
    if issubclass(backend, TaskEmailBackend):
        raise TypeError("EMAIL_DELIVERY_BACKEND must be the real backend, not the site's own")
    return path


# ------ Sending a stored message ------


class _StoredMIME(Message):
    """A parsed stored message that serialises as Django's messages do (no "From " mangling)."""

    def as_bytes(self, unixfrom=False, linesep="\n"):
        out = BytesIO()
        BytesGenerator(out, mangle_from_=False).flatten(self, unixfrom=unixfrom, linesep=linesep)
        return out.getvalue()


class StoredEmail(EmailMessage):
    """A stored message handed to a Django email backend: the bytes go out unchanged.

    Subject, body and addresses are read back from the message so that a backend that looks
    at them (the console, the test outbox) shows what was sent."""

    def __init__(self, raw, from_email, recipients):
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        super().__init__(
            subject=str(parsed.get("subject", "")),
            body=body.get_content() if body is not None else "",
            from_email=from_email,
            to=_addresses(parsed, "to"),
            cc=_addresses(parsed, "cc"),
        )
        self._raw = raw
        self._recipients = list(recipients)

    def recipients(self):
        return list(self._recipients)

    def message(self, *args, **kwargs):
        return email.message_from_bytes(self._raw, _class=_StoredMIME)


def _addresses(parsed, header):
    return [address for _name, address in getaddresses(parsed.get_all(header, [])) if address]


# ------ The messages in the queue, for staff to read ------


class EmailTaskQuerySet(models.QuerySet):
    def emails(self):
        return self.filter(task_path=EMAIL_TASK_PATH)

    def waiting(self):
        return self.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])


class EmailTaskManager(models.Manager.from_queryset(EmailTaskQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(task_path=EMAIL_TASK_PATH)


class EmailTask(DBTaskResult):
    """One attempt at sending one message: a row of the task queue (django-tasks-db)."""

    objects = EmailTaskManager()

    class Meta:
        proxy = True
        ordering = ["-enqueued_at"]
        verbose_name = "email"
        verbose_name_plural = "email outbox"

    def __str__(self):
        return self.subject or f"Email {self.pk}"

    @property
    def envelope(self):
        args = (self.args_kwargs or {}).get("args") or [{}]
        return args[0] if isinstance(args[0], dict) else {}

    @property
    def subject(self):
        return self.envelope.get("subject", "")

    @property
    def recipients(self):
        return ", ".join(self.envelope.get("recipients", []))

    @property
    def attempt(self):
        return (self.args_kwargs or {}).get("kwargs", {}).get("attempt", 1)

    @property
    def state(self):
        return {
            TaskResultStatus.READY: "waiting",
            TaskResultStatus.RUNNING: "sending",
            TaskResultStatus.SUCCESSFUL: "sent",
            TaskResultStatus.FAILED: "not sent",
        }.get(self.status, self.status)

    @property
    def next_try(self):
        if self.status != TaskResultStatus.READY or self.run_after.year == 9999:
            return None
        return self.run_after

    @property
    def error(self):
        lines = [line for line in (self.traceback or "").strip().splitlines() if line.strip()]
        return lines[-1] if lines else ""


EMAIL_TASK_PATH = f"{__name__}.send_email"

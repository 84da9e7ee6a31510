"""Email that could not be sent when it was written, kept until the mail server takes it.

`cms.mail.QueueingEmailBackend` stores a message here when the real backend fails: the
envelope (sender, recipients) and the whole message as MIME bytes, exactly as it would have
gone, so a retry sends the same message (same Message-ID, so a receiving server that sees it
twice can tell). `manage.py send_queued_email` retries what is due, backing off after each
failure, and marks each message sent once it has gone.
"""

import datetime
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
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("cms.mail")

FIRST_RETRY_DELAY = datetime.timedelta(minutes=5)
LONGEST_RETRY_DELAY = datetime.timedelta(hours=6)
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class QueuedEmail(models.Model):
    """One message the mail server did not take, and how retrying it has gone."""

    subject = models.CharField(max_length=255, blank=True, help_text="For reading this list.")
    from_email = models.TextField()
    recipients = models.JSONField(help_text="Every envelope recipient: to, cc and bcc.")
    message = models.BinaryField(help_text="The whole message as it would have been sent (MIME).")
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "queued email"
        verbose_name_plural = "email outbox"

    def __str__(self):
        return self.subject or f"Email {self.pk}"

    @property
    def status(self):
        return "sent" if self.sent_at else "waiting"

    @classmethod
    def keep(cls, message, error):
        """Store a Django EmailMessage that could not be sent, due for retry at once."""
        now = timezone.now()
        return cls.objects.create(
            subject=str(message.subject)[:255],
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            recipients=list(message.recipients()),
            message=message.message().as_bytes(linesep="\n"),
            attempts=1,
            last_error=describe(error),
            last_attempt_at=now,
            next_attempt_at=now,
        )

    def as_email(self):
        return StoredEmail(bytes(self.message), self.from_email, self.recipients)

    def failed_again(self, error, now):
        self.attempts += 1
        self.last_error = describe(error)
        self.last_attempt_at = now
        self.next_attempt_at = now + retry_delay(self.attempts)
        self.save(update_fields=["attempts", "last_error", "last_attempt_at", "next_attempt_at"])


def describe(error):
    return f"{type(error).__name__}: {error}".strip()[:2000]


def retry_delay(attempts):
    """After the second attempt wait five minutes, then twice as long each time, up to six hours."""
    retries = max(attempts - 2, 0)
    return min(FIRST_RETRY_DELAY * (2**retries), LONGEST_RETRY_DELAY)


# ------ Sending a stored message again ------


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


# ------ Delivery ------


def delivery_backend():
    """The backend that really sends (SMTP in production), from EMAIL_DELIVERY_BACKEND."""
    from .mail import QueueingEmailBackend

    path = getattr(settings, "EMAIL_DELIVERY_BACKEND", SMTP_BACKEND)
    backend = import_string(path)
    if not isinstance(backend, type) or not issubclass(backend, BaseEmailBackend):
        raise TypeError(f"EMAIL_DELIVERY_BACKEND is not an email backend: {path}")
    if issubclass(backend, QueueingEmailBackend):
        raise TypeError("EMAIL_DELIVERY_BACKEND must be the real backend, not the outbox")
    return path


def send_due(now=None, every=False):
    """Retry each waiting message that is due (or all of them); returns (sent, failed).

    Each message is locked while it is sent (on PostgreSQL; SQLite writes one at a time
    anyway), so two runs at once cannot both send it, and is marked sent in the same
    transaction."""
    now = now or timezone.now()
    waiting = QueuedEmail.objects.filter(sent_at__isnull=True)
    if not every:
        waiting = waiting.filter(next_attempt_at__lte=now)
    sent = failed = 0
    for pk in waiting.order_by("next_attempt_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            queued = (
                QueuedEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if queued is None:  # sent by another run meanwhile
                continue
            try:
                get_connection(delivery_backend(), fail_silently=False).send_messages(
                    [queued.as_email()]
                )
            except Exception as error:  # whatever the mail server did, the message waits
                queued.failed_again(error, now)
                failed += 1
                logger.warning(
                    "Queued email %s (%r) not sent, attempt %s: %s; next try after %s",
                    queued.pk,
                    queued.subject,
                    queued.attempts,
                    queued.last_error,
                    queued.next_attempt_at.isoformat(timespec="seconds"),
                )
                continue
            queued.sent_at = timezone.now()
            queued.save(update_fields=["sent_at"])
            sent += 1
    return sent, failed

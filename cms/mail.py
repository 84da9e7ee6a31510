"""The site's email backend: send now if the mail server will take it, else keep it for later.

Settings name it (`EMAIL_BACKEND = "cms.mail.QueueingEmailBackend"`), so nothing imports it:
reminders, receipts and Wagtail's own workflow notifications all reach it through Django's
mail functions. It hands each message to the real backend (`EMAIL_DELIVERY_BACKEND`: SMTP in
production). When that fails, however it fails, the message is stored in the outbox
(`cms.outbox.QueuedEmail`) and the caller carries on as if it had gone: the action that wrote
the email (a submission, a review) is saved, and `manage.py send_queued_email` sends the
message later.

Storing happens in the caller's transaction: if the action is rolled back, so is its email,
and a reminder recorded as sent (practice.UpdateReminder) is always either delivered or in
the outbox, never lost.
"""

import logging

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("cms.mail")


class QueueingEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        from .outbox import delivery_backend

        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(delivery_backend(), fail_silently=False, **kwargs)
        self.failure = None  # once the server has failed, the rest of this batch waits

    def open(self):
        try:
            return self.delivery.open()
        except Exception as error:  # the mail server is down: messages go to the outbox
            self.failure = error
            return False

    def close(self):
        try:
            self.delivery.close()
        except Exception:  # closing a broken connection is not worth failing a request for
            logger.warning("Closing the email connection failed", exc_info=True)

    def send_messages(self, email_messages):
        from .outbox import QueuedEmail

        handled = 0
        for message in email_messages:
            if not message.recipients():
                continue
            if self.failure is None:
                try:
                    self.delivery.send_messages([message])
                except Exception as error:  # any failure of the server: keep the message
                    self.failure = error
                else:
                    handled += 1
                    continue
            try:
                queued = QueuedEmail.keep(message, self.failure)
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Email could not be sent nor kept: %r", message.subject)
                continue
            logger.warning(
                "Email %r not sent (%s); kept in the outbox as %s to send later",
                queued.subject,
                queued.last_error,
                queued.pk,
            )
            handled += 1
        return handled

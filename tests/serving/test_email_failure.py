"""The mail server failing: what users do is saved, and every email waits and goes once later.

The mail server here is really down: Django's SMTP backend is pointed at a port on 127.0.0.1
where nothing listens, so each connection is refused, as with a stopped server.
"""

import datetime
import email
import email.policy
import io
import json
import logging
import socket
import socketserver
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowState

from cms.outbox import QueuedEmail
from practice.models import (
    AnnualReview,
    CaseStudyPage,
    ReminderKind,
    UpdateReminder,
    UpdateStatus,
)
from practice.updates.status import update_status
from tests.factories import (
    SchoolPageFactory,
    UserFactory,
    submit_update,
    update_with_people,
    workflow_action,
)
from tests.practice.test_moderation import draft_form
from tests.practice.test_updates_review import review_post
from tests.serving.test_security_settings import production_env, run_python

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 that is bound but not listening: every connection is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def mail_server(settings, closed_port):
    """The site's own email settings, with the SMTP server down until `.back()`."""

    class MailServer:
        def down(self):
            settings.EMAIL_BACKEND = "cms.mail.QueueingEmailBackend"
            settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST = "127.0.0.1"
            settings.EMAIL_PORT = closed_port
            settings.EMAIL_TIMEOUT = 5

        def back(self):
            settings.EMAIL_DELIVERY_BACKEND = LOCMEM

    server = MailServer()
    server.down()
    return server


def retry(*args):
    out = io.StringIO()
    call_command("send_queued_email", *args, stdout=out)
    return out.getvalue().strip()


def waiting():
    return list(QueuedEmail.objects.filter(sent_at__isnull=True).order_by("pk"))


def addressed(messages, address, subject_part):
    return [m for m in messages if address in m.recipients() and subject_part in m.subject]


def delivered_once_each(queued):
    """Every queued message arrived exactly once, and nothing else did."""
    sent = sorted((m.subject, tuple(sorted(m.recipients()))) for m in mail.outbox)
    kept = sorted((q.subject, tuple(sorted(q.recipients))) for q in queued)
    assert sent == kept


@pytest.fixture
def people(frameworks, staff_user):
    return update_with_people(staff_user)


act = workflow_action


def test_an_annual_update_submitted_while_mail_is_down_is_saved_and_the_email_goes_later(
    client, people, mail_server, caplog
):
    update, assessor = people["update"], people["assessor"]
    with caplog.at_level(logging.WARNING, logger="cms.mail"):
        response = submit_update(client, people)

    # The editor sees the ordinary redirect, and everything they wrote is saved.
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/")
    update.refresh_from_db()
    revision = update.get_latest_revision_as_object()
    assert "Element 3 this year." in revision.element_progress.all()[2].narrative
    state = WorkflowState.objects.get(object_id=str(update.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision_id == update.latest_revision_id
    assert update_status(update) == UpdateStatus.SUBMITTED
    assert UpdateReminder.objects.filter(update=update, kind=ReminderKind.SUBMITTED).exists()

    # Nothing went; the assessor's email is in the outbox, with why.
    assert mail.outbox == []
    queued = waiting()
    [to_assessor] = addressed(
        [q.as_email() for q in queued], assessor.email, "has submitted its annual update"
    )
    assert f"/admin/pages/{update.pk}/edit/" in to_assessor.body
    assert all(q.attempts == 1 and "Connection refused" in q.last_error for q in queued)
    assert "kept in the outbox" in caplog.text

    # The server is back: the retry sends each email once, and a second run sends nothing.
    mail_server.back()
    assert retry() == f"Queued email: sent {len(queued)}, failed 0, waiting 0."
    assert len(addressed(mail.outbox, assessor.email, "has submitted its annual update")) == 1
    delivered_once_each(queued)
    assert retry() == "Queued email: sent 0, failed 0, waiting 0."
    delivered_once_each(queued)


def test_changes_requested_and_the_review_recorded_while_mail_is_down(client, people, mail_server):
    update, editor = people["update"], people["editor"]
    assert submit_update(client, people).status_code == 302
    QueuedEmail.objects.all().delete()  # the submission's emails are the test above

    # The assessor asks for changes: saved, the school's emails wait.
    response = act(client, people["assessor"], update, "reject", "Say more about element 3.")
    assert response.status_code == 302
    assert update_status(update) == UpdateStatus.CHANGES_REQUESTED
    changes = addressed(
        [q.as_email() for q in waiting()], editor.email, "changes requested to your annual update"
    )
    assert len(changes) == 1

    # The assessor records the review: saved, and the school's email waits too.
    client.force_login(people["assessor"])
    response = client.post(f"/admin/updates/{update.pk}/review/", review_post())
    assert response.status_code == 302
    review = AnnualReview.objects.get(update=update)
    assert review.outcome == "validated"
    assert review.development_targets.count() == 3
    queued = waiting()
    assert len(addressed([q.as_email() for q in queued], editor.email, "has been recorded")) == 1
    assert mail.outbox == []

    mail_server.back()
    assert retry() == f"Queued email: sent {len(queued)}, failed 0, waiting 0."
    delivered_once_each(queued)
    assert len(addressed(mail.outbox, editor.email, "changes requested")) == 1
    assert len(addressed(mail.outbox, editor.email, "has been recorded")) == 1
    retry()
    delivered_once_each(queued)


def test_a_case_study_submitted_for_practice_review_while_mail_is_down(
    client, frameworks, staff_user, mail_server
):
    """The receipt is ours; telling staff, and the rejection, are Wagtail's own emails."""
    school = SchoolPageFactory(title="Riverside Primary", urn="100001")
    editor = UserFactory(username="cs-editor", groups=[school.editors_group])
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/practice/casestudypage/{school.pk}/",
        draft_form(**{"action-submit": "Submit for review"}),
    )
    assert response.status_code == 302
    page = CaseStudyPage.objects.get()
    assert page.title == "Zones of regulation in Year 4" and not page.live
    assert page.get_latest_revision() is not None
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == editor

    queued = [q.as_email() for q in waiting()]
    assert len(addressed(queued, editor.email, "was submitted for")) == 1  # the receipt
    assert addressed(queued, staff_user.email, "")  # Wagtail: something to review

    # Staff send it back (Wagtail's "rejected" email to the submitter waits too).
    response = act(client, staff_user, page, "reject", "Please add how you measured it.")
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = addressed([q.as_email() for q in waiting()], editor.email, "rejected")
    assert len(rejected) == 1 and "Please add how you measured it." in rejected[0].body
    assert mail.outbox == []

    mail_server.back()
    all_queued = waiting()
    assert retry() == f"Queued email: sent {len(all_queued)}, failed 0, waiting 0."
    delivered_once_each(all_queued)
    assert len(addressed(mail.outbox, editor.email, "rejected")) == 1
    retry()
    delivered_once_each(all_queued)


def test_deadline_reminders_while_mail_is_down_go_once(people, mail_server, settings):
    settings.PRACTICE_UPDATE_REMINDER_DAYS = 14
    update = people["update"]
    near = update.deadline - datetime.timedelta(days=7)
    out = io.StringIO()
    call_command("send_update_reminders", "--today", near.isoformat(), stdout=out)
    assert "Deadline reminders sent: 1" in out.getvalue()
    # Recorded as sent, and waiting: the daily run does not queue it again.
    assert UpdateReminder.objects.filter(kind=ReminderKind.DEADLINE_NEAR).count() == 1
    call_command("send_update_reminders", "--today", near.isoformat(), stdout=out)
    [queued] = waiting()
    assert people["editor"].email in queued.recipients

    mail_server.back()
    assert retry() == "Queued email: sent 1, failed 0, waiting 0."
    [reminder] = mail.outbox
    assert "is due on" in reminder.subject and reminder.to == [people["editor"].email]
    retry()
    call_command("send_update_reminders", "--today", near.isoformat(), stdout=out)
    assert len(mail.outbox) == 1


def test_retries_back_off_and_log_each_failure(db, mail_server, caplog):
    mail.send_mail("Outbox test", "Hello.", "network@example.org", ["someone@example.org"])
    [queued] = waiting()

    with caplog.at_level(logging.WARNING, logger="cms.mail"):
        assert retry() == "Queued email: sent 0, failed 1, waiting 1."
    assert f"Queued email {queued.pk} ('Outbox test') not sent, attempt 2" in caplog.text
    queued.refresh_from_db()
    assert queued.attempts == 2 and "Connection refused" in queued.last_error
    delay = queued.next_attempt_at - queued.last_attempt_at
    assert delay == datetime.timedelta(minutes=5)

    # Not due yet: a run straight after tries nothing.
    assert retry() == "Queued email: sent 0, failed 0, waiting 1."
    # --all tries anyway; the next wait is twice as long.
    assert retry("--all") == "Queued email: sent 0, failed 1, waiting 1."
    queued.refresh_from_db()
    assert queued.attempts == 3
    assert queued.next_attempt_at - queued.last_attempt_at == datetime.timedelta(minutes=10)

    mail_server.back()
    assert retry() == "Queued email: sent 0, failed 0, waiting 1."  # still not due
    QueuedEmail.objects.filter(pk=queued.pk).update(next_attempt_at=timezone.now())
    assert retry() == "Queued email: sent 1, failed 0, waiting 0."
    [message] = mail.outbox
    assert message.subject == "Outbox test" and message.body.strip() == "Hello."
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 3


def test_a_working_mail_server_sends_at_once_and_keeps_nothing(db, mail_server):
    mail_server.back()
    mail.send_mail("Straight out", "Hello.", "network@example.org", ["someone@example.org"])
    assert [m.subject for m in mail.outbox] == ["Straight out"]
    assert not QueuedEmail.objects.exists()


def test_staff_see_the_outbox_in_the_admin_and_cannot_change_it(
    client, frameworks, staff_user, mail_server
):
    mail.send_mail("Waiting message", "Hello.", "network@example.org", ["someone@example.org"])
    [queued] = waiting()
    client.force_login(staff_user)
    listing = client.get("/admin/email_outbox/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Waiting message" in html and "someone@example.org" in html and "waiting" in html
    inspect = client.get(f"/admin/email_outbox/inspect/{queued.pk}/")
    assert inspect.status_code == 200 and "Connection refused" in inspect.content.decode()
    for url in (
        "/admin/email_outbox/new/",
        f"/admin/email_outbox/edit/{queued.pk}/",
        f"/admin/email_outbox/delete/{queued.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, {"subject": "Changed"}).status_code in (302, 403), url
    queued.refresh_from_db()
    assert queued.subject == "Waiting message" and queued.sent_at is None

    school = SchoolPageFactory(title="Riverside Primary", urn="100001")
    client.force_login(UserFactory(username="outbox-editor", groups=[school.editors_group]))
    assert client.get("/admin/email_outbox/").status_code in (302, 403)


class _SMTPReceiver(socketserver.StreamRequestHandler):
    """Just enough of an SMTP server on 127.0.0.1 to take messages and keep them."""

    def reply(self, line):
        self.wfile.write(line + b"\r\n")

    def handle(self):
        self.reply(b"220 test ready")
        sender, recipients, lines, reading = None, [], [], False
        while line := self.rfile.readline():
            if reading:
                if line == b".\r\n":
                    self.server.received.append((sender, recipients, b"".join(lines)))
                    sender, recipients, lines, reading = None, [], [], False
                    self.reply(b"250 accepted")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply(b"250 test")
            elif verb == b"MAIL":
                sender = line.split(b":", 1)[1].strip().strip(b"<>").decode()
                self.reply(b"250 ok")
            elif verb == b"RCPT":
                recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                self.reply(b"250 ok")
            elif verb == b"DATA":
                reading = True
                self.reply(b"354 go ahead")
            elif verb == b"QUIT":
                self.reply(b"221 bye")
                return
            else:
                self.reply(b"250 ok")


@pytest.fixture
def smtp_receiver():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPReceiver)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_message_sent_later_is_the_message_written(db, mail_server, settings, smtp_receiver):
    """Over real SMTP both times: refused, then taken; headers, parts and bcc all kept."""
    message = mail.EmailMultiAlternatives(
        "Année 2026/27 — mise à jour reçue",
        "Merci, café à 10 h.\n\n.A line that starts with a dot.",
        "Réseau <network@example.org>",
        ["Zoë Head <head@example.org>"],
        cc=["deputy@example.org"],
        bcc=["archive@example.org"],
        headers={"X-Network-Event": "update-submitted"},
    )
    message.attach_alternative("<p>Merci, <b>café</b></p>", "text/html")
    message.attach("targets.csv", "element,target\n3,Reading daily\n", "text/csv")
    assert message.send() == 1
    [queued] = waiting()
    assert queued.recipients == message.recipients()  # to, cc and bcc
    kept = email.message_from_bytes(bytes(queued.message), policy=email.policy.default)

    settings.EMAIL_PORT = smtp_receiver.server_address[1]  # the mail server is back
    assert retry() == "Queued email: sent 1, failed 0, waiting 0."
    [(sender, recipients, data)] = smtp_receiver.received
    assert sender == "network@example.org"
    assert sorted(recipients) == ["archive@example.org", "deputy@example.org", "head@example.org"]
    got = email.message_from_bytes(data.replace(b"\r\n", b"\n"), policy=email.policy.default)
    assert got["Message-ID"] == kept["Message-ID"]
    assert got["Subject"] == "Année 2026/27 — mise à jour reçue"
    assert got["To"] == "Zoë Head <head@example.org>" and got["Cc"] == "deputy@example.org"
    assert got["Bcc"] is None  # bcc goes in the envelope only
    assert got["X-Network-Event"] == "update-submitted"
    assert got.get_body(("plain",)).get_content().rstrip("\n") == (
        "Merci, café à 10 h.\n\n.A line that starts with a dot."
    )
    assert "<b>café</b>" in got.get_body(("html",)).get_content()
    [attachment] = got.iter_attachments()
    assert attachment.get_filename() == "targets.csv"
    assert attachment.get_content() == "element,target\n3,Reading daily\n"
    assert retry() == "Queued email: sent 0, failed 0, waiting 0."
    assert len(smtp_receiver.received) == 1


@pytest.mark.parametrize(
    "env, delivery",
    [
        ({}, "django.core.mail.backends.smtp.EmailBackend"),
        (
            {"EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "django.core.mail.backends.console.EmailBackend",
        ),
        # A deployment that set EMAIL_BACKEND before the outbox existed keeps its backend.
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            "django.core.mail.backends.filebased.EmailBackend",
        ),
    ],
)
def test_production_always_sends_through_the_outbox(env, delivery):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_DELIVERY_BACKEND, s.EMAIL_TIMEOUT]))"
    )
    environment = {k: v for k, v in production_env().items() if not k.startswith("EMAIL_")}
    result = run_python(code, {**environment, **env})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["cms.mail.QueueingEmailBackend", delivery, 10]


def test_the_outbox_cannot_deliver_through_itself(settings):
    settings.EMAIL_DELIVERY_BACKEND = "cms.mail.QueueingEmailBackend"
    with pytest.raises(TypeError, match="must be the real backend"):
        mail.get_connection("cms.mail.QueueingEmailBackend")

"""The mail server failing: what users do is saved, and every email waits and goes once later.

Email leaves the request as a task (cms/mail.py), queued once the action commits, in the
database queue production uses (django-tasks-db); the worker here is the real one
(`manage.py db_worker --batch`, what bin/worker runs). The mail server is really down:
Django's SMTP backend is pointed at a port on 127.0.0.1 where nothing listens, so each
connection is refused, as with a stopped server. The tests' transaction stands for the
request's: `committed()` runs what waits for its commit.
"""

import base64
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
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import WorkflowState

from cms.mail import EmailTask
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
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 that is bound but not listening: every connection is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as a request would: what waits for the commit runs at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def mail_server(settings, closed_port):
    """The site's own email settings and queue, with the SMTP server down until `.back()`."""

    class MailServer:
        def down(self):
            settings.EMAIL_BACKEND = "cms.mail.TaskEmailBackend"
            settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST = "127.0.0.1"
            settings.EMAIL_PORT = closed_port
            settings.EMAIL_TIMEOUT = 5
            settings.TASKS = DATABASE_QUEUE
            settings.TASK_RETRY_FIRST_SECONDS = 300

        def back(self):
            settings.EMAIL_DELIVERY_BACKEND = LOCMEM

    server = MailServer()
    server.down()
    return server


def run_worker():
    """The task worker, as bin/worker runs it, until nothing due is left.

    A task's own commits (a reminder task queueing its email) are played as they would be."""
    while True:
        with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        if not callbacks:
            return


def time_passes():
    """Every message waiting for its next try is due now."""
    EmailTask.objects.waiting().update(run_after=timezone.now())


def waiting():
    return [stored(task) for task in EmailTask.objects.waiting().order_by("enqueued_at")]


def stored(task):
    from cms.mail import StoredEmail

    envelope = task.envelope
    return StoredEmail(
        base64.b64decode(envelope["message"]), envelope["from_email"], envelope["recipients"]
    )


def addressed(messages, address, subject_part):
    return [m for m in messages if address in m.recipients() and subject_part in m.subject]


def delivered_once_each(queued):
    """Every queued message arrived exactly once, and nothing else did."""
    sent = sorted((m.subject, tuple(sorted(m.recipients()))) for m in mail.outbox)
    kept = sorted((q.subject, tuple(sorted(q.recipients()))) for q in queued)
    assert sent == kept


@pytest.fixture
def people(frameworks, staff_user):
    return update_with_people(staff_user)


act = workflow_action


def test_an_annual_update_submitted_while_mail_is_down_is_saved_and_the_email_goes_later(
    client, people, mail_server, committed, caplog
):
    update, assessor = people["update"], people["assessor"]
    with committed():
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

    # The request sent nothing; the worker tries, the server refuses: each email waits.
    assert mail.outbox == []
    with caplog.at_level(logging.WARNING, logger="cms.tasks"):
        run_worker()
    assert UpdateReminder.objects.filter(update=update, kind=ReminderKind.SUBMITTED).exists()
    assert mail.outbox == []
    queued = waiting()
    [to_assessor] = addressed(waiting(), assessor.email, "has submitted its annual update")
    assert f"/admin/updates/{update.pk}/" in to_assessor.body  # the update to read
    failed = EmailTask.objects.filter(status="FAILED")
    assert len(failed) == len(queued)
    assert all("Connection refused" in task.error for task in failed)
    assert all(task.attempt == 2 and task.next_try for task in EmailTask.objects.waiting())
    assert "cms.mail.send_email failed (attempt 1 of 12)" in caplog.text

    # The server is back: the next try sends each email once, and nothing is left to send.
    mail_server.back()
    run_worker()
    assert mail.outbox == []  # not due yet
    time_passes()
    run_worker()
    assert len(addressed(mail.outbox, assessor.email, "has submitted its annual update")) == 1
    delivered_once_each(queued)
    assert waiting() == []
    time_passes()
    run_worker()
    delivered_once_each(queued)


def test_changes_requested_and_the_review_recorded_while_mail_is_down(
    client, people, mail_server, committed
):
    update, editor = people["update"], people["editor"]
    with committed():
        assert submit_update(client, people).status_code == 302
    run_worker()
    DBTaskResult.objects.all().delete()  # the submission's emails are the test above

    # The assessor asks for changes: saved, the school's emails wait.
    with committed():
        response = act(client, people["assessor"], update, "reject", "Say more about element 3.")
    assert response.status_code == 302
    assert update_status(update) == UpdateStatus.CHANGES_REQUESTED
    run_worker()
    changes = addressed(waiting(), editor.email, "changes asked for in your annual update")
    assert len(changes) == 1

    # The assessor records the review: saved, and the school's email waits too.
    client.force_login(people["assessor"])
    with committed():
        response = client.post(f"/admin/updates/{update.pk}/review/", review_post())
    assert response.status_code == 302
    review = AnnualReview.objects.get(update=update)
    assert review.outcome == "validated"
    assert review.development_targets.count() == 3
    run_worker()
    queued = waiting()
    assert len(addressed(queued, editor.email, "has been recorded")) == 1
    run_worker()
    assert mail.outbox == []

    mail_server.back()
    time_passes()
    run_worker()
    delivered_once_each(queued)
    assert len(addressed(mail.outbox, editor.email, "changes asked for")) == 1
    assert len(addressed(mail.outbox, editor.email, "has been recorded")) == 1
    time_passes()
    run_worker()
    delivered_once_each(queued)


def test_a_case_study_submitted_for_practice_review_while_mail_is_down(
    client, frameworks, staff_user, mail_server, committed
):
    """The receipt is ours; telling staff, and the rejection, are Wagtail's own emails."""
    school = SchoolPageFactory(title="Riverside Primary", urn="100001")
    editor = UserFactory(username="cs-editor", groups=[school.editors_group])
    client.force_login(editor)
    with committed():
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

    run_worker()
    queued = waiting()
    assert len(addressed(queued, editor.email, "was submitted for")) == 1  # the receipt
    assert addressed(queued, staff_user.email, "")  # Wagtail: something to review

    # Staff send it back (Wagtail's "rejected" email to the submitter waits too).
    with committed():
        response = act(client, staff_user, page, "reject", "Please add how you measured it.")
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    run_worker()
    rejected = addressed(waiting(), editor.email, "rejected")
    assert len(rejected) == 1 and "Please add how you measured it." in rejected[0].body
    run_worker()
    assert mail.outbox == []

    mail_server.back()
    all_queued = waiting()
    time_passes()
    run_worker()
    delivered_once_each(all_queued)
    assert len(addressed(mail.outbox, editor.email, "rejected")) == 1
    time_passes()
    run_worker()
    delivered_once_each(all_queued)


def test_deadline_reminders_while_mail_is_down_go_once(people, mail_server, settings, committed):
    settings.PRACTICE_UPDATE_REMINDER_DAYS = 14
    update = people["update"]
    near = update.deadline - datetime.timedelta(days=7)
    out = io.StringIO()
    with committed():
        call_command("send_update_reminders", "--today", near.isoformat(), stdout=out)
    run_worker()
    assert "Deadline reminders sent: 1" in out.getvalue()
    # Recorded as sent, and waiting: the daily run does not queue it again.
    assert UpdateReminder.objects.filter(kind=ReminderKind.DEADLINE_NEAR).count() == 1
    with committed():
        call_command("send_update_reminders", "--today", near.isoformat(), stdout=out)
    run_worker()
    [queued] = waiting()
    assert people["editor"].email in queued.recipients()
    run_worker()

    mail_server.back()
    time_passes()
    run_worker()
    [reminder] = mail.outbox
    assert "is due on" in reminder.subject and reminder.to == [people["editor"].email]
    time_passes()
    run_worker()
    with committed():
        call_command("send_update_reminders", "--today", near.isoformat(), stdout=out)
    run_worker()
    assert len(mail.outbox) == 1


def test_retries_back_off_and_log_each_failure(db, mail_server, committed, caplog):
    with committed():
        mail.send_mail("Outbox test", "Hello.", "network@example.org", ["someone@example.org"])
    [first] = EmailTask.objects.all()
    assert first.state == "waiting" and first.attempt == 1 and first.next_try is None

    with caplog.at_level(logging.WARNING, logger="cms.tasks"):
        run_worker()
    assert "send_email failed (attempt 1 of 12): ConnectionRefusedError" in caplog.text
    first.refresh_from_db()
    assert first.state == "not sent" and "Connection refused" in first.error
    [second] = EmailTask.objects.waiting()
    assert second.attempt == 2
    assert second.next_try - first.finished_at == pytest.approx(
        datetime.timedelta(minutes=5), abs=datetime.timedelta(seconds=5)
    )

    # Not due yet: the worker tries nothing.
    run_worker()
    assert EmailTask.objects.filter(status="FAILED").count() == 1
    # Once due it tries again, and the next wait is twice as long.
    time_passes()
    run_worker()
    [third] = EmailTask.objects.waiting()
    assert third.attempt == 3
    failed_at = EmailTask.objects.filter(status="FAILED").order_by("-finished_at")[0].finished_at
    assert third.next_try - failed_at == pytest.approx(
        datetime.timedelta(minutes=10), abs=datetime.timedelta(seconds=5)
    )

    mail_server.back()
    run_worker()
    assert mail.outbox == []  # still not due
    time_passes()
    run_worker()
    [message] = mail.outbox
    assert message.subject == "Outbox test" and message.body.strip() == "Hello."
    third.refresh_from_db()
    assert third.state == "sent"
    assert not EmailTask.objects.waiting().exists()


def test_a_message_is_given_up_after_its_attempts_and_says_so(
    db, mail_server, committed, settings, caplog
):
    settings.TASK_RETRY_ATTEMPTS = 2
    with committed():
        mail.send_mail("Twice only", "Hello.", "network@example.org", ["someone@example.org"])
    run_worker()
    time_passes()
    with caplog.at_level(logging.ERROR, logger="cms.tasks"):
        run_worker()
    assert "send_email failed (attempt 2 of 2), not tried again" in caplog.text
    assert not EmailTask.objects.waiting().exists()
    assert EmailTask.objects.filter(status="FAILED").count() == 2


def test_an_action_rolled_back_sends_nothing(db, mail_server, committed):
    mail_server.back()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Never", "Hello.", "network@example.org", ["someone@example.org"])
        raise RuntimeError("the action failed")
    assert not EmailTask.objects.exists()
    run_worker()
    assert mail.outbox == []


def test_nothing_is_sent_before_the_action_commits(db, mail_server, committed):
    mail_server.back()
    with committed():
        with transaction.atomic():
            mail.send_mail("After", "Hello.", "network@example.org", ["someone@example.org"])
            assert not EmailTask.objects.exists()  # nothing queued inside the transaction
        assert mail.outbox == []
    run_worker()
    assert [m.subject for m in mail.outbox] == ["After"]


def test_a_working_mail_server_sends_on_the_first_try(db, mail_server, committed):
    mail_server.back()
    with committed():
        mail.send_mail("Straight out", "Hello.", "network@example.org", ["someone@example.org"])
    assert mail.outbox == []  # the request only queued it
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Straight out"]
    assert [task.state for task in EmailTask.objects.all()] == ["sent"]


def test_staff_see_the_outbox_in_the_admin_and_cannot_change_it(
    client, frameworks, staff_user, mail_server, committed
):
    with committed():
        mail.send_mail("Waiting message", "Hello.", "network@example.org", ["someone@example.org"])
    run_worker()
    failed = EmailTask.objects.get(status="FAILED")
    client.force_login(staff_user)
    listing = client.get("/admin/email_outbox/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Waiting message" in html and "someone@example.org" in html and "waiting" in html
    inspect = client.get(f"/admin/email_outbox/inspect/{failed.pk}/")
    assert inspect.status_code == 200 and "Connection refused" in inspect.content.decode()
    for url in (
        "/admin/email_outbox/new/",
        f"/admin/email_outbox/edit/{failed.pk}/",
        f"/admin/email_outbox/delete/{failed.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, {"queue_name": "changed"}).status_code in (302, 403), url
    assert EmailTask.objects.count() == 2 and not EmailTask.objects.filter(queue_name="changed")

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


def test_the_message_sent_later_is_the_message_written(
    db, mail_server, settings, smtp_receiver, committed
):
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
    with committed():
        assert message.send() == 1
    run_worker()
    [queued] = EmailTask.objects.waiting()
    assert queued.envelope["recipients"] == message.recipients()  # to, cc and bcc
    kept = email.message_from_bytes(
        base64.b64decode(queued.envelope["message"]), policy=email.policy.default
    )

    settings.EMAIL_PORT = smtp_receiver.server_address[1]  # the mail server is back
    time_passes()
    run_worker()
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
    time_passes()
    run_worker()
    assert len(smtp_receiver.received) == 1


@pytest.mark.parametrize(
    "env, delivery",
    [
        ({}, "django.core.mail.backends.smtp.EmailBackend"),
        (
            {"EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "django.core.mail.backends.console.EmailBackend",
        ),
        # A deployment that set EMAIL_BACKEND before the site had its own keeps its backend.
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            "django.core.mail.backends.filebased.EmailBackend",
        ),
    ],
)
def test_production_sends_every_email_from_the_task_queue(env, delivery):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_DELIVERY_BACKEND, s.EMAIL_TIMEOUT, "
        "s.TASKS['default']['BACKEND']]))"
    )
    environment = {k: v for k, v in production_env().items() if not k.startswith("EMAIL_")}
    result = run_python(code, {**environment, **env})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "cms.mail.TaskEmailBackend",
        delivery,
        10,
        "django_tasks_db.DatabaseBackend",
    ]


def test_the_site_cannot_deliver_through_its_own_backend(settings, db, committed):
    settings.EMAIL_BACKEND = "cms.mail.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "cms.mail.TaskEmailBackend"
    from cms.mail import delivery_backend

    with pytest.raises(TypeError, match="must be the real backend"):
        delivery_backend()

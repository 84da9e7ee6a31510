"""`manage.py send_queued_email`: run every few minutes from cron; each message goes once."""

from django.core.management.base import BaseCommand

from cms.outbox import QueuedEmail, send_due


class Command(BaseCommand):
    help = "Send the email that the mail server did not take when it was written."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Retry every waiting message now, not only those due (after fixing the server).",
        )

    def handle(self, *args, **options):
        sent, failed = send_due(every=options["all"])
        waiting = QueuedEmail.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Queued email: sent {sent}, failed {failed}, waiting {waiting}.")

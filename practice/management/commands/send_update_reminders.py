"""`manage.py send_update_reminders`: run daily from cron; each reminder goes once."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from practice.updates.reminders import send_date_reminders


class Command(BaseCommand):
    help = "Remind schools of annual update deadlines that are near or passed."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            today = datetime.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today must be a date like 2027-06-30: {error}") from error
        queued = send_date_reminders(today)
        near, overdue = queued["deadline_near"], queued["overdue"]
        self.stdout.write(f"Deadline reminders sent: {near}; overdue reminders sent: {overdue}.")
        if queued["unreachable"]:
            self.stdout.write(
                "No editor with an email and no contact email on the profile, so not reminded: "
                + ", ".join(sorted(queued["unreachable"]))
                + "."
            )

"""`manage.py open_update_year 2026/27 --deadline 2027-06-30`: a draft update for every
school with a current Centre of Excellence or Flagship award; safe to run twice."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from practice.updates.year import open_update_year


class Command(BaseCommand):
    help = "Open an academic year of annual updates (e.g. 2026/27) with a deadline."

    def add_arguments(self, parser):
        parser.add_argument("academic_year", help="The academic year, e.g. 2026/27.")
        parser.add_argument("--deadline", required=True, help="The deadline, YYYY-MM-DD.")

    def handle(self, *args, academic_year, deadline, **options):
        try:
            deadline = datetime.date.fromisoformat(deadline)
        except ValueError as error:
            raise CommandError(f"The deadline must be a date like 2027-06-30: {error}") from error
        try:
            result = open_update_year(academic_year, deadline)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for school, reason in result.skipped:
            self.stderr.write(f"Skipped {school}: {reason}")
        self.stdout.write(
            f"{academic_year}: {len(result.created)} updates created, "
            f"{len(result.existing)} already open, {len(result.skipped)} skipped."
        )

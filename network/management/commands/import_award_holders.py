"""`manage.py import_award_holders AWARDS.csv [--gias edubasealldata.csv]`."""

from django.core.management.base import BaseCommand, CommandError

from network.award_holders import AwardFileError, import_award_holders
from network.gias import GiasFileError


class Command(BaseCommand):
    help = (
        "Import award holders from a CSV with the columns URN, scheme, level, awarded on, "
        "valid until, assessor's email (UTF-8 or Windows-1252). With --gias, schools not yet "
        "in the directory are added, and those that are brought up to date, from the GIAS "
        "establishment file, read for the file's URNs only. All rows or none: a bad row is "
        "reported by its line number and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The award holders CSV.")
        parser.add_argument(
            "--gias",
            metavar="FILE",
            help="The GIAS 'all establishment data' CSV (edubasealldata<date>.csv).",
        )

    def handle(self, *args, **options):
        try:
            result = import_award_holders(options["file"], options["gias"])
        except (AwardFileError, GiasFileError) as error:
            raise CommandError(str(error)) from error
        for line, note in result.notes:
            self.stdout.write(f"line {line}: {note}")
        for line, reason in result.errors:
            self.stderr.write(f"line {line}: {reason}")
        if result.errors:
            raise CommandError(result.summary)
        self.stdout.write(result.summary)

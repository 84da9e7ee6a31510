"""`manage.py import_schools FILE.csv`: upsert schools from a GIAS establishment extract."""

from django.core.management.base import BaseCommand, CommandError

from network.gias import KNOWN_COLUMNS, GiasFileError, import_schools


class Command(BaseCommand):
    help = (
        "Create or update school pages, by URN, from a Get Information About Schools "
        "establishment CSV (UTF-8 or Windows-1252). Columns read: " + ", ".join(KNOWN_COLUMNS)
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The GIAS establishment CSV.")

    def handle(self, *args, **options):
        try:
            result = import_schools(options["file"])
        except GiasFileError as error:
            raise CommandError(str(error)) from error
        for line, note in result.warnings:
            self.stdout.write(f"line {line}: {note}")
        for line, reason in result.skipped:
            self.stdout.write(f"line {line}: skipped: {reason}")
        for line, reason in result.rejected:
            self.stderr.write(f"line {line}: rejected: {reason}")
        if result.unchanged:
            self.stdout.write(f"{result.unchanged} already up to date.")
        if result.skipped:
            self.stdout.write(f"skipped {len(result.skipped)} closed.")
        self.stdout.write(result.summary)

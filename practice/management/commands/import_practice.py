"""manage.py import_practice FILE.jsonl [--draft]: case studies and research, one JSON a line."""

from django.core.management.base import BaseCommand, CommandError

from practice.importing import import_practice


class Command(BaseCommand):
    help = (
        "Import case studies and research from a JSON Lines file (see docs/practice-import.md). "
        "Upserts by ref; publishes unless --draft; reports bad lines and goes on."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .jsonl file: one JSON object a line.")
        parser.add_argument(
            "--draft", action="store_true", help="Save new and changed pages as drafts."
        )

    def handle(self, *args, file, draft=False, **options):
        try:
            with open(file, encoding="utf-8-sig") as handle:
                report = import_practice(handle, draft=draft)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error.reason}") from error
        for number, reason in report.errors:
            self.stderr.write(f"line {number}: {reason}")
        self.stdout.write(report.summary())

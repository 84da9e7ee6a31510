from django.core.management.base import BaseCommand, CommandError

from exports.reading import RestoreError
from exports.restore import restore_school


class Command(BaseCommand):
    help = "Restore a school from its export zip into this site (a site without that school)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export zip, as written by export_school.")

    def handle(self, *args, file, **options):
        try:
            result = restore_school(file)
        except (RestoreError, OSError) as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        school = result.school
        self.stdout.write(
            f"Restored {school.title} (URN {school.urn}) at {school.url_path}: {result.summary()}."
        )
        for note in result.notes:
            self.stdout.write(f"  note: {note}")

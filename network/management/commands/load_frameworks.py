from django.core.management.base import BaseCommand, CommandError

from network.frameworks import DEFAULT_FILE, FrameworkFileError, load_frameworks


class Command(BaseCommand):
    help = "Load schemes, award levels and framework versions from a JSON file (upsert)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, **options):
        try:
            result = load_frameworks(options["file"])
        except FrameworkFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.schemes} schemes, {result.frameworks} frameworks, "
            f"{result.elements} elements loaded ({result.created} new)."
        )

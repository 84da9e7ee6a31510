"""Load postcode centroids (ONSPD or Code-Point Open) so "near" takes any postcode in England."""

from django.core.management.base import BaseCommand, CommandError

from places.loading import ENGLAND, NotAPostcodeFile, load_postcodes


class Command(BaseCommand):
    help = (
        "Load postcode positions from the ONS Postcode Directory CSV or OS Code-Point Open "
        "(CSV or its zip). See docs/postcodes.md for where to download them."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="CSV files or Code-Point Open zips.")
        parser.add_argument(
            "--country",
            default=ENGLAND,
            help="Country code to keep (default England, E92000001); '' keeps every country.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the postcodes already loaded first (for a new edition of the file).",
        )

    def handle(self, *args, paths, country, replace, **options):
        try:
            report = load_postcodes(paths, country=country, replace=replace)
        except FileNotFoundError as error:
            raise CommandError(f"There is no file {error.filename}.") from error
        except NotAPostcodeFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Postcodes: {report.loaded} loaded from {report.read} lines; "
            f"{report.districts} districts."
        )
        for reason, count in sorted(report.skipped.items()):
            self.stdout.write(f"  skipped, {reason}: {count}")
        for name, line, reason in report.problems:
            self.stdout.write(f"  {name} line {line}: {reason}")

from django.core.management.base import BaseCommand, CommandError

from exports.content import ExportError
from exports.export import write_export
from network.models import SchoolPage


class Command(BaseCommand):
    help = "Export everything a school has written (JSON and its files) as one zip."

    def add_arguments(self, parser):
        parser.add_argument("urn", help="The school's six-digit URN.")
        parser.add_argument("--output", required=True, help="The zip file to write.")

    def handle(self, *args, urn, output, **options):
        school = SchoolPage.objects.filter(urn=urn).first()
        if school is None:
            raise CommandError(f"No school with URN {urn} on this site.")
        try:
            document = write_export(school, output)
        except ExportError as error:
            raise CommandError(str(error)) from error
        kinds = {}
        for entry in document["pages"]:
            kinds[entry["type"]] = kinds.get(entry["type"], 0) + 1
        pages = ", ".join(f"{label} {count}" for label, count in sorted(kinds.items()))
        self.stdout.write(
            f"Exported {school.title} (URN {school.urn}) to {output}: "
            f"pages: {len(document['pages'])} ({pages}); documents: {len(document['documents'])}; "
            f"images: {len(document['images'])}; awards: {len(document['awards'])}; "
            f"reviews: {len(document['reviews'])}."
        )

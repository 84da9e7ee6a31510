"""`manage.py start_network`: the page tree and frameworks a new network needs; safe to rerun."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cms.start import start_network
from network.frameworks import FrameworkFileError


class Command(BaseCommand):
    help = (
        "Give an empty site what a real network needs: the home page, the school directory, "
        "clusters, practice and research sections (search is at /search/), and the schemes "
        "and frameworks shipped in network/data/frameworks.json. Adds only what is missing; "
        "runs under production settings; makes no users and no demo content."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", help="The site's host name, e.g. network.example.org.")
        parser.add_argument("--port", type=int, help="The site's port (default 80).")
        parser.add_argument("--site-name", help="The network's name, shown in the admin.")

    def handle(self, *args, **options):
        try:
            result = start_network(
                hostname=options["hostname"], port=options["port"], site_name=options["site_name"]
            )
        except (FrameworkFileError, ValidationError) as error:
            raise CommandError(str(error)) from error
        for line in result.lines():
            self.stdout.write(line)

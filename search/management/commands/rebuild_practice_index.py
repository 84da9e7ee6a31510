from django.core.management.base import BaseCommand

from search.rebuild import rebuild


class Command(BaseCommand):
    help = "Rebuild practice search from live, public pages without downtime."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size=500, **options):
        rebuild(report=lambda line: self.stdout.write(line), batch_size=batch_size)

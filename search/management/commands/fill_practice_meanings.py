from django.core.management.base import BaseCommand

from search import semantic
from search.rebuild import meaning_progress
from search.records import fill_meanings


class Command(BaseCommand):
    help = (
        "Work out the meaning of every practice record that has none (after the upgrade that "
        "added meanings), a few records at a time: search keeps answering meanwhile."
    )

    def handle(self, *args, **options):
        if not semantic.enabled():
            self.stdout.write(
                "Ordering by meaning is off (PRACTICE_SEARCH_MEANING=0) or its model is not "
                "installed (docs/deploy.md): nothing to do."
            )
            return
        done = fill_meanings(progress=meaning_progress(self.stdout.write))
        self.stdout.write(f"Meanings worked out for {done} records.")

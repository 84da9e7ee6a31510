"""`manage.py seed_demo`: build (or complete) the demo network; safe to run again."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import DEFAULT_SCHOOLS, MINIMUM_SCHOOLS, DemoContext, run_seeders
from demo.network import MAX_SCHOOLS


class Command(BaseCommand):
    help = (
        "Build a deterministic demo network: schools in all nine English regions, award "
        "histories, clusters with activities, and a demo user for each role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schools",
            type=int,
            default=DEFAULT_SCHOOLS,
            help=f"How many schools (at least {MINIMUM_SCHOOLS}; default {DEFAULT_SCHOOLS}).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("Demo users have a published password: never seed production.")
        if not MINIMUM_SCHOOLS <= options["schools"] <= MAX_SCHOOLS:
            raise CommandError(f"--schools must be between {MINIMUM_SCHOOLS} and {MAX_SCHOOLS}.")
        started = time.monotonic()
        context = DemoContext(seed=options["seed"], options=options, stdout=self.stdout)
        with transaction.atomic():
            run_seeders(context)
        figures = ", ".join(f"{label} {count}" for label, count in context.summary.items())
        self.stdout.write(f"Demo network ready in {time.monotonic() - started:.1f}s: {figures}.")

"""The demo network that `manage.py seed_demo` builds, one seeder per area of the site.

Each area contributes a function `seed(context)`, named in SEEDERS by its dotted path; a
later area adds itself with one line here. Seeders run in order, in one transaction, and
each must be idempotent: run again, it finds what it made (by URN, slug or username)
instead of making it twice. They share what they made through the context, so the
practice seeder can write case studies for the schools the network seeder created.
"""

import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string

SEEDERS = [
    "demo.network.seed",
    "demo.clusters.seed",
    "demo.users.seed",
    "demo.updates.seed",
    "demo.cycles.seed",
    "demo.practice.seed",
]

DEFAULT_SCHOOLS = 48
MINIMUM_SCHOOLS = 40


@dataclass
class DemoContext:
    """What a seeder gets: the random source, the options, and what earlier seeders made."""

    seed: int
    options: dict
    stdout: Any = None
    today: Any = None
    rng: random.Random = None
    schools: list = field(default_factory=list)  # SchoolPage, in URN order
    clusters: list = field(default_factory=list)  # ClusterPage
    users: dict = field(default_factory=dict)  # role key -> User
    summary: dict = field(default_factory=dict)  # label -> count, printed at the end

    def __post_init__(self):
        self.today = self.today or timezone.localdate()
        self.rng = self.rng or random.Random(self.seed)

    def rng_for(self, *parts):
        """A random source that depends only on the seed and `parts`, so school 17 is the
        same school whether the run makes 48 schools or 2,000."""
        return random.Random(":".join(str(part) for part in (self.seed, *parts)))

    def report(self, label, count):
        self.summary[label] = count

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)


def run_seeders(context, seeders=None):
    for dotted_path in seeders or SEEDERS:
        import_string(dotted_path)(context)
    return context

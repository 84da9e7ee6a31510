"""What the search keeps in the shared cache between changes, and how a change drops it.

The empty search's answers (browsing everything) are stored under fixed keys, written by the
engines and the ranking and deleted by every change to the records (records.py). Everything
else a search can reuse until something changes (facet labels, element titles, the vocabulary's
answers, the pages anonymous visitors were shown) is stored under a key that carries a
*generation*: a change gives the records (or the frameworks) a new generation, and every key
made under the old one stops being read at once, in every process (production runs several,
so nothing of this lives in a module-level dict)."""

import uuid

from django.core.cache import cache
from django.db import transaction

BROWSE_CACHE_KEY = "practice-search:browse"
BROWSE_FACETS_KEY = "practice-search:browse-facets"
BROWSE_ELASTIC_KEY = "practice-search:browse-elasticsearch"
BROWSE_KEYS = [BROWSE_CACHE_KEY, BROWSE_FACETS_KEY, BROWSE_ELASTIC_KEY]

# What each generation covers: the records (and so their vocabulary, clusters and the pages
# listing them), and the schemes' frameworks (element titles).
RECORDS = "records"
FRAMEWORKS = "frameworks"
SECONDS = 60 * 60  # anything kept under a generation, at most


def _generation_key(name):
    return f"practice-search:generation:{name}"


def generation(name):
    """The current generation of `name`, made if there is none."""
    key = _generation_key(name)
    current = cache.get(key)
    if current is None:
        current = uuid.uuid4().hex
        # add() keeps a generation another process set meanwhile.
        if not cache.add(key, current, None):
            current = cache.get(key) or current
    return current


def generations(*names):
    """The current generations of `names`, in order: one read of the cache when all exist."""
    found = cache.get_many([_generation_key(name) for name in names])
    return [found.get(_generation_key(name)) or generation(name) for name in names]


def renew_now(*names):
    """A new generation now (the caller also does so once the change commits)."""
    cache.set_many({_generation_key(name): uuid.uuid4().hex for name in names}, None)


def renew(*names):
    """A change: every key made under the old generations stops being read.

    Now, and again once the change is committed: a process that read the rows before the
    commit, and stored what it read under the first new generation, does not keep it."""
    renew_now(*names)
    transaction.on_commit(lambda: renew_now(*names), robust=True)


def key(name, *parts):
    """A cache key under the current generation of `name`."""
    return ":".join(["practice-search", name, generation(name), *map(str, parts)])


def remembered(name, parts, compute, seconds=SECONDS):
    """compute() once per generation of `name` (and `parts`), from the shared cache after."""
    cache_key = key(name, *parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, seconds)
    return value

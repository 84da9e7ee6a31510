"""Building thousands of demo pages without paying for each page what can be done once.

Pages are still added one by one through treebeard (so paths, depth, numchild and url_path
are Wagtail's own), but the search index, which costs a third of each save, is written in
one bulk call per model at the end.
"""

from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler


@contextmanager
def search_index_in_bulk(model, pages):
    """Within the block, saving a `model` does not index it; at the end, every page in
    `pages` (a list the block fills) is indexed in one call per search backend."""
    disconnected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield pages
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=model)
    if pages:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)

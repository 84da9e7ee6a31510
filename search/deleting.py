"""Pages on their way out: deleted in this thread, their rows not yet gone.

Between Wagtail's pre-delete unpublish and the rows' deletion, re-indexing one of these
pages (or a page below it) would write record rows that the deletion has already decided
not to delete. The signal receivers mark such pages here, and indexing leaves them alone.
"""

import threading

_local = threading.local()


def _ids():
    if not hasattr(_local, "ids"):
        _local.ids = set()
    return _local.ids


def deleting(page_id):
    _ids().add(page_id)


def deleted(page_id):
    _ids().discard(page_id)


def being_deleted(page_id):
    return page_id in _ids()


def all_being_deleted():
    return frozenset(_ids())

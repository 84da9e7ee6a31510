"""Index updates as background tasks (django-tasks): publishing never waits on a search engine.

A task that fails (the database busy, a bug met by one page) is queued again later, less
often each time (background/__init__.py); the failed attempt is kept with its traceback."""

import logging

from django_tasks import task

from background import retry_later

logger = logging.getLogger(__name__)


@task()
def index_pages(page_ids, attempt=1):
    """Bring the records of these pages (and pages below them) in line with the tree."""
    from .sync import sync_pages

    try:
        sync_pages(page_ids)
    except Exception as error:
        retry_later(index_pages, error, attempt, page_ids)
        raise


@task()
def remove_pages(page_ids, attempt=1):
    from .sync import remove_pages_now

    try:
        remove_pages_now(page_ids)
    except Exception as error:
        retry_later(remove_pages, error, attempt, page_ids)
        raise

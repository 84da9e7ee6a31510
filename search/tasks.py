"""Index updates as background tasks (django-tasks): publishing never waits on a search engine."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def index_pages(page_ids):
    """Bring the records of these pages (and pages below them) in line with the tree."""
    from .sync import sync_pages

    sync_pages(page_ids)


@task()
def remove_pages(page_ids):
    from .sync import remove_pages_now

    remove_pages_now(page_ids)

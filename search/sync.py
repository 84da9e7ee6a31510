"""Keeping records in step with pages: which pages are searchable and what each becomes.

Only live pages without a view restriction on them or above them (`public()`) have records.
"""

import logging

from wagtail.models import Page, get_page_models

from . import records
from .models import PracticeRecord

logger = logging.getLogger(__name__)


def searchable_models():
    return [model for model in get_page_models() if hasattr(model, "search_record")]


def searchable_pages():
    """Every live, public searchable page, specific, for a rebuild."""
    for model in searchable_models():
        yield from model.objects.live().public().specific().iterator(chunk_size=200)


def sync_pages(page_ids):
    """Re-index these pages and their searchable descendants, removing what is no longer public."""
    pages = Page.objects.filter(pk__in=page_ids)
    affected = Page.objects.none()
    for page in pages:
        affected |= Page.objects.descendant_of(page, inclusive=True)
    affected_ids = set(affected.values_list("pk", flat=True))
    # Records of schools and clusters whose own page changed carry their names: refresh those.
    affected_ids |= set(
        PracticeRecord.objects.filter(page__isnull=False)
        .filter(school_urn__in=_urns(page_ids))
        .values_list("page_id", flat=True)
    )
    keep = set()
    models = searchable_models()
    for model in models:
        candidates = model.objects.filter(pk__in=affected_ids).live().public().specific()
        for page in candidates:
            data = records.data_from_page(page)
            if data:
                records.save(data)
                keep.add(page.pk)
    stale = PracticeRecord.objects.filter(page_id__in=affected_ids).exclude(page_id__in=keep)
    records.remove(stale.values_list("key", flat=True))


def _urns(page_ids):
    from network.models import SchoolPage

    return list(SchoolPage.objects.filter(pk__in=page_ids).values_list("urn", flat=True))


def remove_pages_now(page_ids):
    records.remove(
        PracticeRecord.objects.filter(page_id__in=page_ids).values_list("key", flat=True)
    )

"""A caching proxy in front (Varnish, nginx, a CDN), told of every change.

Off unless `WAGTAILFRONTENDCACHE` names a backend (production sets one from
FRONTEND_CACHE_PURGE_URL, docs/deploy.md). Then public pages carry
`Cache-Control: public, max-age=0, s-maxage=PROXY_CACHE_SECONDS` (cms/cache.py), and whatever
makes a page stale for the page cache (cms/cache_signals.py: the page, its ancestors, the
pages that list it) is purged from the proxy too, once the change is committed, through
`wagtail.contrib.frontend_cache` (whose purge is itself a background task). Wagtail's own
receivers purge a page as it is published or unpublished; this adds the pages that show it
and the changes Wagtail does not announce (privacy, awards, pages saved in code).
"""

from django.conf import settings
from django.db import transaction


def is_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_later(page_ids):
    if not is_configured():
        return
    page_ids = sorted(set(page_ids))
    transaction.on_commit(lambda: purge_now(page_ids), robust=True)


def purge_now(page_ids):
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
    from wagtail.models import Page

    purge_pages_from_cache(Page.objects.live().filter(pk__in=page_ids).specific())

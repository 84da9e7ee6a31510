"""The search page and the search API, stored for anonymous visitors by their query string until
the records change.

Every anonymous visitor sees the same search page for the same query: the records are public
pages only (private and unpublished pages are never indexed) and nothing on the page depends
on who asks. So the page is stored in the shared cache under its *normalised* query string
(parameters sorted, empty ones dropped, the words of `q` in lower case and single-spaced), and
under the generations of what it shows: the records (renewed by every publish, unpublish,
move, privacy change and deletion, once the record follows: search/records.py), the
frameworks (element labels), the navigation (any page change, cms/cache.py) and the thesaurus
(a staff edit of an entry changes what a text finds). A change
renews its generation, and every stored copy made under the old one is never read again.
The search API (/api/search/) is stored the same way under its own keys and the generations of
what it shows (the records and the frameworks: it has no menu).

Never stored or served: a request with a session or message cookie (signed-in users), anything
but a 200, a response that sets a cookie. A hit still counts in the staff's search report.
"""

import hashlib
from functools import wraps
from urllib.parse import urlencode

from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.utils.crypto import get_random_string

from search import views as search_views
from search.browse_cache import FRAMEWORKS, RECORDS, generations
from search.service import log_search
from search.thesaurus import VERSION_KEY as THESAURUS_VERSION_KEY
from search.thesaurus import VERSION_SECONDS as THESAURUS_VERSION_SECONDS

from .cache import cache_unavailable, is_enabled, request_is_cacheable, response_is_storable
from .navigation import NAVIGATION

HEADER = "X-Search-Cache"
SECONDS = 10 * 60


def normalised_query(params):
    """The query string as every equivalent one is written: `?q=Phonics &kind=&page=1` and
    `?page=1&q=phonics` are one page."""
    pairs = []
    for name in sorted(params):
        values = params.getlist(name)
        if name == "q":
            values = [" ".join(value.lower().split()) for value in values]
        pairs += [(name, value) for value in sorted({value.strip() for value in values}) if value]
    return urlencode(pairs)


def thesaurus_version():
    """The thesaurus' version (a staff edit changes it, search/thesaurus.py): what a text finds
    depends on it. Made here, as the search would make it, when there is none yet."""
    version = cache.get(THESAURUS_VERSION_KEY)
    if version is None:
        version = get_random_string(12)
        if not cache.add(THESAURUS_VERSION_KEY, version, THESAURUS_VERSION_SECONDS):
            version = cache.get(THESAURUS_VERSION_KEY) or version
    return version


def page_generations():
    return [*generations(RECORDS, FRAMEWORKS, NAVIGATION), thesaurus_version()]


def api_generations():
    return [*generations(RECORDS, FRAMEWORKS), thesaurus_version()]


def page_key(request, prefix="search-page", generations=page_generations):
    digest = hashlib.sha256(normalised_query(request.GET).encode()).hexdigest()
    return f"{prefix}:{':'.join(generations())}:{request.get_host().lower()}:{digest}"


def cached_search_page(view, prefix="search-page", generations=page_generations):
    """`view`, its answers to anonymous visitors stored under `prefix`, the normalised query
    string and `generations()` (what the answer shows, each renewed when that changes)."""

    @wraps(view)
    def serve(request, *args, **kwargs):
        if not (is_enabled() and request.method == "GET" and request_is_cacheable(request)):
            return view(request, *args, **kwargs)
        try:
            key = page_key(request, prefix, generations)
            stored = cache.get(key)
        except Exception as error:  # the cache is down: search without it
            cache_unavailable(request, error)
            return view(request, *args, **kwargs)
        if stored is not None:
            response, logged = stored
            if logged:
                log_search(**logged)
            response[HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response_is_storable(response):
            patch_vary_headers(response, ("Cookie",))
            logged = getattr(response, search_views.LOGGED_ATTR, None)
            try:
                cache.set(key, (response, logged), SECONDS)
            except Exception as error:
                cache_unavailable(request, error)
            else:
                response[HEADER] = "miss"
        return response

    return serve


search_page = cached_search_page(search_views.search_page)
search_api = cached_search_page(search_views.search_api, "search-api", api_generations)

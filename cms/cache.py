"""The page cache: anonymous visitors get a stored copy of a public page until it changes.

Why not Django's cache middleware: it cannot know which page a URL served, so it can only
expire by time. Here each stored response remembers the page that produced it and that page's
*generation*; publishing, unpublishing, moving or deleting a page gives it (and every page
that lists it) a new generation, so every stored copy of it, under any query string or
sub-route, stops matching at once. A lookup costs two cache reads and no SQL.

What is never stored: anything for a request that carries a session or a message cookie
(signed-in users, password-protected pages once unlocked), anything but a 200 to a GET,
responses that set cookies (a CSRF token on the page) and pages under a view restriction.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import patch_vary_headers

HEADER = "X-Page-Cache"
_PAGE_ATTR = "_page_cache_page"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def is_enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


# ------ Keys ------


def _generation_key(page_id):
    return f"page-cache:generation:{page_id}"


def _response_key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    host = request.get_host().lower()
    return f"page-cache:response:{host}:{digest}"


def request_is_cacheable(request):
    """Anonymous GET/HEAD without a cookie that could change what the page shows."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
    )


# ------ Lookup and store ------


def lookup(request):
    cache = _cache()
    entry = cache.get(_response_key(request))
    if not entry:
        return None
    page_id, generation, response = entry
    if cache.get(_generation_key(page_id)) != generation:
        return None
    response[HEADER] = "hit"
    return response


def _current_generation(page_id):
    cache = _cache()
    key = _generation_key(page_id)
    generation = cache.get(key)
    if generation is None:
        generation = uuid.uuid4().hex
        # add() keeps a generation set meanwhile by an invalidation.
        if not cache.add(key, generation, None):
            generation = cache.get(key)
    return generation


def response_is_storable(response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def store(request, response):
    """Store the response if it may be; say whether it was."""
    page = getattr(request, _PAGE_ATTR, None)
    if page is None or not response_is_storable(response):
        return False
    if page.get_view_restrictions().exists():
        return False
    generation = _current_generation(page.pk)
    if generation is None:
        return False
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    # The stored copy differs for visitors with cookies; say so to any cache in between.
    patch_vary_headers(response, ("Cookie",))
    _cache().set(_response_key(request), (page.pk, generation, response), timeout())
    return True


def remember_served_page(request, page):
    setattr(request, _PAGE_ATTR, page)


# ------ Invalidation ------


def invalidate_page_ids(page_ids):
    """Give each page a new generation: every stored copy of it stops matching."""
    cache = _cache()
    cache.set_many({_generation_key(pk): uuid.uuid4().hex for pk in set(page_ids)}, None)


class PageCacheMiddleware:
    """Serves stored pages before routing; stores what the page hook marked as cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (is_enabled() and request_is_cacheable(request)):
            return self.get_response(request)
        cached = lookup(request)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.method == "GET" and store(request, response):
            response[HEADER] = "miss"
        return response

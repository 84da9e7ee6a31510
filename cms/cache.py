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
import logging
import uuid

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers

HEADER = "X-Page-Cache"
logger = logging.getLogger("cms.cache")
_PAGE_ATTR = "_page_cache_page"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def is_enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def timeout():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def proxy_seconds():
    """How long a proxy in front may keep a public page (0: it may not keep it)."""
    return getattr(settings, "PROXY_CACHE_SECONDS", 0)


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
    if proxy_seconds():
        # A proxy that is told of every change (wagtail.contrib.frontend_cache) may keep it;
        # browsers always ask again.
        patch_cache_control(response, public=True, max_age=0, s_maxage=proxy_seconds())
    _cache().set(_response_key(request), (page.pk, generation, response), timeout())
    return True


def remember_served_page(request, page):
    setattr(request, _PAGE_ATTR, page)


# ------ Invalidation ------


def _new_generations(page_ids):
    _cache().set_many({_generation_key(pk): uuid.uuid4().hex for pk in page_ids}, None)


def invalidate_page_ids(page_ids):
    """Give each page a new generation: every stored copy of it stops matching.

    Now, and again once the change is committed: another process that served the page from
    the rows before the commit, and stored that copy under the first new generation, does
    not keep it. A proxy in front is told too, once committed (`frontend_cache`)."""
    page_ids = set(page_ids)
    if not page_ids:
        return
    from .navigation import forget as forget_navigation

    # A page's change can change the sections every page lists, as much as the page itself.
    forget_navigation()
    _new_generations(page_ids)
    transaction.on_commit(lambda: _new_generations(page_ids), robust=True)
    from .frontend_cache import purge_later

    purge_later(page_ids)


# ------ The system check: one cache for every process ------

PER_PROCESS_BACKENDS = ("django.core.cache.backends.locmem.LocMemCache",)


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """Production runs several processes: a cache each keeps for itself serves stale pages.

    One process (a gunicorn worker, the task worker, a management command) that publishes,
    unpublishes, deletes or makes a page private clears only its own memory; every other
    process would go on serving the old page, search results and counts."""
    errors = []
    aliases = {"default": "the search's stored results, counts and synonyms"}
    if is_enabled():
        alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
        aliases[alias] = "the page cache" + (f" and {aliases[alias]}" if alias in aliases else "")
    for alias, used_for in aliases.items():
        backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
        if backend in PER_PROCESS_BACKENDS:
            errors.append(
                checks.Error(
                    f"The cache '{alias}' ({backend.rsplit('.', 1)[-1]}) is kept in each "
                    f"process's own memory, but {used_for} must be one for every process: a "
                    "page changed by one process would stay stale in the others.",
                    hint="Set REDIS_URL, or leave it unset for the database cache (what "
                    "cms.settings.production then uses; bin/serve runs `manage.py "
                    "createcachetable`).",
                    id="cms.E001",
                )
            )
    return errors


class PageCacheMiddleware:
    """Serves stored pages before routing; stores what the page hook marked as cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (is_enabled() and request_is_cacheable(request)):
            return self.get_response(request)
        try:
            cached = lookup(request)
        except Exception as error:  # the cache (Redis, its table) is down: answer without it
            cache_unavailable(request, error)
            cached = None
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.method == "GET":
            try:
                stored = store(request, response)
            except Exception as error:  # as above: the visitor still gets the page
                cache_unavailable(request, error)
                stored = False
            if stored:
                response[HEADER] = "miss"
        return response


def cache_unavailable(request, error):
    logger.warning(
        "Page cache unavailable for %s: %s: %s",
        request.path,
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
    )

"""The Wagtail page API v2, for public pages only.

Wagtail's own pages endpoint hides what the *requesting* user may not see, so a signed-in
member would be shown members-only pages. The network promises that anything not public
never appears in the API, whoever asks: the queryset is live() and public() for everyone.

Two of Wagtail's parameters are read more strictly here, because the database search
backend passes quotes, operators and blank text on to the database (SQLite's FTS5 then
fails, which read as "database unavailable"), and an offset past the database's integers
overflowed: both answer 400 with the reason instead.

The base queryset is built here rather than by Wagtail's `get_public_pages_queryset`, which
adds one `not_descendant_of` per view restriction: with an update (and its restriction) per
school per year, that query grows past what SQLite accepts. cms/privacy.py excludes every
restricted section in a query of constant size, in the form Wagtail's search accepts.
"""

import re

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Page

from cms.privacy import private_pages_q

MAX_SEARCH_LENGTH = 200
MAX_OFFSET = 100_000


class WordSearchFilter(SearchFilter):
    """?search= takes words: punctuation and control characters are dropped, not parsed."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            text = request.GET["search"]
            if len(text) > MAX_SEARCH_LENGTH:
                raise BadRequestError(f"search must be at most {MAX_SEARCH_LENGTH} characters")
            words = re.findall(r"[^\W_]+", text)
            if not words:
                raise BadRequestError("search must contain at least one word")
            if request.GET.get("search_operator", "or") not in ("and", "or"):
                raise BadRequestError("search_operator must be 'and' or 'or'")
            params = request.GET.copy()
            params["search"] = " ".join(words)
            request._request.GET = params
        return super().filter_queryset(request, queryset, view)


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0").strip()
        if offset.isascii() and offset.isdigit() and (len(offset) > 9 or int(offset) > MAX_OFFSET):
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = [
        WordSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        """Live, public pages of the requested site (or the site of the request)."""
        try:
            site = SiteFilterValidator(
                site=self.request.GET.get("site"), request=self.request
            ).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        if site is None:
            return Page.objects.none()
        public = Page.objects.live().exclude(private_pages_q())
        return public.descendant_of(site.root_page, inclusive=True)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)

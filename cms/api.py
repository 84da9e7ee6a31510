"""The Wagtail page API v2, for public pages only.

Wagtail's own pages endpoint hides what the *requesting* user may not see, so a signed-in
member would be shown members-only pages. The network promises that anything not public
never appears in the API, whoever asks: the queryset is live() and public() for everyone.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        return super().get_base_queryset().public()


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)

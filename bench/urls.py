"""The site's URLs with a plain Django view in front: the throughput ceiling of the server.

The constant view goes first, because the site's last pattern (Wagtail's page serving)
answers every path. It passes through the same middleware as every page (request log,
security headers, CSP, the page cache's lookup), so the ratio of a page's throughput to it
is the cost of the page itself.
"""

from django.http import HttpResponse
from django.urls import path

from cms.urls import handler500
from cms.urls import urlpatterns as site_urlpatterns

CONSTANT_PATH = "bench/constant"
CONSTANT_BODY = b"constant"


def constant(request):
    return HttpResponse(CONSTANT_BODY, content_type="text/plain")


urlpatterns = [path(CONSTANT_PATH, constant, name="bench_constant"), *site_urlpatterns]

__all__ = ["handler500", "urlpatterns"]

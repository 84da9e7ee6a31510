from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import search_cache
from cms.account import SignInView, SignOutView, your_page
from cms.api import api_router
from cms.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("account/", include("accounts.urls")),
    path("sign-in/", SignInView.as_view(), name="sign_in"),
    path("sign-out/", SignOutView.as_view(), name="sign_out"),
    path("your-page/", your_page, name="your_page"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("feeds/", include("cms.feeds")),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_IMAGE_RENDITIONS:
    # Production without a proxy serving /media/: image renditions only. Documents are never
    # served from /media/, so /documents/ (which checks privacy) is the only way to them.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            r"^media/images/(?P<path>.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT / "images"},
        )
    ]

# The search page and the search API for anonymous visitors from the shared cache
# (cms/search_cache.py); search.urls has the same views uncached.
urlpatterns += [
    path("search/", search_cache.search_page, name="practice_search"),
    path("api/search/", search_cache.search_api, name="practice_search_api"),
]
urlpatterns += [path("", include("search.urls"))]
urlpatterns += [path("", include(wagtail_urls))]

handler500 = "cms.middleware.server_error"

"""Static files in production: hashed, compressed names that caches may keep for a year."""

import re

import pytest
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(released):
    """The static files of the run's release step (tests/conftest.py: `released`), collected
    once by `manage.py collectstatic` under production settings, as bin/serve runs it."""
    with override_settings(STATIC_ROOT=released.static_root, STORAGES=PRODUCTION_STORAGES):
        yield released.static_root


def test_collectstatic_writes_hashed_and_compressed_files(collected):
    css = list((collected / "css").glob("site.*.css"))
    assert len(css) == 1, css
    assert re.fullmatch(r"site\.[0-9a-f]{12}\.css", css[0].name)
    assert css[0].with_name(css[0].name + ".gz").exists()
    # Leaflet comes from django-leaflet's own static files: no build step, no CDN.
    assert list((collected / "leaflet").glob("leaflet.*.js"))
    assert list((collected / "js").glob("directory-map.*.js"))
    assert (collected / "staticfiles.json").exists()


@pytest.mark.django_db
def test_pages_link_the_hashed_names_served_with_a_long_lifetime(collected, client, settings):
    from django.test import RequestFactory
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
    settings.PAGE_CACHE_ENABLED = False
    html = client.get("/").content.decode()
    href = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert href, "the page does not link the hashed stylesheet"

    # A fresh WhiteNoise, as a production process starts with, serving the collected files.
    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
    request = RequestFactory().get(href.group(1), HTTP_ACCEPT_ENCODING="gzip")
    response = middleware(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    # Hashed names never change content: WhiteNoise marks them immutable for ten years.
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]

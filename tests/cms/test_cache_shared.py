"""One cache for every process: production refuses a per-process one, and a proxy in front
is told of every change (wagtail.contrib.frontend_cache)."""

import json

import pytest
from django.core import checks
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from cms.cache import HEADER
from tests.conftest import committed
from tests.factories import SchoolPageFactory
from tests.serving.test_security_settings import production_env, run_python

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
DATABASE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cms_cache"}


def cache_errors():
    return [
        message
        for message in checks.run_checks(include_deployment_checks=True, tags=["caches"])
        if message.id == "cms.E001"
    ]


def test_a_cache_in_each_process_is_refused_while_the_page_cache_is_on(settings):
    settings.CACHES = {"default": LOCMEM}
    settings.PAGE_CACHE_ALIAS = "default"
    settings.PAGE_CACHE_ENABLED = True
    [error] = cache_errors()
    assert error.level == checks.ERROR
    assert "kept in each process's own memory" in error.msg
    assert "the page cache" in error.msg and "REDIS_URL" in error.hint


def test_a_shared_cache_passes(settings):
    settings.CACHES = {"default": DATABASE}
    settings.PAGE_CACHE_ALIAS = "default"
    assert cache_errors() == []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert cache_errors() == []


def test_the_page_cache_in_its_own_per_process_cache_is_refused_too(settings):
    settings.CACHES = {"default": DATABASE, "pages": LOCMEM}
    settings.PAGE_CACHE_ALIAS = "pages"
    settings.PAGE_CACHE_ENABLED = True
    [error] = cache_errors()
    assert "'pages'" in error.msg
    settings.PAGE_CACHE_ENABLED = False
    assert cache_errors() == []


@pytest.mark.parametrize(
    "env, backend",
    [
        ({}, "django.core.cache.backends.db.DatabaseCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/5"}, "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_production_shares_its_cache_out_of_the_box(env, backend):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django.core import checks; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], "
        "[m.id for m in checks.run_checks(include_deployment_checks=True, tags=['caches'])]]))"
    )
    result = run_python(code, production_env(**env))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [backend, []]


# ------ A caching proxy in front ------

PURGED = []


class RecordingProxy(BaseBackend):
    """Stands for Varnish: remembers each URL it is asked to purge."""

    def __init__(self, params):
        super().__init__(params)

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def proxy(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": f"{__name__}.RecordingProxy", "HOSTNAMES": ["localhost"]}
    }
    settings.PROXY_CACHE_SECONDS = 300
    PURGED.clear()
    return PURGED


@pytest.mark.django_db
def test_public_pages_may_be_kept_by_a_proxy_that_is_told_of_changes(client, proxy):
    school = SchoolPageFactory(title="Alder Primary")
    response = client.get(school.url)
    assert response.headers[HEADER] == "miss"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=300"} <= cache_control
    assert "Cookie" in response["Vary"]

    # Made private by staff: once committed, the proxy is told to drop it (and what lists it).
    with committed():
        PageViewRestriction.objects.create(page=school, restriction_type=PageViewRestriction.LOGIN)
        assert proxy == []  # not before the commit
    assert school.full_url in proxy
    assert school.get_parent().full_url in proxy
    assert client.get(school.url).status_code == 302


@pytest.mark.django_db
def test_without_a_proxy_nothing_is_marked_for_one_to_keep(client, settings):
    settings.PROXY_CACHE_SECONDS = 0
    school = SchoolPageFactory(title="Alder Primary")
    response = client.get(school.url)
    assert "s-maxage" not in response.get("Cache-Control", "")

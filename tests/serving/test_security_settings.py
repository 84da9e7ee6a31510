"""Production settings pass Django's deployment checks; pages carry a Content Security Policy."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from network.permissions import SCHEME_STAFF
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "REDIS_", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="network.example.org",
    )
    env.update(extra)
    return env


def run_python(code, env):
    return subprocess.run(  # noqa: S603 (our own interpreter and fixed arguments)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_hsts_and_optional_services_from_environment():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({"
        "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'cache': s.CACHES['default']['BACKEND'], 'cache_location': "
        "s.CACHES['default'].get('LOCATION'), 'media': s.STORAGES['default']['BACKEND'], "
        "'bucket': s.STORAGES['default'].get('OPTIONS', {}).get('bucket_name'), "
        "'endpoint': s.STORAGES['default'].get('OPTIONS', {}).get('endpoint_url'), "
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'debug': s.DEBUG, "
        "'log_format': s.LOGGING['handlers']['console']['formatter'], "
        "'health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS']}))"
    )
    plain = run_python(code, production_env())
    assert plain.returncode == 0, plain.stderr
    values = json.loads(plain.stdout)
    assert values["session_secure"] and values["csrf_secure"]
    assert values["hsts"] >= 31_536_000
    assert values["ssl_redirect"] is True
    assert values["debug"] is False
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["media"] == "django.core.files.storage.FileSystemStorage"
    # One cache for every process, out of the box: a table in the database (docs/deploy.md).
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["log_format"] == "json"
    assert values["health_checks"] is True

    with_services = run_python(
        code,
        production_env(
            REDIS_URL="redis://127.0.0.1:6379/1",
            AWS_STORAGE_BUCKET_NAME="school-media",
            AWS_S3_ENDPOINT_URL="https://s3.example.org",
        ),
    )
    assert with_services.returncode == 0, with_services.stderr
    values = json.loads(with_services.stdout)
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["cache_location"] == "redis://127.0.0.1:6379/1"
    assert values["media"] == "storages.backends.s3.S3Storage"
    assert values["bucket"] == "school-media"
    assert values["endpoint"] == "https://s3.example.org"


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


# ------ Content Security Policy ------


def directives(header):
    parsed = {}
    for part in header.split(";"):
        name, *values = part.strip().split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_public_home_page_sends_an_enforced_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    # A nonce appears only when a template asks for {{ request.csp_nonce }}.
    assert [v for v in policy["script-src"] if not v.startswith("'nonce-")] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    assert "Content-Security-Policy-Report-Only" not in response


@pytest.mark.django_db
def test_admin_login_and_dashboard_work_under_the_admin_policy(client):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    policy = directives(login["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert not any(value.startswith("'nonce-") for value in policy["script-src"])

    staff = UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)])
    client.force_login(staff)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Content-Security-Policy" in dashboard
    assert "'unsafe-inline'" in dashboard["Content-Security-Policy"]


@pytest.mark.django_db
def test_health_and_error_pages_carry_the_policy_too(client):
    assert "Content-Security-Policy" in client.get("/healthz")
    assert "Content-Security-Policy" in client.get("/no-such-page/")


def test_production_redirects_to_https_except_the_health_check(tmp_path):
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "c = Client(); home = c.get('/'); health = c.get('/healthz'); "
        "print(json.dumps([home.status_code, home.get('Location'), health.status_code]))"
    )
    result = run_python(
        code,
        production_env(
            ALLOWED_HOSTS="testserver", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
        ),
    )
    assert result.returncode == 0, result.stderr
    home_status, location, health_status = json.loads(result.stdout.splitlines()[-1])
    assert (home_status, location) == (301, "https://testserver/")
    assert health_status == 200

"""The test suite: fast hashing, in-memory cache and email, tasks run at once."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test runner sets EMAIL_BACKEND to locmem; the outbox tests put the outbox back.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "ERROR"
for _logger in LOGGING["loggers"].values():
    _logger["level"] = "ERROR"

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Stored pages live in their own cache here, so that each test can start without them.
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
PAGE_CACHE_ALIAS = "pages"

# The journeys sign scheme staff and assessors in directly (force_login); the second factor's
# own tests (tests/accounts) turn this back on.
ACCOUNTS_SECOND_FACTOR_REQUIRED = False

"""Local development: `make run`. SQLite and the database search engine unless told otherwise."""

from .base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Templates change under a developer's hands: no stored pages unless asked for.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)

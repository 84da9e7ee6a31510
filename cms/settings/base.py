"""Settings shared by every environment. Environment-specific files import this one."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CMS_DIR = BASE_DIR / "cms"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ------ Applications ------

INSTALLED_APPS = [
    # Practice search first: its receivers ran first when it lived inside cms (cms.ready).
    "search",
    "cms",
    "network",
    "practice",
    "research",
    "exports",
    "demo",
    "places",
    "accounts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "leaflet",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.wording.WordingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# ------ Data ------

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # gunicorn serves with several processes and threads, each with its own connection,
    # and SQLite has one writer at a time. Without these, concurrent saves failed with
    # "database is locked" (tests/serving/test_mixed_load.py):
    # - WAL: readers never wait for the writer, nor the writer for readers. (synchronous
    #   stays FULL, SQLite's default: a draft the site said it saved survives a power cut.
    #   Only the search report's entries are written without waiting for the disk:
    #   search/service.py, committed_without_waiting_for_the_disk.)
    # - IMMEDIATE: a transaction takes the write lock when it begins. A deferred one that
    #   read first and then wrote could not wait for the lock (SQLite refuses at once,
    #   since the writer it waits for may need what it read) and failed straight away.
    # - timeout: how long a write waits for the lock before giving up; the default 5 s
    #   was shorter than a page save takes on a busy small machine; 20 s stays under
    #   gunicorn's 30 s request timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "coe-network",
    }
}

# Anonymous page views are served from the cache until the page changes (cms/cache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_ALIAS = "default"

# Background work (background/__init__.py): at once in development; production queues it in the
# database for bin/worker (cms/settings/production.py). A task that fails is tried again
# after a minute, then twice as long each time up to six hours, twelve times in all.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TASK_RETRY_FIRST_SECONDS = float(os.environ.get("TASK_RETRY_FIRST_SECONDS", "60"))
TASK_RETRY_LONGEST_SECONDS = float(os.environ.get("TASK_RETRY_LONGEST_SECONDS", str(6 * 3600)))
TASK_RETRY_ATTEMPTS = int(os.environ.get("TASK_RETRY_ATTEMPTS", "12"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
# Scheme staff and assessors sign in with a code from an authenticator app (accounts/).
ACCOUNTS_SECOND_FACTOR_REQUIRED = env_bool("ACCOUNTS_SECOND_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Centres of Excellence network"
# An invitation's link works for this many days (accounts/invites.py).
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
# Private pages send visitors to the site's own sign-in, in the site's design.
WAGTAIL_FRONTEND_LOGIN_URL = "/sign-in/"

# ------ Locale ------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# ------ Static and media files ------

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [CMS_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ------ Email ------

# Every email goes through the site's backend (cms/mail.py): a task, queued once the action
# that wrote it commits, sends it with EMAIL_DELIVERY_BACKEND and tries again while the
# server does not take it.
EMAIL_BACKEND = "cms.mail.TaskEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds to wait for the mail server: a server that hangs must not hang a request.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "network@example.org")

# ------ Wagtail ------

WAGTAIL_SITE_NAME = "Centres of Excellence network"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Wagtail enforces both sizes in its upload forms; cms/uploads.py also reads a document's
# bytes, so that a file whose contents do not match its extension is refused.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.DocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail's default: approving from the editor approves what the reviewer sees, without
# restarting the review because the editor saved a revision on the way.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_PASSWORD_RESET_ENABLED = True

# ------ Maps ------

LEAFLET_TILE_URL = os.environ.get(
    "LEAFLET_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (52.8, -1.6),
    "DEFAULT_ZOOM": 6,
    "TILES": [("OpenStreetMap", LEAFLET_TILE_URL, {"attribution": "&copy; OpenStreetMap"})],
    "RESET_VIEW": False,
}

# ------ This project ------

# Days before an award's end date from which it is shown as due for review.
NETWORK_AWARD_REVIEW_WINDOW_DAYS = 90
# The scheme whose framework is the default (import formats name element numbers in it).
NETWORK_DEFAULT_SCHEME = os.environ.get("NETWORK_DEFAULT_SCHEME", "IQM")

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# Practice search (docs/search.md): "database" or "elasticsearch" (the default with a URL).
PRACTICE_SEARCH = {
    "ENGINE": os.environ.get("PRACTICE_SEARCH_ENGINE", ""),
    "ELASTICSEARCH_URL": ELASTICSEARCH_URL,
    "INDEX": os.environ.get("PRACTICE_SEARCH_INDEX", "practice"),
    "CLIENT_OPTIONS": {},
    # After Elasticsearch fails to answer, the database answers alone for this many seconds.
    "RETRY_AFTER": float(os.environ.get("PRACTICE_SEARCH_RETRY_AFTER", "30")),
    # Order the best candidates by what they mean too, with the sentence-embedding model of
    # search/semantic.py, where it is installed ("0": by their words alone).
    "MEANING": os.environ.get("PRACTICE_SEARCH_MEANING", "1") != "0",
}

# Days before an annual update's deadline when its school's editors are reminded (once).
PRACTICE_UPDATE_REMINDER_DAYS = int(os.environ.get("PRACTICE_UPDATE_REMINDER_DAYS", "14"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "cms": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "network": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "practice": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "research": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "search": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "exports": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "demo": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# ------ Serving and security ------
# Owned by the serving work (issue 7). Order matters in MIDDLEWARE: the request log wraps
# everything so it times and records every response; the database-unavailable handler sits
# innermost so it sees view exceptions first; axes must stay last, as django-axes requires.

from datetime import timedelta  # noqa: E402

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

INSTALLED_APPS += ["axes", "csp"]
MIDDLEWARE = [
    "cms.observability.RequestLogMiddleware",
    *MIDDLEWARE,
    "cms.security.ContentSecurityPolicyMiddleware",
    "cms.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Sign-in attempts: five failures for one username from one address lock that pair out for
# fifteen minutes; the lockout page says so (status 429), and a success clears the count.
AUTHENTICATION_BACKENDS = [
    "cms.security.SignInAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.security.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind a reverse proxy, set TRUSTED_PROXY_COUNT to the number of proxies in front of
# gunicorn that append to X-Forwarded-For; the client's address is read from there.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.security.client_address"

# Content Security Policy. Public pages: only our own scripts (inline ones need
# nonce="{{ request.csp_nonce }}"), our own styles, images from us and the map tiles.
# The Wagtail admin writes inline scripts and styles in its widgets and panels, so /admin/
# gets its own policy (ADMIN_CONTENT_SECURITY_POLICY) that allows inline code but still no
# other origin. cms.security.ContentSecurityPolicyMiddleware picks one by path.
_tile_host = LEAFLET_TILE_URL.split("/")[2] if "://" in LEAFLET_TILE_URL else ""
_tile_sources = [f"https://{_tile_host.replace('{s}', '*')}"] if _tile_host else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_sources],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *_tile_sources],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Gravatar would send a hash of every staff member's email address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Let Django serve image renditions under /media/images/ (for a deployment with no proxy in
# front that serves them); documents always go through /documents/, which checks privacy.
SERVE_IMAGE_RENDITIONS = env_bool("SERVE_IMAGE_RENDITIONS", False)

# Health check: how long /healthz waits for Elasticsearch before reporting it down.
HEALTHZ_ELASTICSEARCH_TIMEOUT = float(os.environ.get("HEALTHZ_ELASTICSEARCH_TIMEOUT", "2"))
# Seconds a client is asked to wait (Retry-After) when the database is unavailable.
DATABASE_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DATABASE_UNAVAILABLE_RETRY_AFTER", "30"))

# Logs: one line per request from the "cms.request" logger (plain here, JSON in production).
LOGGING["filters"] = {"request_id": {"()": "cms.observability.RequestIdFilter"}}
LOGGING["formatters"]["json"] = {"()": "cms.observability.JsonFormatter"}
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
LOGGING["loggers"]["cms.request"] = {"handlers": ["console"], "level": "INFO", "propagate": False}

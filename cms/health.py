"""/healthz: whether this instance can serve, for load balancers and uptime checks.

200 and {"status": "ok", ...} when the database answers (and Elasticsearch, when
ELASTICSEARCH_URL is set); 503 naming each check that failed otherwise. Never cached, no
sign-in, and no session or user lookup, so it costs one query.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("cms.health")


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_elasticsearch(url):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(
        url,
        request_timeout=settings.HEALTHZ_ELASTICSEARCH_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )
    try:
        if not client.ping():
            raise ConnectionError(f"no answer from {url}")
    finally:
        client.close()


def run_checks():
    """Each check's name and outcome: "ok" or the reason it failed."""
    results = {}
    try:
        check_database()
        results["database"] = "ok"
    except DatabaseError as error:
        results["database"] = f"{type(error).__name__}: {error}".strip()
    if settings.ELASTICSEARCH_URL:
        try:
            check_elasticsearch(settings.ELASTICSEARCH_URL)
            results["elasticsearch"] = "ok"
        except Exception as error:  # any failure of the ping means "not available"
            results["elasticsearch"] = f"{type(error).__name__}: {error}".strip()
    return results


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    failed = sorted(name for name, outcome in checks.items() if outcome != "ok")
    if failed:
        logger.warning("Health check failed: %s", ", ".join(failed), extra={"failed": failed})
        return JsonResponse(
            {"status": "unavailable", "failed": failed, "checks": checks}, status=503
        )
    return JsonResponse({"status": "ok", "checks": checks})

"""Shared set-up for the bench commands: Django on a throwaway database, and engines to try.

The database is a fresh test database (in memory for SQLite; test_<name> on PostgreSQL when
DATABASE_URL points there, or BENCH_TEST_DATABASE), migrated and loaded with the frameworks,
then dropped.
"""

import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


@contextlib.contextmanager
def django_database():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    if os.environ.get("BENCH_TEST_DATABASE"):
        # Its own name on a shared server (else test_<name>, which another run may be using).
        connection.settings_dict["TEST"]["NAME"] = os.environ["BENCH_TEST_DATABASE"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_frameworks", stdout=io.StringIO())
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


@contextlib.contextmanager
def engine_settings(name, elasticsearch_url=None):
    """Point practice search at one engine; for "elasticsearch" without a URL, start osmem."""
    from django.conf import settings
    from django.core.cache import cache

    from search.engines import elastic

    original = settings.PRACTICE_SEARCH
    server = None
    try:
        if name == "elasticsearch":
            options = {}
            if not elasticsearch_url:
                from osmem_server import OsmemServer

                from tests.search.elastic_node import PlainJsonNode

                server = OsmemServer.start(japanese=False)
                elasticsearch_url = server.url
                options = {"node_class": PlainJsonNode, "request_timeout": 120}
            settings.PRACTICE_SEARCH = {
                "ENGINE": "elasticsearch",
                "ELASTICSEARCH_URL": elasticsearch_url,
                "INDEX": "practice-bench",
                "CLIENT_OPTIONS": options,
            }
        else:
            settings.PRACTICE_SEARCH = {"ENGINE": "database"}
        elastic._clients.clear()
        elastic._aliases_seen.clear()
        cache.clear()
        yield
    finally:
        settings.PRACTICE_SEARCH = original
        elastic._clients.clear()
        elastic._aliases_seen.clear()
        if server is not None:
            server.close()


def index_for_engine():
    """Give the chosen engine the records already in the database."""
    from search.engines import get_engine
    from search.models import PracticeRecord

    engine = get_engine()
    if engine.name == "elasticsearch":
        engine.rebuild(PracticeRecord.objects.order_by("pk"))
    return engine

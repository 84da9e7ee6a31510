import contextlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command

# The tests whose outcome depends on the database: `.ci/run` runs the suite on SQLite, then
# these again on PostgreSQL (`-m database`). A folder or a module, each for a reason.
DATABASE_SENSITIVE = {
    # The database search engine is SQLite FTS5 on one and tsvector on the other; the
    # thesaurus and the app move are migrations.
    "tests/search": "full-text search in SQL, migrations",
    "tests/places": "postcode lookups and distances in SQL",
    # Query counts, and the SQL the filters become.
    "tests/cms/test_pages_queries.py": "query counts",
    "tests/practice/test_query_counts.py": "query counts",
    "tests/practice/test_updates_dashboard.py": "query counts",
    "tests/practice/test_updates_coverage.py": "query counts",
    "tests/practice/test_updates_mine.py": "query counts",
    "tests/practice/test_student_evidence.py": "query counts",
    "tests/network/test_directory.py": "filters and query counts",
    "tests/network/test_staff_awards.py": "query counts, the directory's filters",
    "tests/network/test_directory_context.py": "filters in SQL",
    # Bulk writes, transactions, what a database refuses (NUL bytes, numbers out of range).
    "tests/network/test_gias_import.py": "bulk import in one transaction",
    "tests/network/test_award_holders.py": "bulk import, nothing half-way",
    "tests/input/test_gias_bad_input.py": "NUL bytes PostgreSQL refuses",
    "tests/input/test_public_forms.py": "NUL bytes and long input in queries",
    "tests/input/test_query_parameters.py": "numbers out of the database's range",
    "tests/practice/test_import_practice.py": "import in one transaction",
    "tests/cms/test_school_restore.py": "a school restored in one transaction",
    # A database from nothing: every migration, the page tree, the demo.
    "tests/cms/test_start_network.py": "migrations on an empty database",
    "tests/practice/test_cycles_migration.py": "annual updates migrated onto cycles",
    "tests/practice/test_cycles.py": "scheme-scoped queries (F across joins)",
    "tests/practice/test_make_run_review.py": "migrations then the demo, as make run",
    "tests/cms/test_seed_demo.py": "the demo's bulk inserts",
    "tests/cms/test_cache_shared.py": "the database cache",
    # Production servers on a database of their own; the task queue lives in it.
    "tests/serving/test_one_truth.py": "several processes on one database",
    "tests/serving/test_mixed_load.py": "concurrent writes",
    "tests/serving/test_production_server.py": "a database outage and reconnection",
    "tests/serving/test_database_unavailable.py": "a database outage",
    "tests/serving/test_email_worker.py": "the task queue's table",
    "tests/serving/test_elasticsearch_outage.py": "the database answers searches",
    "tests/browser/test_directory_map.py": "2,000 schools in bulk",
}
ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database. pytest-django runs them after the
    rest, but a pytest-xdist worker (`make test` runs one a core, a module each) may be sent
    other tests after one: before those, the database gets back what the migrations put in
    it (the home page, the groups, the workflows), as a transactional test restores it."""
    result = yield
    if nextitem is None:
        return result
    flushes, next_flushes = (i.get_closest_marker("flushes") for i in (item, nextitem))
    if flushes and not next_flushes:
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


def pytest_collection_modifyitems(config, items):
    """Mark the database-sensitive tests (`database`), and the transactional ones
    (`flushes`: they empty the database after them; see pytest_runtest_teardown)."""
    for item in items:
        path = Path(str(item.path)).resolve().relative_to(ROOT).as_posix()
        if any(path == key or path.startswith(key + "/") for key in DATABASE_SENSITIVE):
            item.add_marker(pytest.mark.database)
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            item.add_marker(pytest.mark.flushes)


@pytest.fixture
def frameworks(db):
    """The shipped frameworks: IQM (ten and eight elements), VbE, Artsmark, WCSQM."""
    call_command("load_frameworks", stdout=io.StringIO())


@pytest.fixture
def staff_user(db):
    from django.contrib.auth.models import Group

    from network.permissions import SCHEME_STAFF
    from tests.factories import UserFactory

    return UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)])


def remember_content_types_as_stored():
    """The content types this process remembers, read again from the rows (none made)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import DEFAULT_DB_ALIAS

    ContentType.objects.clear_cache()
    for content_type in ContentType.objects.all():
        ContentType.objects._add_to_cache(DEFAULT_DB_ALIAS, content_type)


@pytest.fixture(autouse=True)
def _content_types_as_restored(request):
    """A transactional test starts from the rows restored for it: what this process
    remembers of the content types is read again from them, so that no id remembered from
    a type made and rolled back in an earlier test stands for another model here."""
    if request.node.get_closest_marker("flushes"):
        request.getfixturevalue("_django_db_helper")
        remember_content_types_as_stored()
    yield


@pytest.fixture(autouse=True)
def _no_stored_pages():
    """Each test starts with empty caches: no stored page (cms/cache.py), search answer or
    Wagtail's remembered sites may leak from one test's rolled-back world into the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@contextlib.contextmanager
def committed():
    """Run a block as if it were a request that commits: what waits for the commit (a task
    queued with transaction.on_commit: indexing, email) runs at the end of the block, within
    the test's own transaction."""
    from django.test import TestCase

    from background import close_batches

    close_batches()  # what was asked before the block is not the block's to run
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        yield callbacks


@pytest.fixture(scope="session")
def released(tmp_path_factory):
    """The release steps of production (collectstatic, migrate), done once for the run, by
    whichever pytest-xdist worker asks first: the serving tests' servers start from copies
    of it (tests/serving/server.py, Release)."""
    import os

    from tests.serving.server import Release

    run = tmp_path_factory.getbasetemp()  # a worker's is a folder in the run's own
    return Release.shared(run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run)


def pytest_sessionfinish(session):
    """The release's PostgreSQL template goes when the whole run ends (in the controller
    when pytest-xdist runs workers)."""
    if not hasattr(session.config, "workerinput"):
        from tests.serving.server import Release

        Release.drop_template()

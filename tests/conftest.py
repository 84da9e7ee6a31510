import io

import pytest
from django.core.management import call_command


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


@pytest.fixture(autouse=True)
def _no_stored_pages():
    """Each test starts without stored pages (cms/cache.py): none may leak between tests."""
    from django.conf import settings
    from django.core.cache import caches

    caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")].clear()
    yield


def committed():
    """Run a block as if it were a request that commits: what waits for the commit (a task
    queued with transaction.on_commit: indexing, email) runs at the end of the block, within
    the test's own transaction."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


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

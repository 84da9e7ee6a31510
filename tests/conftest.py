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
def _empty_caches():
    """Each test starts with empty caches: stored pages must not leak between tests."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield

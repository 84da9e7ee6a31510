"""Sign-in attempts at Wagtail's /admin/login/ are limited per username and address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group

from network.permissions import SCHEME_STAFF
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def staff(db):
    return UserFactory(
        username="kim", password=PASSWORD, groups=[Group.objects.get(name=SCHEME_STAFF)]
    )


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_wrong_passwords_show_the_login_form_until_the_limit(client, staff):
    for _ in range(4):
        response = sign_in(client, "kim", "wrong")
        assert response.status_code == 200
        assert "Your username and password didn" in response.content.decode()
    assert sign_in(client, "kim", PASSWORD).status_code == 302


def test_fifth_failure_locks_out_with_a_clear_page(client, staff):
    for _ in range(4):
        sign_in(client, "kim", "wrong")
    response = sign_in(client, "kim", "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Too many sign-in attempts</h1>" in html
    assert "Please wait 15 minutes" in html
    # Even the right password is refused while locked out.
    locked = sign_in(client, "kim", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, staff):
    UserFactory(username="lee", password=PASSWORD)
    for _ in range(5):
        sign_in(client, "kim", "wrong")
    assert sign_in(client, "kim", PASSWORD).status_code == 429
    # Another user from the same address, and the same user from elsewhere, may sign in.
    assert sign_in(client, "lee", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "kim", PASSWORD, address="198.51.100.7").status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, staff):
    for _ in range(5):
        sign_in(client, "kim", "wrong")
    assert sign_in(client, "kim", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = sign_in(client, "kim", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_success_resets_the_count(client, staff):
    for _ in range(4):
        sign_in(client, "kim", "wrong")
    assert sign_in(client, "kim", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "kim", "wrong").status_code == 200


def test_test_client_login_still_works(client, staff):
    """Authentication without a request (no address to count) is passed to ModelBackend."""
    assert client.login(username="kim", password=PASSWORD)


def test_behind_a_proxy_the_forwarded_address_counts(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "kim", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5",
        )
    # The same user through the same proxy but from another client is not locked out.
    other = client.post(
        "/admin/login/",
        {"username": "kim", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert other.status_code == 302
    client.logout()
    locked = client.post(
        "/admin/login/",
        {"username": "kim", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="anything-the-client-says, 203.0.113.5",
    )
    assert locked.status_code == 429

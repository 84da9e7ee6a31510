"""A request body far over Django's limits is a 400, not a 500 and not a full memory."""

import pytest
from django.conf import settings

from tests.input.conftest import assert_handled

pytestmark = pytest.mark.django_db


def test_limits_are_django_defaults_or_tighter():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/password_reset/", "/search/"])
def test_a_huge_form_body_is_refused(client, db, url):
    body = "username=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert_handled(response)
    assert response.status_code in (400, 405)


def test_too_many_fields_are_refused(client, db):
    body = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post("/admin/login/", body, content_type="application/x-www-form-urlencoded")
    assert_handled(response)
    assert response.status_code == 400


def test_a_huge_json_body_to_the_api_is_not_read(client, db):
    response = client.generic(
        "POST", "/api/search/", "[" * 3_000_000, content_type="application/json"
    )
    assert_handled(response)

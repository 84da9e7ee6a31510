"""The public forms given junk: the form again, with a message and what was typed.

The directory's filters, the admin sign-in and password-reset forms, and the password form
of a password-protected page. Sign-in attempts each come from their own address, so that
django-axes' lockout (five failures per username and address) is not what answers.
"""

import html
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from tests.input.conftest import assert_handled
from tests.input.nasty import NASTY_VALUES

pytestmark = pytest.mark.django_db

addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())
JUNK = [value for value in NASTY_VALUES if value.strip()]


# ------ The school directory ------


def test_a_search_too_long_is_explained_and_kept(client, network):
    typed = "Input School " * 20 + "x"
    response = client.get("/schools/", {"q": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "Ensure this value has at most 200 characters (it has 261)." in page
    assert f'value="{typed}"' in page


def test_a_nul_in_the_search_is_explained_not_a_database_error(client, network):
    response = client.get("/schools/?q=Input%00School")
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


def test_an_unknown_phase_is_named_and_the_other_filters_are_kept(client, network):
    response = client.get("/schools/", {"phase": ["primary", "<b>nursery</b>"], "q": "Input"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice. &lt;b&gt;nursery&lt;/b&gt; is not one of the" in page
    assert 'value="Input"' in page
    assert "<b>nursery</b>" not in page


def test_a_page_number_that_is_not_a_number_shows_the_first_page(client, network):
    for number in ["abc", "-1", "99999999999999999999", "1.5", "²"]:
        response = client.get("/schools/", {"page": number})
        assert response.status_code == 200
        assert "Input School 0" in response.content.decode()


def test_research_filters_that_are_not_values_are_ignored(client, network):
    for params in [{"element": "²"}, {"element": "9" * 30}, {"year": "²⁰²⁵"}, {"status": "\x00"}]:
        response = client.get("/research/", params)
        assert response.status_code == 200
        assert "Reading aloud" in response.content.decode()


# ------ The admin sign-in form ------


def sign_in(client, username, password):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=next(addresses),
    )


@pytest.mark.parametrize("value", JUNK, ids=range(len(JUNK)))
def test_junk_at_sign_in_shows_the_form_again_with_a_message(client, db, value):
    response = sign_in(client, value, value)
    assert_handled(response)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="username"' in page
    assert any(
        message in page
        for message in (
            "Your username and password didn",
            "Null characters are not allowed",
            "Ensure this value has at most",
        )
    )
    if "\x00" not in value and len(value) <= 150:
        assert f'value="{html.escape(value.strip(), quote=True)}"' in page


def test_sign_in_without_fields_or_with_lists_is_the_form_again(client, db):
    for data in [{}, {"username": ["a", "b"]}, {"password": "x"}, {"username[]": "a"}]:
        response = client.post("/admin/login/", data, REMOTE_ADDR=next(addresses))
        assert response.status_code == 200
        assert "This field is required." in response.content.decode()


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(username=st.text(max_size=300), password=st.text(max_size=300))
def test_any_sign_in_is_refused_cleanly(client, db, username, password):
    response = sign_in(client, username, password)
    assert_handled(response)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


# ------ The password-reset form ------


@pytest.mark.parametrize("value", JUNK, ids=range(len(JUNK)))
def test_junk_in_the_password_reset_form_is_the_form_again_or_the_done_page(client, db, value):
    response = client.post("/admin/password_reset/", {"email": value})
    assert_handled(response)
    if response.status_code == 200:
        page = response.content.decode()
        assert (
            "Enter a valid email address" in page
            or "Null characters" in page
            or ("Ensure this value has at most" in page)
        )
    else:
        # A well-formed address that nobody has: the same "check your email" page as anyone.
        assert response.status_code == 302
        assert response["Location"] == "/admin/password_reset/done/"


# ------ A password-protected page ------


def test_junk_in_a_page_password_form_is_the_form_again(client, network):
    page = network["case_study"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    for value in JUNK:
        response = client.post(url, {"password": value, "return_url": value})
        assert_handled(response)
        assert response.status_code == 200
        shown = response.content.decode()
        assert "<h1>Password required</h1>" in shown
        assert 'class="errorlist' in shown
    assert client.post(url, {"password": "letmein", "return_url": page.url}).status_code == 302
    for bad_ids in ["0/0", f"{restriction.pk}/99999999999", f"99999999999999999999/{page.pk}"]:
        assert_handled(client.post(f"/_util/authenticate_with_password/{bad_ids}/", {}))

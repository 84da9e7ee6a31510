"""Scheme staff and assessors sign in with a code from an authenticator app (TOTP), with
recovery codes; editors may turn it on. The codes here are computed as an app computes them."""

import re
import time

import pytest
from django.contrib.auth.models import Group

from accounts import invites
from network.permissions import ASSESSORS
from tests.factories import SchoolPageFactory, UserFactory

from .helpers import link_in, path_of, totp

pytestmark = pytest.mark.django_db
PASSWORD = "river-kestrel-42"


@pytest.fixture(autouse=True)
def second_factor_required(settings):
    settings.ACCOUNTS_SECOND_FACTOR_REQUIRED = True
    # A wrong code makes the next try wait (seconds, doubling); tests do not wait, so this is
    # off except in the test of it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client, user, password=PASSWORD):
    return client.post(
        "/admin/login/", {"username": user.get_username(), "password": password}, follow=True
    )


def secret_on(page):
    return re.search(r'<code class="secret-key" id="secret-key">([A-Z2-7]+)</code>', page).group(1)


def test_an_invited_assessor_sets_up_the_app_before_reaching_anything(client, mailoutbox):
    school = SchoolPageFactory(title="Cedar Academy", urn="100103")
    invites.invite("r.obi@example.org", "Ruth Obi", "assessor", school)
    link = path_of(link_in(mailoutbox[0]))
    landed = client.post(link, {"password": PASSWORD, "again": PASSWORD}, follow=True)
    # Signed in, and taken to set up the second factor before their dashboard.
    assert landed.redirect_chain[-1][0] == "/account/two-step/?next=/admin/"
    page = landed.content.decode()
    assert "<h1>Set up two-step sign-in</h1>" in page and "<svg" in page
    for elsewhere in ("/admin/", "/admin/pages/", school.url, "/api/v2/pages/"):
        response = client.get(elsewhere)
        assert response.status_code == 302, elsewhere
        assert response["Location"].startswith("/account/two-step/?next="), elsewhere

    secret = secret_on(page)
    wrong = client.post("/account/two-step/", {"code": "000000", "next": "/admin/"})
    assert "That code did not match" in wrong.content.decode()
    assert secret_on(wrong.content.decode()) == secret  # the same key: nothing to rescan

    now = time.time()
    done = client.post("/account/two-step/", {"code": totp(secret, now), "next": "/admin/"})
    codes_page = done.content.decode()
    assert "<h1>Your recovery codes</h1>" in codes_page
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200

    # Next time: password, then a code from the app (the next one it shows).
    client.logout()
    user = sign_in(client, _user("r.obi@example.org"))
    assert user.redirect_chain[-1][0].startswith("/account/two-step/check/?next=")
    bad = client.post("/account/two-step/check/", {"code": "123456", "next": "/admin/"})
    assert "That code did not work" in bad.content.decode()
    good = client.post(
        "/account/two-step/check/", {"code": totp(secret, now + 30), "next": "/admin/"}
    )
    assert good.status_code == 302 and good["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    # Lost phone: a recovery code works once.
    for attempt in range(2):
        client.logout()
        sign_in(client, _user("r.obi@example.org"))
        response = client.post(
            "/account/two-step/check/", {"code": codes[0].upper(), "next": "/admin/"}
        )
        if attempt == 0:
            assert response.status_code == 302
            assert "9 left" in client.get("/admin/").content.decode()
        else:
            assert "That code did not work" in response.content.decode()


def _user(email):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=email)


def test_scheme_staff_without_the_app_cannot_reach_the_admin(client, staff_user):
    staff_user.set_password(PASSWORD)
    staff_user.save()
    landed = sign_in(client, staff_user)
    assert landed.redirect_chain[-1][0].startswith("/account/two-step/?next=")
    assert "read the private annual updates" in landed.content.decode()
    assert client.get("/admin/invitations/").status_code == 302
    # Signing out is always possible.
    assert client.post("/admin/logout/").status_code == 302


def test_an_editor_may_turn_it_on_and_is_then_asked_for_a_code(client):
    school = SchoolPageFactory()
    editor = UserFactory(password=PASSWORD, groups=[school.editors_group])
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200  # not required of editors

    setup = client.get("/account/two-step/").content.decode()
    assert "nobody who learns your password can sign in as you" in setup
    secret = secret_on(setup)
    now = time.time()
    client.post("/account/two-step/", {"code": totp(secret, now), "next": "/admin/"})
    on = client.get("/account/two-step/").content.decode()
    assert "Two-step sign-in is on" in on and "10 recovery codes left" in on
    assert "Turn off two-step sign-in" in on

    client.logout()
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 302  # now asked for a code
    client.post("/account/two-step/check/", {"code": totp(secret, now + 30)})
    assert client.get("/admin/").status_code == 200

    client.post("/account/two-step/turn-off/")
    client.logout()
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200


def test_assessors_cannot_turn_it_off(client):
    assessor = UserFactory(password=PASSWORD, groups=[Group.objects.get(name=ASSESSORS)])
    sign_in(client, assessor)
    secret = secret_on(client.get("/account/two-step/").content.decode())
    client.post("/account/two-step/", {"code": totp(secret)})
    page = client.get("/account/two-step/").content.decode()
    assert "Turn off two-step sign-in" not in page
    client.post("/account/two-step/turn-off/")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert TOTPDevice.objects.filter(user=assessor, confirmed=True).exists()


def test_next_never_leaves_the_site(client):
    school = SchoolPageFactory()
    editor = UserFactory(password=PASSWORD, groups=[school.editors_group])
    sign_in(client, editor)
    secret = secret_on(client.get("/account/two-step/").content.decode())
    page = client.post(
        "/account/two-step/", {"code": totp(secret), "next": "https://evil.example/"}
    ).content.decode()
    assert 'href="/admin/"' in page and "evil.example" not in page


def test_after_wrong_codes_the_next_try_waits(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    assessor = UserFactory(password=PASSWORD, groups=[Group.objects.get(name=ASSESSORS)])
    sign_in(client, assessor)
    secret = secret_on(client.get("/account/two-step/").content.decode())
    client.post("/account/two-step/", {"code": "000000"})
    page = client.post("/account/two-step/", {"code": totp(secret)}).content.decode()
    assert "the next try must wait a little" in page
    assert client.get("/admin/").status_code == 302


def test_a_lost_phone_is_reset_by_command(client):
    import io

    from django.core.management import CommandError, call_command

    assessor = UserFactory(
        password=PASSWORD, email="a.r@example.org", groups=[Group.objects.get(name=ASSESSORS)]
    )
    sign_in(client, assessor)
    secret = secret_on(client.get("/account/two-step/").content.decode())
    client.post("/account/two-step/", {"code": totp(secret)})
    out = io.StringIO()
    call_command("reset_two_step", "A.R@example.org", stdout=out)
    assert "they set it up again" in out.getvalue()
    client.logout()
    landed = sign_in(client, assessor)
    assert landed.redirect_chain[-1][0].startswith("/account/two-step/?next=")
    with pytest.raises(CommandError, match="No one signs in as"):
        call_command("reset_two_step", "nobody@example.org")

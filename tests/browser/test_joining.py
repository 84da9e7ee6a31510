"""An invited assessor joins in a real browser: the link, a password, the authenticator app
(the code computed here as the app would), recovery codes, then their dashboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.helpers import link_in, path_of, totp
from tests.browser.conftest import BROWSER_DB, assert_no_axe_violations, url
from tests.factories import SchoolPageFactory

pytestmark = [pytest.mark.browser, BROWSER_DB]


def test_an_invited_assessor_joins_and_sets_up_two_step_sign_in(page, settings, mailoutbox):
    from accounts import invites

    settings.ACCOUNTS_SECOND_FACTOR_REQUIRED = True
    settings.WAGTAILADMIN_BASE_URL = page.site_url
    school = SchoolPageFactory(title="Cedar Academy", urn="100103")
    invites.invite("r.obi@example.org", "Ruth Obi", "assessor", school)

    page.goto(url(page, path_of(link_in(mailoutbox[0]))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    assert_no_axe_violations(page)
    page.get_by_label("Choose a password").fill("river-kestrel-42")
    page.get_by_label("Type it again").fill("river-kestrel-24")
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords are not the same")
    assert_no_axe_violations(page)
    page.get_by_label("Choose a password").fill("river-kestrel-42")
    page.get_by_label("Type it again").fill("river-kestrel-42")
    page.get_by_role("button", name="Set my password and sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    assert_no_axe_violations(page)
    secret = page.locator("#secret-key").inner_text()
    page.get_by_label("Type the six-digit code the app shows").fill(totp(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert page.locator(".recovery-codes li").count() == 10
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("I have kept them")).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

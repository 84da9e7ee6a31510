"""Journey 2, as far as the pages exist: a school editor signs in and edits the school.

The annual update (practice) is not on this branch; this journey drives the same steps on the
school profile: sign in, edit, save a draft, see the status, and check that visitors still
see the published profile until the change is published.
"""

import re

import pytest
from playwright.sync_api import expect

from network.permissions import SCHEME_STAFF
from tests.browser.conftest import BROWSER_DB, signed_in, url
from tests.browser.seed import seed_network
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, BROWSER_DB]


def test_school_editor_saves_a_draft_that_visitors_do_not_see(page, new_tab):
    network = seed_network()
    school = network.schools["Cedar Academy"]
    editor = UserFactory(username="cedar.editor", groups=[school.editors_group])

    visitor = new_tab()
    visitor.goto(f"{visitor.site_url}{school.url}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Cedar Academy")

    signed_in(page, editor)
    page.goto(url(page, f"/admin/pages/{school.pk}/edit/"))
    page.get_by_label("Trust", exact=True).fill("Northern Lights Learning Trust")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("‘Cedar Academy’ is saved.")).to_be_visible()
    # The status panel now says the page is live and has a draft, saved by this editor.
    page.get_by_role("button", name="Toggle status").click()
    status = page.locator("[data-side-panel='status']")
    expect(status).to_contain_text(re.compile(r"Status:\s*Live\s*Status:\s*Draft"))
    expect(status).to_contain_text(f"by {editor.get_full_name()}")

    # The public profile is the published one (and not a stored copy of the draft).
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Cedar Academy")
    expect(visitor.locator("main")).not_to_contain_text("Northern Lights Learning Trust")


def test_scheme_staff_publish_and_visitors_see_it_at_once(page, new_tab):
    """Publishing clears the stored copies: the profile and the directory show the change."""
    from django.contrib.auth.models import Group

    network = seed_network()
    school = network.schools["Cedar Academy"]
    staff = UserFactory(username="staff.member", groups=[Group.objects.get(name=SCHEME_STAFF)])

    visitor = new_tab()
    for path in (school.url, "/schools/"):
        visitor.goto(f"{visitor.site_url}{path}")  # now stored in the page cache
    expect(visitor.get_by_role("link", name="Cedar Academy")).to_be_visible()

    signed_in(page, staff)
    page.goto(url(page, f"/admin/pages/{school.pk}/edit/"))
    page.locator("#id_title").fill("Cedar Community Academy")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("‘Cedar Community Academy’ is published.")).to_be_visible()

    visitor.goto(f"{visitor.site_url}/schools/")
    expect(visitor.get_by_role("link", name="Cedar Community Academy")).to_be_visible()
    visitor.get_by_role("link", name="Cedar Community Academy").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Cedar Community Academy")

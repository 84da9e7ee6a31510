"""In a real browser, the enforced policies block nothing the site or Wagtail's admin needs."""

import shutil

import pytest
from django.contrib.auth.models import Group

from network.permissions import SCHEME_STAFF
from tests.factories import UserFactory, home_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's Chromium is not installed"),
]

PASSWORD = "a-long-and-unusual-passphrase"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def browser_page(browser):
    """A plain tab of the suite's one browser (a second Playwright cannot start beside it)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        console = []
        page.on(
            "console",
            lambda message: (
                console.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.console_violations = console
        yield page
    finally:
        context.close()


def violations(page):
    return page.evaluate("window.__cspViolations") + page.console_violations


@pytest.fixture
def site(live_server):
    """Data made before the browser starts: Playwright's loop forbids the ORM after that."""
    UserFactory(username="staff", password=PASSWORD, groups=[Group.objects.get(name=SCHEME_STAFF)])
    home = home_page()
    return {"url": live_server.url, "home_id": home.pk, "home_title": home.title}


def test_public_page_and_admin_work_with_no_violation(site, browser_page):
    page = browser_page
    live_url = site["url"]

    page.goto(live_url + "/")
    assert page.locator("h1").count() >= 1
    assert violations(page) == []

    page.goto(live_url + "/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_url + "/admin/")
    assert page.locator("main").count() == 1
    assert violations(page) == []

    # The page editor: panels, widgets and inline scripts of Wagtail's admin.
    page.goto(f"{live_url}/admin/pages/{site['home_id']}/edit/")
    page.wait_for_selector("form[data-edit-form]")
    assert page.locator("#id_title").input_value() == site["home_title"]
    assert violations(page) == []

    # Signed in, public pages carry Wagtail's user bar (its own scripts and styles).
    page.goto(live_url + "/")
    page.wait_for_selector("wagtail-userbar", state="attached")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []

"""Practice search on a phone (390 x 844): the results in the first screen, the filters folded
behind "Filter results (N applied)", each applied filter a link that removes it, and nothing
wider than the screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_no_axe_violations, save_screenshot, url
from tests.browser.seed import seed_practice

pytestmark = [pytest.mark.browser, BROWSER_DB]
PHONE = {"width": 390, "height": 844}


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def in_first_screen(locator):
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= PHONE["height"]


def test_on_a_phone_results_come_first_and_filters_come_off_one_by_one(new_tab):
    seed_practice()
    page = new_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(url(page, "/search/?q=transition&phase=secondary&tag=autism"))

    heading = page.get_by_role("heading", name=re.compile(r"results? for “transition”"))
    expect(heading).to_be_visible()
    assert in_first_screen(heading)
    assert scroll_width(page) <= PHONE["width"]
    # The filters wait behind one clearly labelled control; what is applied shows above.
    disclosure = page.get_by_text("Filter results (2 applied)")
    expect(disclosure).to_be_visible()
    expect(page.get_by_role("group", name="Phase")).to_be_hidden()
    expect(page.get_by_role("link", name="Remove filter: Secondary")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter: Autism")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "search-phone")

    # Removing a filter by its link drops that filter only, and keeps the words typed.
    page.get_by_role("link", name="Remove filter: Secondary").click()
    expect(page).to_have_url(re.compile(r"q=transition"))
    assert "phase=" not in page.url and "tag=autism" in page.url
    expect(page.get_by_label("Search case studies, research and cluster activity")).to_have_value(
        "transition"
    )
    expect(page.get_by_text("Filter results (1 applied)")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter: Secondary")).to_have_count(0)
    assert in_first_screen(page.get_by_role("heading", name=re.compile(r"results? for")))

    # Opened, the filters fit the screen, and apply from a button that stays in view.
    page.get_by_text("Filter results (1 applied)").click()
    phase = page.get_by_role("group", name="Phase")
    expect(phase).to_be_visible()
    phase.get_by_role("checkbox", name=re.compile("^Secondary")).check()
    assert scroll_width(page) <= PHONE["width"]
    apply = page.get_by_role("button", name="Apply filters")
    expect(apply).to_be_in_viewport()
    assert_no_axe_violations(page)
    apply.click()
    expect(page).to_have_url(re.compile(r"phase=secondary"))
    expect(page.get_by_text("Filter results (2 applied)")).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]

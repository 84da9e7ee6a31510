"""axe-core finds no violation on any page type; the pages' current look is kept as screenshots."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_no_axe_violations, save_screenshot, url
from tests.browser.seed import seed_network

pytestmark = [pytest.mark.browser, BROWSER_DB]


def test_every_page_type_has_no_axe_violations(page):
    network = seed_network()
    school = network.schools["Alder Primary School"]
    pages = [
        ("home", "/", "home"),
        ("directory", "/schools/", None),
        ("filtered directory", "/schools/?region=north_east&phase=primary", None),
        ("school", school.url, "school"),
        ("cluster index", "/clusters/", None),
        ("cluster", network.cluster.url, "cluster"),
        ("activity", network.activity.url, "activity"),
    ]
    for label, path, screenshot in pages:
        page.goto(url(page, path))
        expect(page.get_by_role("main")).to_be_visible()
        assert page.locator("h1").count() == 1, label
        assert_no_axe_violations(page)
        if screenshot:
            save_screenshot(page, screenshot)


def test_headings_are_in_order_on_every_page_type(page):
    network = seed_network()
    for path in (
        "/",
        "/schools/",
        network.schools["Beech Secondary School"].url,
        network.cluster.url,
        network.activity.url,
    ):
        page.goto(url(page, path))
        levels = page.evaluate(
            "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
            ".map(h => Number(h.tagName[1]))"
        )
        assert levels[0] == 1, path
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{path}: h{before} is followed by h{after}"


def test_long_pages_offer_a_contents_list_that_works(page):
    network = seed_network()
    page.goto(url(page, network.cluster.url))
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Activities").click()
    expect(page).to_have_url(f"{page.site_url}{network.cluster.url}#activities-heading")
    expect(page.get_by_role("link", name="Transition planning day")).to_be_in_viewport()

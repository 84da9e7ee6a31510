"""Printed pages keep the content and drop what only works on a screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, url
from tests.browser.seed import seed_network

pytestmark = [pytest.mark.browser, BROWSER_DB]


def test_print_drops_navigation_filters_and_map_but_keeps_the_content(page):
    network = seed_network()
    page.emulate_media(media="print")

    page.goto(url(page, "/schools/?region=north_east"))
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("[data-school-map]")).to_be_hidden()
    expect(page.get_by_role("link", name="Alder Primary School")).to_be_visible()

    page.goto(url(page, network.activity.url))
    expect(page.get_by_role("navigation", name="Contents")).to_be_hidden()
    expect(page.get_by_role("heading", name="Outcomes")).to_be_visible()
    expect(page.locator(".site-footer")).to_be_hidden()

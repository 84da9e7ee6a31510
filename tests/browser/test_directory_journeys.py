"""Journey 5: a visitor filters the directory by region and opens a school (mouse, keyboard)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    BROWSER_DB,
    assert_focus_visible,
    assert_no_axe_violations,
    save_screenshot,
    tab_until,
    url,
)
from tests.browser.seed import seed_network

pytestmark = [pytest.mark.browser, BROWSER_DB]


def expect_schools(page, names):
    expect(page.locator(".school-list h3")).to_have_text(names)


def test_visitor_filters_the_directory_by_region_and_opens_a_school(page):
    seed_network()
    page.goto(url(page, "/"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Schools").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Schools")
    expect(page.get_by_role("heading", name="4 schools")).to_be_visible()
    # The map draws the points fetched from the directory's map/ route (schools close
    # together as one numbered marker); its tiles are unreachable and that is fine.
    expect(page.locator("[data-school-map]")).to_have_attribute("data-schools", "4")
    expect(page.locator("#school-map .leaflet-marker-icon").first).to_be_visible()

    page.get_by_role("group", name="Region").get_by_label("North East").check()
    page.get_by_role("button", name="Show schools").click()

    expect(page).to_have_url(re.compile(r"region=north_east"))
    expect(page.get_by_role("heading", name="2 schools match these filters")).to_be_visible()
    expect_schools(page, ["Alder Primary School", "Beech Secondary School"])
    expect(page.locator("[data-school-map]")).to_have_attribute("data-schools", "2")
    expect(page.get_by_role("group", name="Region").get_by_label("North East")).to_be_checked()
    save_screenshot(page, "directory")

    page.get_by_role("link", name="Beech Secondary School").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beech Secondary School")
    awards = page.get_by_role("table")
    expect(awards).to_contain_text("IQM Flagship School")
    expect(awards).to_contain_text("Current")
    expect(page.get_by_role("link", name="North East Inclusion Cluster")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("Transition planning day")
    # The section the visitor is in stays marked in the navigation.
    schools_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Schools")
    expect(schools_link).to_have_attribute("aria-current", "true")


def test_directory_works_without_javascript(new_tab):
    seed_network()
    page = new_tab(java_script_enabled=False)
    page.goto(url(page, "/schools/?region=london"))
    expect(page.get_by_role("heading", name="1 school match these filters")).to_be_visible()
    expect_schools(page, ["Cedar Academy"])
    expect(page.locator("[data-school-map]")).to_be_hidden()


def test_directory_explains_a_bad_filter_and_links_to_the_field(page):
    seed_network()
    page.goto(url(page, "/schools/?region=atlantis&q=cedar"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    summary.get_by_role("link", name=re.compile("Region")).click()
    expect(page.locator("#id_region_0")).to_be_focused()
    # What the visitor typed is still there.
    expect(page.get_by_label("School name or URN")).to_have_value("cedar")
    assert_no_axe_violations(page)


def test_keyboard_only_visitor_filters_and_opens_a_school(page):
    seed_network()
    page.goto(url(page, "/"))

    # The first Tab reaches the skip link, which jumps over the navigation.
    page.keyboard.press("Tab")
    state = assert_focus_visible(page)
    assert state["text"] == "Skip to main content"

    tab_until(page, lambda s: s["tag"] == "a" and s["text"] == "Schools")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools")

    tab_until(page, lambda s: s["id"] == "id_region_0")
    assert_focus_visible(page)
    page.keyboard.press("Space")  # North East
    expect(page.locator("#id_region_0")).to_be_checked()
    tab_until(page, lambda s: s["tag"] == "button" and s["text"] == "Show schools")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"region=north_east"))
    expect_schools(page, ["Alder Primary School", "Beech Secondary School"])

    tab_until(page, lambda s: s["tag"] == "a" and s["text"] == "Alder Primary School")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alder Primary School")

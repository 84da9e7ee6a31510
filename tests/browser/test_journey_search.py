"""Journeys 1 and 6: a visitor searches for practice, filters to secondary, reads a case study
and follows a related item; once with the mouse, once with the keyboard only. Also: the search
page without JavaScript, and the autocomplete under the Content Security Policy."""

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
from tests.browser.seed import seed_practice

pytestmark = [pytest.mark.browser, BROWSER_DB]

AUTISM_RESULTS = {
    "Autism transition: a summer bridge into Year 7",
    "Transition passports for autistic pupils",
    "Preparing autistic Year 6 pupils for transition",
    "Does a summer bridge reduce anxiety for autistic pupils at transition?",
}
SECONDARY_RESULTS = AUTISM_RESULTS - {"Preparing autistic Year 6 pupils for transition"}
CASE_STUDY = "Transition passports for autistic pupils"


def result_titles(page):
    return set(page.locator(".results .result h3").all_inner_texts())


def phase_choice(page, name):
    return page.get_by_role("group", name="Phase").get_by_role("checkbox", name=re.compile(name))


def test_visitor_searches_filters_opens_a_case_study_and_follows_related_practice(page):
    seed_practice()
    page.goto(url(page, "/"))
    main_menu = page.get_by_role("navigation", name="Main")
    main_menu.get_by_role("link", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search shared practice")

    page.get_by_label("Search case studies, research and cluster activity").fill(
        "autism transition"
    )
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=autism\+transition"))
    expect(page.get_by_role("heading", name="4 results for “autism transition”")).to_be_visible()
    assert result_titles(page) == AUTISM_RESULTS
    expect(phase_choice(page, "^Secondary")).to_have_accessible_name("Secondary (3)")
    expect(page).to_have_title(re.compile(r"^Search: autism transition \| "))

    phase_choice(page, "^Secondary").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"phase=secondary"))
    expect(page.get_by_role("heading", name="3 results for “autism transition”")).to_be_visible()
    assert result_titles(page) == SECONDARY_RESULTS
    expect(phase_choice(page, "^Secondary")).to_be_checked()
    expect(phase_choice(page, "^Primary")).not_to_be_checked()
    expect(page.get_by_label("Search case studies, research and cluster activity")).to_have_value(
        "autism transition"
    )
    assert_no_axe_violations(page)
    save_screenshot(page, "search")

    page.get_by_role("link", name=CASE_STUDY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_STUDY)
    expect(page.locator(".facts")).to_contain_text("Cedar Academy")
    expect(page.locator(".facts")).to_contain_text("Secondary")
    related = page.get_by_role("complementary", name="Related practice")
    expect(related.get_by_role("link")).not_to_have_count(0)
    expect(related.get_by_role("link", name=CASE_STUDY)).to_have_count(0)
    save_screenshot(page, "case-study")

    related_title = "Autism transition: a summer bridge into Year 7"
    related.get_by_role("link", name=related_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(related_title)
    expect(page.locator(".facts")).to_contain_text("Beech Secondary School")

    # Its element badges lead to the search, filtered to that element.
    badges = page.get_by_role("list", name="Framework elements")
    badges.get_by_role("link", name=re.compile(r"^Element 1: ")).click()
    expect(page).to_have_url(re.compile(r"/search/\?element=\d+$"))
    element_choice = page.get_by_role("group", name="Element").get_by_role(
        "checkbox", name=re.compile(r"^IQM 1\. ")
    )
    expect(element_choice).to_be_checked()
    assert result_titles(page) == {
        "Autism transition: a summer bridge into Year 7",
        "Preparing autistic Year 6 pupils for transition",
        "Does a summer bridge reduce anxiety for autistic pupils at transition?",
    }


def test_keyboard_only_visitor_searches_filters_and_follows_related_practice(page):
    seed_practice()
    page.goto(url(page, "/"))

    page.keyboard.press("Tab")
    assert assert_focus_visible(page)["text"] == "Skip to main content"
    tab_until(page, lambda s: s["tag"] == "a" and s["text"] == "Search")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search shared practice")

    tab_until(page, lambda s: s["id"] == "search-q")
    assert_focus_visible(page)
    page.keyboard.type("autism transition")
    # Enter submits what was typed, whether or not suggestions are showing.
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="4 results for “autism transition”")).to_be_visible()

    secondary = phase_choice(page, "^Secondary")
    # The phase choices come biggest first: the first one the Tab key reaches is Secondary (3).
    tab_until(page, lambda s: s["tag"] == "input" and s["name"] == "phase")
    assert_focus_visible(page)
    expect(secondary).to_be_focused()
    page.keyboard.press("Space")
    expect(secondary).to_be_checked()
    tab_until(page, lambda s: s["tag"] == "button" and s["text"] == "Apply filters")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"phase=secondary"))
    expect(page.get_by_role("heading", name="3 results for “autism transition”")).to_be_visible()
    assert result_titles(page) == SECONDARY_RESULTS

    tab_until(page, lambda s: s["tag"] == "a" and s["text"] == CASE_STUDY)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_STUDY)

    related_title = "Autism transition: a summer bridge into Year 7"
    tab_until(page, lambda s: s["tag"] == "a" and s["text"] == related_title, limit=120)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(related_title)


RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_autocomplete_works_under_the_content_security_policy(page):
    seed_practice()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto(url(page, "/search/"))
    policy = response.headers.get("content-security-policy", "")
    assert "script-src" in policy and "'unsafe-inline'" not in policy.split("script-src")[1]
    assert page.locator("script:not([src])").count() == 0 or all(
        script.get_attribute("nonce") for script in page.locator("script:not([src])").all()
    )

    box = page.get_by_role("combobox", name="Search case studies, research and cluster activity")
    box.press_sequentially("passpo")
    suggestions = page.get_by_role("listbox")
    expect(suggestions.get_by_role("option")).to_have_text([CASE_STUDY])
    expect(box).to_have_attribute("aria-expanded", "true")
    assert_no_axe_violations(page)

    # The keyboard reaches the suggestions too: Down highlights, Enter opens.
    box.press("ArrowDown")
    expect(suggestions.get_by_role("option", name=CASE_STUDY)).to_have_attribute(
        "aria-selected", "true"
    )
    expect(box).to_have_attribute("aria-activedescendant", "search-suggestion-0")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_STUDY)

    # A tag suggestion, clicked, searches for the tag.
    page.goto(url(page, "/search/"))
    page.locator("#search-q").press_sequentially("autis")
    page.get_by_role("option", name="autism (tag)").click()
    expect(page).to_have_url(re.compile(r"q=autism"))
    expect(page.get_by_role("heading", name=re.compile(r"results? for “autism”"))).to_be_visible()

    violations = page.evaluate("window.__cspViolations")
    assert violations == []
    assert [text for text in console if "Content Security Policy" in text] == []


def test_search_works_without_javascript(new_tab):
    seed_practice()
    page = new_tab(java_script_enabled=False)
    page.goto(url(page, "/search/"))
    page.get_by_label("Search case studies, research and cluster activity").fill(
        "autism transition"
    )
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", name="4 results for “autism transition”")).to_be_visible()
    phase_choice(page, "^Secondary").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="3 results for “autism transition”")).to_be_visible()
    assert result_titles(page) == SECONDARY_RESULTS
    # No script ran: the box is a plain search field, with no suggestion list.
    expect(page.locator("#search-q")).not_to_have_attribute("role", "combobox")
    expect(page.get_by_role("listbox")).to_have_count(0)
    page.get_by_role("link", name=CASE_STUDY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_STUDY)
    expect(page.get_by_role("complementary", name="Related practice")).to_be_visible()

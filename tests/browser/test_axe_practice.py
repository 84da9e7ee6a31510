"""axe-core finds no violation on the practice pages: search (with results and facets), a case
study, a research project, and the practice and research indexes; headings stay in order."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_DB, assert_no_axe_violations, url
from tests.browser.seed import seed_practice

pytestmark = [pytest.mark.browser, BROWSER_DB]


def practice_pages(practice):
    case_study = practice.case_studies["Transition passports for autistic pupils"]
    research = next(iter(practice.research.values()))
    return [
        ("search", "/search/?q=autism+transition&phase=secondary"),
        ("search, nothing asked", "/search/"),
        ("search, nothing found", "/search/?q=quantum+chromodynamics"),
        ("case study", case_study.url),
        ("research", research.url),
        ("practice index", "/practice/"),
        ("research index", "/research/"),
    ]


def test_practice_pages_have_no_axe_violations(page):
    practice = seed_practice()
    for label, path in practice_pages(practice):
        page.goto(url(page, path))
        expect(page.get_by_role("main")).to_be_visible()
        assert page.locator("h1").count() == 1, label
        assert_no_axe_violations(page)


def test_search_page_with_facets_has_results_to_check(page):
    """The axe run above is only worth something if the search page shows results and facets."""
    seed_practice()
    page.goto(url(page, "/search/?q=autism+transition&phase=secondary"))
    expect(page.locator(".results .result")).to_have_count(3)
    expect(page.get_by_role("group", name="Phase").get_by_role("checkbox")).to_have_count(2)


def test_headings_are_in_order_on_practice_pages(page):
    practice = seed_practice()
    for label, path in practice_pages(practice):
        page.goto(url(page, path))
        levels = page.evaluate(
            "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
            ".map(h => Number(h.tagName[1]))"
        )
        assert levels[0] == 1, label
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{label}: h{before} is followed by h{after}"

"""Scheme staff add an everyday phrase to the longest thesaurus entry, in the admin, and a
search in those words finds the write-ups the entry is about."""

import re

import pytest
from playwright.sync_api import expect

from search import loader
from search.models import SearchSynonym
from tests.browser.conftest import (
    BROWSER_DB,
    assert_no_axe_violations,
    save_screenshot,
    signed_in,
    url,
)
from tests.browser.seed_review import seed_review
from tests.search.test_ranking import item

pytestmark = [pytest.mark.browser, BROWSER_DB]

PHRASE = "hides in the toilets every morning"


def test_staff_add_a_phrase_to_a_long_entry_and_searches_use_it(page):
    network = seed_review()
    loader.load(
        [
            item(
                "ebsa",
                "An EBSA pathway for a secondary school",
                summary="Emotionally based school avoidance: a plan with each family.",
            ),
            item("phonics", "Phonics for every reader", summary="Daily decoding practice."),
        ]
    )
    # The entry with the most terms: longer than the 500 characters the field once held.
    entry = max(SearchSynonym.objects.all(), key=lambda synonym: len(synonym.terms))
    assert len(entry.terms) > 500 and entry.terms.startswith("emotionally based school")

    signed_in(page, network.staff)
    page.goto(url(page, f"/admin/snippets/search/searchsynonym/edit/{entry.pk}/"))
    # The page is headed by the entry's usual name, not by its whole list of terms.
    others = len(entry.term_list()) - 1
    heading = page.get_by_role(
        "heading", name=f"emotionally based school avoidance (and {others} more)"
    )
    expect(heading).to_be_visible()
    terms = page.get_by_role("textbox", name=re.compile("Words that mean the same", re.I))
    # All of it is there to read and change, in a box of several lines.
    expect(terms).to_have_value(entry.terms)
    assert terms.evaluate("element => element.tagName") == "TEXTAREA"
    # The form (Wagtail's own page around it has no level-one heading: its header is
    # Wagtail's, not ours).
    assert_no_axe_violations(page, context="form")
    save_screenshot(page, "thesaurus-entry-long")

    terms.fill(entry.terms + ", " + PHRASE)
    page.get_by_role("button", name=re.compile("^Save", re.I)).first.click()
    expect(page.get_by_text(re.compile("updated", re.I)).first).to_be_visible()
    entry.refresh_from_db()
    assert entry.terms.endswith(", " + PHRASE)

    # A parent's words find the write-up on school avoidance, at once.
    page.goto(url(page, "/search/?q=" + PHRASE.replace(" ", "+")))
    expect(page.get_by_role("link", name="An EBSA pathway for a secondary school")).to_be_visible()

"""Journey 2: a school editor writes the school's annual update in the Wagtail admin, saves a
draft, submits it for the Annual review and sees where it stands; submitting with a section
left empty lists what is missing, links to it and keeps what was typed."""

import re

import pytest
from playwright.sync_api import expect

from practice.models import UpdateStatus
from practice.updates.status import update_status
from tests.browser.conftest import (
    BROWSER_DB,
    assert_no_axe_violations,
    save_screenshot,
    signed_in,
    url,
)
from tests.browser.seed_review import TARGETS, seed_review, submitted_update

pytestmark = [pytest.mark.browser, BROWSER_DB]


def rich_text(page, field):
    """The Draftail editor (contenteditable) of a rich text field, e.g. "targets-0-progress"."""
    hidden_input = page.locator(f"input[name='{field}']")
    return hidden_input.locator("xpath=..").locator("[contenteditable='true']")


def type_into(page, field, text):
    """Click into the editor and type, as a person would; Draftail copies what was typed into
    the form's hidden input a moment later, so wait for that before anything is saved."""
    editor = rich_text(page, field)
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)
    expect(page.locator(f"input[name='{field}']")).to_have_value(re.compile(re.escape(text)))


def narrative(number):
    return f"Element {number}: pupils led the work this year."


def open_editor(page, update):
    page.goto(url(page, f"/admin/pages/{update.pk}/edit/"))
    expect(page.get_by_role("heading", name="Progress against the elements")).to_be_visible()


def submit(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Send to your assessor").click()


def status(update):
    update.refresh_from_db()
    return update_status(update)


def element_count(update):
    return update.element_progress.count()


def test_editor_writes_saves_and_submits_the_annual_update(page):
    network = seed_review()
    update = network.update
    sections = element_count(update)
    assert sections == 10  # IQM's ten elements: one section each

    signed_in(page, network.editor)
    # The editor's own list says the update has not been started.
    page.goto(url(page, "/admin/updates/mine/"))
    row = page.get_by_role("row", name=re.compile("Rowan Primary School"))
    expect(row).to_contain_text("Not started")
    row.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", name="Progress against the elements")).to_be_visible()

    # Each element's narrative and each target's progress, typed into the rich text editors.
    for position in range(sections):
        type_into(page, f"element_progress-{position}-narrative", narrative(position + 1))
    for position, target in enumerate(TARGETS):
        child = page.locator(f"#inline_child_targets-{position}")
        expect(child.get_by_label("Target", exact=True)).to_have_value(target)
        type_into(page, f"targets-{position}-progress", f"Done: {target}.")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"‘.*’ is saved\."))).to_be_visible()
    assert status(update) == UpdateStatus.DRAFT
    page.goto(url(page, "/admin/updates/mine/"))
    expect(page.get_by_role("row", name=re.compile("Rowan Primary School"))).to_contain_text(
        "Draft"
    )

    # The draft kept everything; the editor submits it.
    open_editor(page, update)
    expect(rich_text(page, "element_progress-9-narrative")).to_contain_text(narrative(10))
    submit(page)
    expect(page.get_by_text(re.compile(r"has been sent to your assessor"))).to_be_visible()
    assert status(update) == UpdateStatus.SUBMITTED

    # The admin shows the workflow's step; the editor's list shows "Submitted".
    open_editor(page, update)
    expect(page.get_by_text("Assessor review").first).to_be_visible()
    page.goto(url(page, "/admin/updates/mine/"))
    expect(page.get_by_role("row", name=re.compile("Rowan Primary School"))).to_contain_text(
        "Submitted"
    )


def test_submitting_with_a_narrative_missing_lists_it_and_keeps_the_text(page):
    network = seed_review()
    update = network.update
    sections = element_count(update)

    signed_in(page, network.editor)
    open_editor(page, update)
    missing = 3  # the fourth element's narrative is left empty
    for position in range(sections):
        if position != missing:
            type_into(page, f"element_progress-{position}-narrative", narrative(position + 1))
    for position, target in enumerate(TARGETS):
        type_into(page, f"targets-{position}-progress", f"Done: {target}.")
    submit(page)

    summary = page.locator("#missing-sections")
    expect(summary).to_be_visible()
    expect(page.get_by_text("Before you can submit").first).to_be_visible()
    link = summary.get_by_role("link", name=re.compile(r"Element 4.*narrative", re.I))
    expect(link).to_have_attribute("href", f"#inline_child_element_progress-{missing}")
    expect(page.get_by_text("Write about this element before you submit.")).to_be_visible()
    # What was typed is still there, and nothing was submitted.
    expect(rich_text(page, "element_progress-9-narrative")).to_contain_text(narrative(10))
    expect(rich_text(page, "targets-1-progress")).to_contain_text(f"Done: {TARGETS[1]}.")
    # (The admin may keep a draft as the editor types; it is not submitted.)
    assert status(update) in (UpdateStatus.NOT_STARTED, UpdateStatus.DRAFT)

    # The link takes the editor to the empty section.
    link.click()
    expect(page).to_have_url(re.compile(rf"#inline_child_element_progress-{missing}$"))
    expect(page.locator(f"#inline_child_element_progress-{missing}")).to_be_in_viewport()


def test_staff_dashboard_and_reading_view(page):
    """Scheme staff see the year's updates on their dashboard and read one; screenshots."""
    network = seed_review()
    submitted_update(network)
    signed_in(page, network.staff)
    page.goto(url(page, "/admin/updates/"))
    row = page.get_by_role("row", name=re.compile("Rowan Primary School"))
    expect(row).to_contain_text("Submitted")
    save_screenshot(page, "dashboard")

    page.goto(url(page, f"/admin/updates/{network.update.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual update 2026/27")
    expect(page.locator("main")).to_contain_text("Rowan Primary School")
    expect(page.locator("main")).to_contain_text("Element 3: pupils led the work.")
    assert_no_axe_violations(page)
    save_screenshot(page, "annual-update")

"""Journeys 3 and 4: review in the Wagtail admin.

3. The assessor requests changes to a submitted annual update with a comment; the school's
   editor signs in and reads the comment.
4. Scheme staff approve a case study submitted to Practice review; an anonymous visitor then
   finds it in search, on a page with no accessibility violations.
"""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from practice.models import UpdateStatus
from practice.updates.status import update_status
from tests.browser.conftest import BROWSER_DB, assert_no_axe_violations, signed_in, url
from tests.browser.seed_review import seed_review, submitted_case_study, submitted_update

pytestmark = [pytest.mark.browser, BROWSER_DB]

COMMENT = "Please add how you measured the rise in reading ages for element 3."
CASE_STUDY = "Zones of regulation at lunchtime"
SEARCH = "/search/?q=zones+regulation+lunchtime"


def choose_action(page, name):
    """Click a workflow action in the editor's footer, opening "More actions" if it is there."""
    button = page.get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        page.get_by_role("button", name="More actions").click()
    button.click()


def test_assessor_requests_changes_and_the_editor_reads_the_comment(page, new_tab):
    network = seed_review()
    update = submitted_update(network)
    assert update_status(update) == UpdateStatus.SUBMITTED

    # The assessor finds the update among their schools' updates and opens it.
    signed_in(page, network.assessor)
    page.goto(url(page, "/admin/updates/mine/"))
    row = page.get_by_role("row", name=re.compile("Rowan Primary School"))
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", name="Progress against the elements")).to_be_visible()

    choose_action(page, "Ask the school for changes")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill(COMMENT)
    dialog.get_by_role("button", name=re.compile("Ask the school for changes", re.I)).click()
    # Back on their list of updates (not on a page they may not open), with the new status.
    expect(page).to_have_url(re.compile(r"/admin/updates/mine/$"))
    expect(page.get_by_text("Sorry, you do not have permission")).to_have_count(0)
    row = page.get_by_role("row", name=re.compile("Rowan Primary School"))
    expect(row).to_contain_text("Changes requested")
    update.refresh_from_db()
    assert update_status(update) == UpdateStatus.CHANGES_REQUESTED

    # The editor, in their own browser, sees that changes were asked for and why.
    editor = new_tab()
    signed_in(editor, network.editor)
    editor.goto(url(editor, "/admin/updates/mine/"))
    row = editor.get_by_role("row", name=re.compile("Rowan Primary School"))
    expect(row).to_contain_text("Changes requested")
    row.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(editor.get_by_role("heading", name="Progress against the elements")).to_be_visible()
    # The status panel says where the update stands; its details show the assessor's comment.
    editor.get_by_role("button", name="Toggle status").click()
    editor.locator("[data-side-panel='status']").get_by_role("button", name="View details").click()
    details = editor.get_by_role("dialog", name="Annual review")
    expect(details).to_be_visible()
    expect(details).to_contain_text(COMMENT)
    expect(details).to_contain_text(network.assessor.get_full_name())


def test_staff_approve_a_case_study_and_visitors_find_it_in_search(page, new_tab):
    network = seed_review()
    study = submitted_case_study(network, CASE_STUDY)

    visitor = new_tab()
    visitor.goto(url(visitor, SEARCH))
    expect(visitor.get_by_role("link", name=CASE_STUDY)).to_have_count(0)

    # Scheme staff find the case study in "Awaiting your review" on their dashboard.
    signed_in(page, network.staff)
    page.goto(url(page, "/admin/"))
    expect(page.get_by_role("heading", name="Awaiting your review")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(re.escape(CASE_STUDY)))
    expect(row).to_contain_text(network.editor.get_full_name())  # who submitted it
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(row).to_have_count(0)  # no longer waiting for review
    study.refresh_from_db()
    assert study.live
    state = WorkflowState.objects.filter(object_id=str(study.pk)).latest("created_at")
    assert state.status == WorkflowState.STATUS_APPROVED

    # An anonymous visitor now finds it in search, on an accessible results page.
    visitor.goto(url(visitor, SEARCH))
    result = visitor.get_by_role("link", name=CASE_STUDY)
    expect(result).to_be_visible()
    assert_no_axe_violations(visitor)
    result.click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(CASE_STUDY)

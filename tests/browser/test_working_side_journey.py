"""The working side, from what `make run` leaves behind (every migration on an empty
database, then `seed_demo`), as the demo's editor, assessor, staff and member (issue 17):

the editor finishes and sends the update to the assessor; the assessor writes feedback on
one element and asks the school for changes; the editor reads it beside that element, marks
it resolved and sends the update again; the assessor approves it and records the review;
staff sign off the year. A case study the editor sends is approved by staff. Every admin
screen the journey opens is checked with axe, and each role's home is kept as a screenshot.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.users import DEMO_PASSWORD
from network.permissions import schools_of
from practice.models import AnnualReview, AnnualUpdatePage, CaseStudyPage, UpdateStatus
from practice.updates.status import update_status
from tests.browser.conftest import BROWSER_DB, save_screenshot, url
from tests.browser.conftest import assert_no_axe_violations as axe_check

pytestmark = [pytest.mark.browser, BROWSER_DB]

FEEDBACK = "Please say how you measured the change in pupils' confidence on element 3."
CASE_STUDY = "Sensory circuits before maths"


def assert_no_axe_violations(tab):
    """Once the page has loaded: a check run while it is still arriving sees half a page."""
    tab.wait_for_load_state("load")
    axe_check(tab)


def sign_in(tab, username):
    """Through the site's own sign-in page."""
    tab.goto(url(tab, "/sign-in/"))
    assert_no_axe_violations(tab)
    tab.get_by_label("Username or email").fill(username)
    tab.get_by_label("Password").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_load_state()
    return tab


def rich_text(tab, field):
    return (
        tab.locator(f"input[name='{field}']")
        .locator("xpath=..")
        .locator("[contenteditable='true']")
    )


def fill_empty_rich_text(tab, prefix, words):
    """Type into each empty rich text field named prefix-N-<words>, as the editor would."""
    fields = tab.locator(f"input[name^='{prefix}-'][name$='-{words}']")
    for index in range(fields.count()):
        name = fields.nth(index).get_attribute("name")
        if not re.fullmatch(rf"{prefix}-\d+-{words}", name or ""):
            continue
        editor = rich_text(tab, name)
        if editor.inner_text().strip():
            continue
        editor.click()
        tab.keyboard.type(f"Written for {name}: pupils led this work.")
        expect(tab.locator(f"input[name='{name}']")).to_have_value(re.compile("pupils led"))


def more_actions(tab, name):
    button = tab.get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        tab.get_by_role("button", name="More actions").click()
    button.click()


def home(tab, screenshot):
    tab.goto(url(tab, "/admin/"))
    expect(tab.get_by_role("heading", name="What you have to do")).to_be_visible()
    assert_no_axe_violations(tab)
    save_screenshot(tab, screenshot)


def test_a_year_on_the_working_side_from_make_run(page, new_tab):
    call_command("seed_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    school = schools_of(users.get(username="demo-editor")).get()
    update = AnnualUpdatePage.objects.filter(school=school).order_by("-academic_year").first()
    assert update_status(update) in (UpdateStatus.DRAFT, UpdateStatus.NOT_STARTED)

    # ---- The editor: home, then the update written and sent to the assessor.
    editor = sign_in(page, "demo-editor")
    expect(editor).to_have_url(re.compile(r"/admin/$"))
    home(editor, "home-editor")
    tasks = editor.locator(".your-tasks")
    expect(tasks).to_contain_text(school.title)
    tasks.get_by_role("link", name="Write and send it to your assessor").click()
    expect(editor.get_by_role("heading", name="Progress against the elements")).to_be_visible()
    assert_no_axe_violations(editor)
    fill_empty_rich_text(editor, "element_progress", "narrative")
    fill_empty_rich_text(editor, "research_steps" if update.is_flagship else "targets", "progress")
    more_actions(editor, "Send to your assessor")
    expect(editor.get_by_text("has been sent to your assessor")).to_be_visible()
    assert update_status(update) == UpdateStatus.SUBMITTED

    # ---- The assessor: feedback on element 3, then "Ask the school for changes".
    assessor = sign_in(new_tab(), "demo-assessor")
    home(assessor, "home-assessor")
    row = assessor.locator(".your-tasks li", has_text=school.title).filter(has_text="sent on")
    row.get_by_role("link", name="read it and give feedback").click()
    assert_no_axe_violations(assessor)
    assessor.get_by_label("Your feedback on element 3").fill(FEEDBACK)
    assessor.get_by_label("Your feedback on element 3").locator("xpath=..").get_by_role(
        "button", name="Add feedback"
    ).click()
    expect(
        assessor.get_by_text(re.compile(r"Your feedback on Element 3.* is saved"))
    ).to_be_visible()
    assessor.get_by_label("A note to go with it (optional)").fill("Nearly there.")
    assessor.get_by_role("button", name="Ask the school for changes").click()
    expect(assessor.get_by_text("asked for changes")).to_be_visible()
    assert update_status(update) == UpdateStatus.CHANGES_REQUESTED

    # ---- The editor reads it beside element 3, marks it resolved and sends it again.
    editor.goto(url(editor, "/admin/"))
    tasks = editor.locator(".your-tasks")
    expect(tasks).to_contain_text("Your assessor asked for changes")
    tasks.get_by_role("link", name="read the feedback").click()
    section = editor.locator("#element-3")
    expect(section).to_contain_text(FEEDBACK)
    expect(section).to_contain_text("Asha Assessor")
    expect(section).to_contain_text("open")
    assert_no_axe_violations(editor)
    save_screenshot(editor, "feedback-beside-the-element")
    editor.goto(url(editor, f"/admin/pages/{update.pk}/edit/"))
    expect(editor.locator(".update-feedback-panel").first).to_contain_text(FEEDBACK)
    editor.goto(url(editor, f"/admin/updates/{update.pk}/"))
    editor.locator("#element-3").get_by_role("button", name="Mark as resolved").click()
    expect(editor.locator("#element-3")).to_contain_text("resolved")
    editor.goto(url(editor, f"/admin/pages/{update.pk}/edit/"))
    more_actions(editor, "Send to your assessor again")
    expect(editor.get_by_text("has been sent to your assessor")).to_be_visible()

    # ---- The assessor approves it and records the review.
    assessor.goto(url(assessor, f"/admin/updates/{update.pk}/"))
    assessor.get_by_role("button", name="Approve for sign-off").click()
    expect(assessor.get_by_text("with scheme staff to sign off")).to_be_visible()
    assessor.goto(url(assessor, "/admin/"))
    assessor.locator(".your-tasks li", has_text=school.title).get_by_role(
        "link", name="record the annual review"
    ).first.click()
    expect(assessor.get_by_label("Visit date")).to_be_visible()
    assert_no_axe_violations(assessor)
    assessor.get_by_label("Visit date").fill("2027-07-08")
    assessor.get_by_label("Outcome").select_option("validated")
    assessor.get_by_label("Strengths").fill("A well-led SEND team who listen to pupils.")
    assessor.locator("textarea[name='development_targets-0-text']").fill(
        "Host a cluster CPD day on adaptive teaching"
    )
    assessor.get_by_role("button", name=re.compile("Save|Record", re.I)).first.click()
    expect(assessor.get_by_text("has been recorded")).to_be_visible()
    assert AnnualReview.objects.filter(update=update).exists()

    # ---- Staff sign off the year.
    staff = sign_in(new_tab(), "demo-staff")
    home(staff, "home-staff")
    expect(staff.locator(".your-tasks")).to_contain_text("Late updates")
    staff.locator(".your-tasks li", has_text=school.title).get_by_role(
        "link", name="read it and sign off the year"
    ).click()
    assert_no_axe_violations(staff)
    staff.get_by_role("button", name="Sign off the year").click()
    expect(staff.locator(".site-message")).to_contain_text("Signed off")
    assert update_status(update) == UpdateStatus.REVIEWED

    # ---- A case study the editor sends, approved by staff.
    editor.goto(url(editor, f"/admin/pages/add/practice/casestudypage/{school.pk}/"))
    editor.locator("#id_title").fill(CASE_STUDY)
    editor.locator("#id_summary").fill(
        "Ten minutes of sensory circuits before maths helped pupils with SEMH settle."
    )
    assert_no_axe_violations(editor)
    more_actions(editor, "Send to scheme staff")
    expect(editor.get_by_text("has been sent to scheme staff")).to_be_visible()
    study = CaseStudyPage.objects.get(title=CASE_STUDY)
    staff.goto(url(staff, "/admin/"))
    staff.locator(".your-tasks li", has_text=CASE_STUDY).get_by_role(
        "link", name="review it"
    ).click()
    assert_no_axe_violations(staff)
    more_actions(staff, "Approve and publish")
    # Approved from the editor, the page is published and staff leave the editor.
    staff.wait_for_url(lambda address: f"/pages/{study.pk}/edit/" not in address)
    assert CaseStudyPage.objects.get(pk=study.pk).live

    # ---- A member signs in to a page of their own.
    member = sign_in(new_tab(), "demo-member")
    expect(member).to_have_url(re.compile(r"/your-page/$"))
    expect(member.get_by_role("heading", level=1)).to_have_text("Morgan Member")
    assert_no_axe_violations(member)
    save_screenshot(member, "home-member")

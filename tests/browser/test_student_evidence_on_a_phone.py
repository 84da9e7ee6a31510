"""WCSQM's student evidence on a phone (390 x 844) and with a keyboard: a teacher pastes the
class's codes, one line is a name and is sent back with its reason, the boxes are ticked with
the keyboard, and the level follows. Nothing scrolls sideways; axe finds nothing, target
sizes included (WCAG 2.2)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from network.models import Phase, Process
from practice.updates.year import start_cycle
from tests.browser.conftest import (
    BROWSER_DB,
    WCAG22_TARGET_SIZE,
    assert_focus_visible,
    assert_no_axe_violations,
    save_screenshot,
    signed_in,
    tab_until,
    url,
)
from tests.factories import SchoolPageFactory, school_editor

pytestmark = [pytest.mark.browser, BROWSER_DB]
PHONE = {"width": 390, "height": 844}


def wcsqm_update():
    from django.core.management import call_command

    call_command("load_frameworks", verbosity=0)
    school = SchoolPageFactory(title="Oakfield Academy", phase=Phase.SECONDARY)
    process = Process.objects.get(key="wcsqm-students")
    update, _ = start_cycle(school, process, "2026/27", datetime.date(2027, 6, 30))
    return update


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_teacher_records_a_class_on_a_phone_with_the_keyboard(new_tab):
    update = wcsqm_update()
    editor = school_editor(update.school, "oak-editor")
    page = signed_in(new_tab(viewport=PHONE, is_mobile=True, has_touch=True), editor)
    page.goto(url(page, f"/admin/updates/{update.pk}/students/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Student evidence")
    fits(page)

    page.get_by_label("Students' codes").fill("9B-001\n9B-002\nJohn Smith\n9B-003\n9B-004")
    page.get_by_role("button", name="Add students").click()
    expect(page.get_by_role("alert")).to_contain_text("“John Smith” looks like a name.")
    expect(page.get_by_label("Students' codes")).to_have_value("John Smith")
    expect(page.locator(".site-messages")).to_contain_text("4 students added")
    fits(page)

    # Each box is named for the student and the area; on a phone the area shows beside it.
    box = page.get_by_role("checkbox", name="9B-001: Leadership")
    expect(box).to_be_visible()
    expect(page.locator("label[for] .student-grid__area").first).to_be_visible()
    assert_no_axe_violations(page, options=WCAG22_TARGET_SIZE)
    save_screenshot(page, "student-evidence-phone")

    # The keyboard alone: Tab to each of 9B-001's and 9B-002's boxes, Space ticks it.
    areas = ("Leadership", "Community", "Learning", "Workplace")
    wanted = [box_id(page, code, area) for code in ("9B-001", "9B-002") for area in areas]
    page.get_by_role("heading", level=1).click()
    for target in wanted:
        state = tab_until(page, lambda s, t=target: s and s["id"] == t)
        assert state["tag"] == "input"
        assert_focus_visible(page)
        page.keyboard.press("Space")
    tab_until(page, lambda s: s and s["text"] == "Save areas completed")
    page.keyboard.press("Enter")
    expect(
        page.get_by_text(re.compile(r"50% of 4 students completed every area: Silver\."))
    ).to_be_visible()
    expect(page.get_by_text("1 more for Gold.")).to_be_visible()
    expect(page.get_by_role("checkbox", name="9B-002: Workplace")).to_be_checked()
    expect(page.get_by_role("checkbox", name="9B-003: Leadership")).not_to_be_checked()
    fits(page)


def box_id(page, code, area):
    return page.get_by_role("checkbox", name=f"{code}: {area}").get_attribute("id")


def test_the_grid_on_a_wide_screen_passes_axe(new_tab):
    update = wcsqm_update()
    editor = school_editor(update.school, "oak-editor")
    page = signed_in(new_tab(), editor)
    page.goto(url(page, f"/admin/updates/{update.pk}/students/"))
    page.get_by_label("Students' codes").fill("9B-001\n9B-002")
    page.get_by_role("button", name="Add students").click()
    expect(page.get_by_role("columnheader", name="Leadership")).to_be_visible()
    # The column says the area; each box is still named in full.
    expect(page.get_by_role("checkbox", name="9B-002: Workplace")).to_be_visible()
    assert_no_axe_violations(page, options=WCAG22_TARGET_SIZE)
    save_screenshot(page, "student-evidence-wide")

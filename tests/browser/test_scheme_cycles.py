"""Every quality mark runs its own cycle (issue 16), from what `make run` leaves behind
(every migration, then `seed_demo`), as the school, its assessor, consultant or adviser, and
staff would run it:

- IQM: a Centre of Excellence writes its annual update and sends it; the assessor asks for
  changes beside the text; the school answers and sends it again; the assessor approves and
  records the review (progress ratified, a development plan); staff sign off. The award is
  renewed, and next year's draft carries the plan as its key targets.
- VbE: VbE's own staff start a Quality Mark self-assessment audit for a school the demo's
  consultant is allocated to; the school (on a phone) writes the six aspects and its stand-out
  area; the consultant says what to address before the audit; the school sends it again;
  the consultant writes the report; staff sign off and the school holds the Quality Mark.
- Artsmark: staff start the journey; the school sends its Statement of Commitment; the adviser
  gives feedback and the school moves to its development period; it writes its impact against
  the seven Quality Principles and its Statement of Impact; the adviser awards Gold.
- WCSQM: staff start the round; the school records its students' evidence under codes; the
  assessor records the level the evidence reaches; staff sign off at that level.

The demo is seeded once and each journey runs as a subtest on schools of its own. The pages
the cycles added (the reading page with "Where this stands", the review form with the
report's sections, the start-a-cycle form, the student evidence page) are checked with axe.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from demo.updates import academic_year_of
from demo.users import DEMO_PASSWORD
from network.models import AssessorAssignment, Award, SchoolPage
from network.permissions import schools_of
from practice.models import AnnualUpdatePage, UpdateStatus
from practice.models.updates import next_academic_year
from practice.updates.status import update_status
from tests.browser.conftest import BROWSER_DB, save_screenshot, signed_in, url
from tests.browser.conftest import assert_no_axe_violations as axe_check
from tests.factories import school_editor

pytestmark = [pytest.mark.browser, BROWSER_DB]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


# ------ Helpers ------


def assert_no_axe_violations(tab):
    """Once the page has loaded: a check run while it is still arriving sees half a page."""
    tab.wait_for_load_state("load")
    axe_check(tab)


def as_user(new_tab, username, password=DEMO_PASSWORD, **options):
    user = get_user_model().objects.get(username=username)
    return signed_in(new_tab(**options), user, password)


def message(tab):
    return tab.locator(".site-message, .messages").first


def expect_now(tab, *stages):
    """The stages marked "Now" in "Where this stands", in order."""
    now = tab.locator(".update-stages li[aria-current='step'] strong")
    expect(now).to_have_text(list(stages))
    expect(tab.locator(".update-stages li[aria-current='step']").first).to_contain_text("(now;")


def rich_text(tab, field):
    return (
        tab.locator(f"input[name='{field}']")
        .locator("xpath=..")
        .locator("[contenteditable='true']")
    )


def write(tab, field, words):
    """Type into one rich text field of Wagtail's editor, as the school would."""
    editor = rich_text(tab, field)
    editor.scroll_into_view_if_needed()
    editor.click()
    tab.keyboard.type(words)
    expect(tab.locator(f"input[name='{field}']")).to_have_value(re.compile(re.escape(words[:20])))


def write_each_empty(tab, prefix, words, text):
    """Each empty rich text field named prefix-N-<words>."""
    fields = tab.locator(f"input[name^='{prefix}-'][name$='-{words}']")
    for index in range(fields.count()):
        name = fields.nth(index).get_attribute("name")
        if not re.fullmatch(rf"{prefix}-\d+-{words}", name or ""):
            continue
        if rich_text(tab, name).inner_text().strip():
            continue
        write(tab, name, f"{text} ({name.split('-')[1]})")


def more_actions(tab, name):
    button = tab.get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        tab.get_by_role("button", name="More actions").click()
    button.click()


def open_in_editor(tab):
    tab.get_by_role("link", name="Open in the editor").click()
    tab.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    tab.wait_for_load_state("load")


def read(tab, update):
    tab.goto(url(tab, f"/admin/updates/{update.pk}/"))
    expect(tab.get_by_role("heading", name="Where this stands")).to_be_visible()
    return tab


def give_feedback(
    tab, label, text, note, button="Ask the school for changes", said="asked for changes"
):
    box = tab.get_by_label(label, exact=True)
    box.fill(text)
    box.locator("xpath=..").get_by_role("button", name="Add feedback").click()
    expect(message(tab)).to_contain_text("is saved")
    tab.get_by_label("A note to go with it (optional)").fill(note)
    tab.get_by_role("button", name=button).click()
    expect(message(tab)).to_contain_text(said)


def approve(tab, update):
    read(tab, update)
    tab.get_by_role("button", name="Approve for sign-off").click()
    expect(message(tab)).to_contain_text("with scheme staff to sign off")


def sign_off(tab, update):
    """Staff sign off: IQM's year, or the round by its cycle's name ("Sign off the Artsmark
    journey")."""
    read(tab, update)
    fresh = AnnualUpdatePage.objects.get(pk=update.pk)
    words = "year" if fresh.has_award_kinds else fresh.cycle_words
    tab.get_by_role("button", name=f"Sign off the {words}").click()
    expect(message(tab)).to_contain_text("Signed off")
    expect(tab.locator(".update-stages li[aria-current='step']")).to_have_count(0)
    assert update_status(update) == UpdateStatus.REVIEWED


def start_cycle(tab, school, cycle, year):
    """Scheme staff start a school's cycle; a URN mistyped first is explained, nothing lost."""
    tab.goto(url(tab, "/admin/"))
    tab.get_by_role("button", name="Annual updates").click()
    tab.get_by_role("link", name="Start a school's cycle").click()
    expect(tab.get_by_role("heading", name="Start a school's cycle")).to_be_visible()
    assert_no_axe_violations(tab)
    tab.get_by_label("School's URN").fill("999999")
    tab.get_by_label("Cycle").select_option(label=cycle)
    tab.get_by_label("Academic year").fill(year)
    tab.get_by_label("Deadline").fill(
        (timezone.localdate() + datetime.timedelta(days=150)).isoformat()
    )
    tab.get_by_role("button", name="Start the cycle").click()
    expect(tab.get_by_text("No school in the network has the URN '999999'")).to_be_visible()
    expect(tab.get_by_label("Academic year")).to_have_value(year)
    assert_no_axe_violations(tab)
    tab.get_by_label("School's URN").fill(school.urn)
    tab.get_by_role("button", name="Start the cycle").click()
    expect(message(tab)).to_contain_text(f"for {school.title} is started")
    name = cycle.split(": ", 1)[1]
    update = AnnualUpdatePage.objects.get(school=school, process__name=name, academic_year=year)
    expect(tab).to_have_url(re.compile(rf"/admin/updates/{update.pk}/$"))
    return update


def open_the_editor_from_home(tab, school, cycle_words, link):
    tab.goto(url(tab, "/admin/"))
    row = tab.locator(".your-tasks li", has_text=school.title).filter(has_text=cycle_words)
    row.get_by_role("link", name=link).click()
    tab.wait_for_load_state("load")


def record(tab, update, outcome, fields, plan):
    """The reviewer's record, from their home's "Reviews to record", which names the cycle
    (a school may have two waiting)."""
    tab.goto(url(tab, "/admin/"))
    tab.locator(".your-tasks li", has_text=update.school.title).filter(
        has_text=f"{update.cycle_words} {update.academic_year}"
    ).get_by_role("link", name=re.compile(r"^record ")).click()
    expect(tab).to_have_url(re.compile(rf"/admin/updates/{update.pk}/review/$"))
    assert_no_axe_violations(tab)
    for label, value in fields.items():
        tab.get_by_label(label, exact=True).fill(value)
    tab.get_by_label("Outcome").select_option(label=outcome)
    for position, text in enumerate(plan, start=1):
        tab.get_by_label(f"Target {position}", exact=True).fill(text)
    tab.get_by_role("button", name=re.compile(r"^Save the (review|report)$")).click()
    expect(message(tab)).to_contain_text("has been recorded")
    assert_no_axe_violations(tab)


def award_line(tab):
    award = tab.locator("dt", has_text=re.compile(r"^Award$"))
    return tab.locator(".update-review .facts div").filter(has=award).locator("dd")


def fits_the_phone(tab):
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], f"{tab.url} scrolls sideways ({width}px)"


# ------ The four journeys ------


def iqm_annual_update(new_tab, year):
    """A Centre of Excellence assessed by the demo assessor, whose update is not yet sent."""
    update = next(
        update
        for update in AnnualUpdatePage.objects.filter(
            academic_year=year,
            process__key="annual-update",
            award_kind="centre_of_excellence",
            school__assessor_assignments__assessor__username="demo-assessor",
            school__assessor_assignments__scheme__isnull=True,
        )
        .select_related("school")
        .order_by("school__title")
        if update_status(update) in (UpdateStatus.NOT_STARTED, UpdateStatus.DRAFT)
    )
    school = update.school
    current = Award.objects.filter(
        school=school, level__name="Centre of Excellence", holder_name=""
    ).latest("awarded_on")
    # The school's deputy head joins as its editor (the demo's own editors have other work).
    school_editor(school, username="deputy.head")

    # ---- The school writes and sends its update.
    editor = as_user(new_tab, "deputy.head", password="password")  # noqa: S106
    open_the_editor_from_home(editor, school, f"annual update {year}", "Write and send it")
    expect(editor.get_by_role("heading", name="Progress against the elements")).to_be_visible()
    write_each_empty(editor, "element_progress", "narrative", "Pupils led this work")
    write_each_empty(editor, "targets", "progress", "Done in every class")
    more_actions(editor, "Send to your assessor")
    expect(message(editor)).to_contain_text("has been sent to your assessor")

    # ---- The assessor asks for changes beside element 3.
    assessor = as_user(new_tab, "demo-assessor")
    read(assessor, update)
    expect_now(assessor, "Annual visit and review")
    assert_no_axe_violations(assessor)
    feedback = "How did you measure the change in pupils' confidence on element 3?"
    give_feedback(assessor, "Your feedback on element 3", feedback, "Nearly there.")
    expect_now(assessor, "Written update", "Key targets or research steps")

    # ---- The school reads it beside element 3, answers and sends it again.
    editor.goto(url(editor, "/admin/"))
    tasks = editor.locator(".your-tasks li", has_text=f"annual update {year}")
    expect(tasks).to_contain_text("Your assessor asked for changes")
    tasks.get_by_role("link", name="read the feedback").click()
    expect(editor.locator("#element-3")).to_contain_text(feedback)
    editor.locator("#element-3").get_by_role("button", name="Mark as resolved").click()
    expect(editor.locator("#element-3 .feedback-state")).to_have_text("resolved")
    open_in_editor(editor)
    more_actions(editor, "Send to your assessor again")
    expect(message(editor)).to_contain_text("has been sent to your assessor")

    # ---- The assessor approves and records the review: ratified, with next year's plan.
    approve(assessor, update)
    plan = ["Lead a cluster day on adaptive teaching", "Extend nurture groups to Key Stage 2"]
    visit = timezone.localdate() - datetime.timedelta(days=1)
    record(
        assessor,
        update,
        "Progress ratified",
        {"Visit date": visit.isoformat(), "Strengths": "A SEND team that listens to pupils."},
        plan,
    )
    renewed_from = max(visit, current.valid_until + datetime.timedelta(days=1))
    expect(award_line(assessor)).to_contain_text(
        f"Centre of Excellence, {renewed_from:%-d %B %Y} to"
    )
    expect(assessor.locator(".update-review")).to_contain_text("Progress ratified")
    expect_now(assessor, "Sign-off")

    # ---- Staff sign off the year; the award is renewed from the day the last one ends.
    staff = as_user(new_tab, "demo-staff")
    sign_off(staff, update)
    renewed = Award.objects.get(
        school=school, level__name="Centre of Excellence", awarded_on=renewed_from
    )
    assert renewed.valid_until > current.valid_until

    # ---- Staff open next year: the school's draft has the plan as its key targets.
    next_year = next_academic_year(year)
    staff.goto(url(staff, "/admin/updates/open-year/"))
    staff.get_by_label("Academic year").fill(next_year)
    staff.get_by_label("Deadline").fill(f"{next_year[:4]}-11-30")
    staff.get_by_role("button", name="Open the year").click()
    expect(message(staff)).to_contain_text(f"{next_year}: ")
    editor.goto(url(editor, "/admin/"))
    row = editor.locator(".your-tasks li", has_text=f"annual update {next_year}")
    expect(row).to_contain_text("not started")
    following = AnnualUpdatePage.objects.get(
        school=school, academic_year=next_year, process__key="annual-update"
    )
    read(editor, following)
    targets = editor.locator("#targets-heading").locator("xpath=..").locator("h3")
    expect(targets).to_have_text([f"Target {n}: {text}" for n, text in enumerate(plan, 1)])
    expect_now(editor, "Written update", "Key targets or research steps")


def vbe_quality_mark(new_tab, year):
    """VbE's own staff start it for a school the demo's consultant is allocated to for VbE
    that has no audit this year; its values lead joins as its editor."""
    allocated = SchoolPage.objects.filter(
        assessor_assignments__assessor__username="demo-consultant",
        assessor_assignments__scheme__short_name="VbE",
    ).exclude(editors_group__user__username__startswith="demo-")
    school = next(
        school
        for school in allocated.order_by("title")
        if not AnnualUpdatePage.objects.filter(
            school=school, process__key="vbe-quality-mark", academic_year=year
        ).exists()
    )
    school_editor(school, username="values.lead")

    vbe_staff = as_user(new_tab, "demo-vbe-staff")
    update = start_cycle(vbe_staff, school, "VbE: Quality Mark self-assessment audit", year)
    expect_now(vbe_staff, "Self-assessment audit")
    expect(vbe_staff.locator(".update-stages")).to_contain_text(
        "A consultant is allocated (done; scheme staff)"
    )
    assert_no_axe_violations(vbe_staff)

    # ---- The school, on a phone: the six aspects and its stand-out area.
    editor = as_user(new_tab, "values.lead", password="password", **PHONE)  # noqa: S106
    open_the_editor_from_home(
        editor, school, f"self-assessment audit {year}", "Write and send it to your consultant"
    )
    write_each_empty(editor, "element_progress", "narrative", "Values lived in every class")
    write(editor, "summary", "Reflection: each lesson begins with a minute of quiet.")
    more_actions(editor, "Send to your consultant")
    expect(message(editor)).to_contain_text("has been sent to your consultant")
    save_screenshot(editor, "vbe-self-assessment-phone")

    # ---- The consultant says what to address before the audit.
    consultant = as_user(new_tab, "demo-consultant")
    consultant.goto(url(consultant, "/admin/"))
    consultant.locator(".your-tasks li", has_text=school.title).filter(
        has_text="self-assessment audit"
    ).get_by_role("link", name="read it and give feedback").click()
    expect_now(
        consultant,
        "The consultant reviews the self-assessment",
        "Audit visit and debrief",
        "Written report",
    )
    before_the_audit = "Before the audit: show how the behaviour logs changed this year."
    give_feedback(
        consultant,
        "Your feedback on Behaviour and Relationships",  # VbE's third aspect, by its name
        before_the_audit,
        "What to address before the audit: aspect 3.",
    )

    # ---- The school reads it on the phone, answers and sends it again.
    editor.goto(url(editor, "/admin/"))
    row = editor.locator(".your-tasks li", has_text=f"self-assessment audit {year}")
    expect(row).to_contain_text("Your consultant asked for changes")
    row.get_by_role("link", name="read the feedback").click()
    expect(editor.locator("#element-3")).to_contain_text(before_the_audit)
    expect_now(editor, "Self-assessment audit")
    assert_no_axe_violations(editor)
    fits_the_phone(editor)
    save_screenshot(editor, "vbe-feedback-phone")
    editor.locator("#element-3").get_by_role("button", name="Mark as resolved").click()
    expect(editor.locator("#element-3 .feedback-state")).to_have_text("resolved")
    open_in_editor(editor)
    more_actions(editor, "Send to your consultant again")
    expect(message(editor)).to_contain_text("has been sent to your consultant")

    # ---- The consultant approves, visits, debriefs and writes the report.
    approve(consultant, update)
    visit = timezone.localdate() - datetime.timedelta(days=2)
    record(
        consultant,
        update,
        "Quality Mark awarded",
        {
            "Visit date": visit.isoformat(),
            "Debrief (if there was one)": visit.isoformat(),
            "Strengths": "Calm, reflective classrooms; pupils explain the values in their words.",
            "Stand-out area": "Reflection: a minute of quiet at the start of every lesson.",
            "Next steps": "Bring families into the values through a termly event.",
            "Audit conclusion": "The school meets the Quality Mark in every aspect.",
        },
        ["Share the reflection practice with two schools in the cluster"],
    )
    report = consultant.locator(".update-review")
    expect(report.get_by_role("heading", name="The consultant's report")).to_be_visible()
    for heading in ("Strengths", "Stand-out area", "Next steps", "Audit conclusion"):
        expect(report.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(report).to_contain_text(f"Debrief{visit:%-d %B %Y}")
    expect_now(consultant, "Award")

    # ---- Staff sign off; the school holds the Quality Mark, on its public profile too.
    staff = as_user(new_tab, "demo-staff")
    sign_off(staff, update)
    read(editor, update)
    expect(award_line(editor)).to_contain_text(f"VbE Quality Mark, {visit:%-d %B %Y} to")
    fits_the_phone(editor)
    editor.goto(url(editor, school.url))
    expect(editor.locator("#awards-heading").locator("xpath=..")).to_contain_text(
        "VbE Quality Mark"
    )


def artsmark_journey(new_tab, year, school):
    """Staff start it for one of the demo's second editor's schools; the demo assessor advises."""
    assert AssessorAssignment.objects.filter(
        school=school, assessor__username="demo-assessor", scheme__isnull=True
    ).exists()
    staff = as_user(new_tab, "demo-staff")
    update = start_cycle(staff, school, "Artsmark: Artsmark journey", year)
    expect_now(staff, "Statement of Commitment")

    # ---- The school pledges: its Statement of Commitment, goals and actions.
    editor = as_user(new_tab, "demo-editor-two")
    open_the_editor_from_home(
        editor, school, f"Artsmark journey {year}", "Write and send it to your adviser"
    )
    plan = editor.locator("section", has_text="Statement of Commitment: goals and actions").first
    expect(plan).to_be_visible()
    goals = [
        ("Train six arts ambassadors to plan our arts week", "Ambassadors chosen in Year 6."),
        ("Link with a local theatre for a year-long project", "A first visit in spring."),
    ]
    for position, (goal, actions) in enumerate(goals):
        editor.get_by_role("button", name="Add Goal").click()
        editor.locator(f"[name='targets-{position}-text']").fill(goal)
        write(editor, f"targets-{position}-progress", actions)
    more_actions(editor, "Send to your adviser")
    expect(message(editor)).to_contain_text("has been sent to your adviser")

    # ---- The adviser's feedback; the school moves to its development period.
    adviser = as_user(new_tab, "demo-assessor")
    read(adviser, update)
    expect_now(adviser, "Feedback on the commitment")
    assert_no_axe_violations(adviser)
    # A commitment is not signed off: the adviser's answer sends the school on.
    expect(adviser.get_by_role("button", name="Approve for sign-off")).to_have_count(0)
    give_feedback(
        adviser,
        "Your feedback on goal 1",
        "Lovely: let the ambassadors present to governors too.",
        "A strong commitment: now the development period.",
        button="Send back for the next step: Development period and Statement of Impact",
        said="the school goes on to Development period and Statement of Impact",
    )
    expect_now(adviser, "Development period", "Statement of Impact")

    # ---- The school records impact against the seven Quality Principles, and its statement.
    read(editor, update)
    expect_now(editor, "Development period", "Statement of Impact")
    open_in_editor(editor)
    expect(editor.locator("input[name='element_progress-6-narrative']")).to_be_attached()
    write_each_empty(editor, "element_progress", "narrative", "Arts woven through the week")
    write(editor, "summary", "From occasional arts days to arts in every week of the year.")
    more_actions(editor, "Send to your adviser again")
    expect(message(editor)).to_contain_text("has been sent to your adviser")

    # ---- The adviser assesses it: Gold.
    read(adviser, update)
    expect_now(adviser, "Assessment")
    approve(adviser, update)
    visit = timezone.localdate() - datetime.timedelta(days=3)
    record(
        adviser,
        update,
        "Artsmark Gold awarded",
        {
            "Visit date": visit.isoformat(),
            "Strengths": "Pupils lead the arts; families come to every showing.",
            "Distance travelled": "From occasional arts days to arts woven through the week.",
            "Next steps": "Platinum: share the theatre link with other schools.",
        },
        [],
    )
    expect(award_line(adviser)).to_contain_text("Artsmark Gold")

    # ---- Staff sign off; the school holds Artsmark Gold.
    sign_off(staff, update)
    read(editor, update)
    expect(award_line(editor)).to_contain_text(f"Artsmark Gold, {visit:%-d %B %Y} to")
    assert Award.objects.filter(
        school=school, level__scheme__short_name="Artsmark", level__name="Gold"
    ).exists()


def wcsqm_students(new_tab, year, school):
    staff = as_user(new_tab, "demo-staff")
    update = start_cycle(staff, school, "WCSQM: Student character evidence", year)
    expect_now(staff, "Students show their characteristics")

    # ---- The school records its students' evidence under its own codes.
    editor = as_user(new_tab, "demo-editor-two")
    editor.goto(url(editor, f"/admin/updates/{update.pk}/students/"))
    expect(editor.get_by_role("heading", level=1)).to_have_text("Student evidence")
    editor.get_by_label("Students' codes").fill("10A-001\n10A-002\n10A-003\n10A-004")
    editor.get_by_role("button", name="Add students").click()
    expect(message(editor)).to_contain_text("4 students added")
    areas = [
        header.strip() for header in editor.locator(".student-grid thead th").all_inner_texts()[1:]
    ]
    assert areas, "the grid names the framework's areas"
    for code in ("10A-001", "10A-002", "10A-003"):
        for area in areas:
            editor.get_by_role("checkbox", name=f"{code}: {area}").check()
    editor.get_by_role("checkbox", name=f"10A-004: {areas[0]}").check()
    editor.get_by_role("button", name="Save areas completed").click()
    expect(
        editor.get_by_text(re.compile(r"75% of 4 students completed every area"))
    ).to_be_visible()
    assert_no_axe_violations(editor)
    editor.goto(url(editor, f"/admin/pages/{update.pk}/edit/"))
    more_actions(editor, "Send to your assessor")
    expect(message(editor)).to_contain_text("has been sent to your assessor")

    # ---- The assessor records the outcome the evidence reaches.
    assessor = as_user(new_tab, "demo-assessor")
    read(assessor, update)
    expect_now(assessor, "Assessment of the evidence")
    assert_no_axe_violations(assessor)
    approve(assessor, update)
    assessor.goto(url(assessor, f"/admin/updates/{update.pk}/review/"))
    computed = assessor.get_by_text(re.compile(r"75% of 4 students completed every area: (\w+)\."))
    level = re.search(r"every area: (\w+)\.", computed.inner_text()).group(1)
    assert level == "Gold"
    visit = timezone.localdate() - datetime.timedelta(days=1)
    record(
        assessor,
        update,
        f"{level} awarded",
        {
            "Visit date": visit.isoformat(),
            "Strengths": "Students name their characteristics and show them.",
            "Next steps": "Bring the last quarter of Year 10 through the workplace area.",
        },
        [],
    )

    # ---- Staff sign off; the school's award is at that level.
    sign_off(staff, update)
    read(editor, update)
    expect(award_line(editor)).to_contain_text(f"WCSQM {level}, {visit:%-d %B %Y} to")


def test_each_scheme_runs_its_cycle_from_the_demo(new_tab, subtests):
    call_command("seed_demo", stdout=io.StringIO())
    year, _ = academic_year_of(timezone.localdate())
    second = list(
        schools_of(get_user_model().objects.get(username="demo-editor-two")).order_by("title")
    )
    assert len(second) == 2 and all(isinstance(school, SchoolPage) for school in second)
    journeys = [
        ("VbE Quality Mark", lambda: vbe_quality_mark(new_tab, year)),
        ("Artsmark", lambda: artsmark_journey(new_tab, year, second[0])),
        ("World Class Schools", lambda: wcsqm_students(new_tab, year, second[1])),
        # Last: opening next year gives every school its next round.
        ("IQM", lambda: iqm_annual_update(new_tab, year)),
    ]
    for name, journey in journeys:
        with subtests.test(msg=name):
            journey()

"""WCSQM's student evidence, as the school's editors record it and its assessor reads it.

Each student is a row under a code the school keeps, each area of the character framework a
tick box; the share of students completing every area gives the level, by the shares the
levels carry in the frameworks data (Bronze 35%, Silver 50%, Gold 75%).
"""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from network.models import AwardLevel, Phase, Process
from practice.models import AnnualUpdatePage, StudentEvidence
from practice.updates.year import open_update_year, start_cycle
from tests.factories import (
    SchoolPageFactory,
    school_assessor,
    school_editor,
    school_with_award,
)

pytestmark = pytest.mark.django_db

YEAR = "2026/27"
DEADLINE = datetime.date(2027, 6, 30)
SECONDARY_AREAS = ["Leadership", "Community", "Learning", "Workplace"]


def wcsqm_update(title="Oakfield Academy", phase=Phase.SECONDARY):
    school = SchoolPageFactory(title=title, phase=phase)
    process = Process.objects.get(key="wcsqm-students")
    update, created = start_cycle(school, process, YEAR, DEADLINE)
    assert created
    return update


@pytest.fixture
def update(frameworks):
    return wcsqm_update()


@pytest.fixture
def editor(update):
    return school_editor(update.school, "oak-editor")


def url(update, **query):
    address = reverse("practice_updates:students", args=[update.pk])
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def text_of(response):
    """What the page says, tags removed and spaces folded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")


def grid_post(update, ticks=None, page=1, **fields):
    """The page's form as the browser sends it: a hidden `row` for each student shown, the
    ticked boxes, and the button pressed (as a field)."""
    ticks = ticks or {}
    data = {"page": str(page), "row": [], "codes": ""}
    elements = {e.title: e.pk for e in update.framework.elements.all()}
    for student in update.student_evidence.order_by("code")[(page - 1) * 100 : page * 100]:
        data["row"].append(str(student.pk))
        data[f"done-{student.pk}"] = [str(elements[a]) for a in ticks.get(student.code, [])]
    data.update(fields)
    return data


def codes(n, prefix="9B"):
    return [f"{prefix}-{i:03d}" for i in range(1, n + 1)]


def add(client, update, lines, ticks=None):
    return client.post(
        url(update), grid_post(update, ticks, codes="\n".join(lines), action="add"), follow=True
    )


def tick_every_area(client, update, students, areas=SECONDARY_AREAS):
    return client.post(
        url(update),
        grid_post(update, dict.fromkeys(students, areas), action="save"),
        follow=True,
    )


# ------ Recording the evidence ------


def test_an_editor_adds_a_class_ticks_areas_and_sees_the_level(client, update, editor):
    client.force_login(editor)
    page = client.get(url(update))
    assert page.status_code == 200
    shown = text_of(page)
    assert "Student evidence" in shown and "No students yet." in shown
    assert "Add students" in shown and "No student's evidence is recorded yet." in shown

    # A column pasted from a spreadsheet: Windows line ends, a blank line, spaces around.
    pasted = "\r\n".join(codes(25)[:12]) + "\r\n\r\n  " + "\r\n".join(codes(25)[12:]) + "  \r\n"
    response = client.post(url(update), grid_post(update, codes=pasted, action="add"), follow=True)
    shown = text_of(response)
    assert "25 students added: 9B-001, 9B-002" in shown
    assert update.student_evidence.count() == 25
    html = response.content.decode()
    assert 'aria-label="Pages of students"' not in html
    # Every box is labelled with the student and the area.
    for area in SECONDARY_AREAS:
        assert f'9B-014: </span><span class="student-grid__area">{area}' in html
    assert html.count('type="checkbox"') == 25 * 4

    response = tick_every_area(client, update, codes(25)[:13])
    shown = text_of(response)
    assert "The areas completed you ticked are saved." in shown
    assert "52% of 25 students completed every area: Silver. 6 more for Gold." in shown
    assert "Bronze at 35%, Silver at 50%, Gold at 75%" in shown
    assert "Leadership 13 of 25 52%" in shown and "Every area 13 of 25 52%" in shown
    boxes = re.findall(r'<input type="checkbox"[^>]*>', response.content.decode())
    assert sum("checked" in box for box in boxes) == 13 * 4


def test_some_areas_count_per_area_but_not_for_the_level(client, update, editor):
    client.force_login(editor)
    add(client, update, codes(4))
    ticks = {
        "9B-001": SECONDARY_AREAS,
        "9B-002": ["Leadership", "Community", "Learning"],
        "9B-003": ["Leadership"],
    }
    client.post(url(update), grid_post(update, ticks, action="save"))
    shown = text_of(client.get(url(update)))
    assert "25% of 4 students completed every area: no level yet. 1 more for Bronze." in shown
    assert "Leadership 3 of 4 75%" in shown and "Community 2 of 4 50%" in shown
    assert "Workplace 1 of 4 25%" in shown


def test_the_levels_come_from_the_data(client, update, editor):
    """Change a level's share and the level reached changes with it: nothing is hard-coded."""
    client.force_login(editor)
    add(client, update, codes(25))
    tick_every_area(client, update, codes(25)[:13])
    assert "52% of 25 students completed every area: Silver. 6 more for Gold." in text_of(
        client.get(url(update))
    )

    silver = AwardLevel.objects.get(scheme__short_name="WCSQM", name="Silver")
    silver.student_share = 55
    silver.save()
    shown = text_of(client.get(url(update)))
    assert "52% of 25 students completed every area: Bronze. 1 more for Silver." in shown
    assert "Bronze at 35%, Silver at 55%, Gold at 75%" in shown

    silver.student_share = 50
    silver.save()
    gold = AwardLevel.objects.get(scheme__short_name="WCSQM", name="Gold")
    gold.student_share = 52
    gold.save()
    shown = text_of(client.get(url(update)))
    assert "52% of 25 students completed every area: Gold." in shown
    assert "more for" not in shown


def test_the_thresholds_are_reached_exactly_at_their_share(client, update, editor):
    client.force_login(editor)
    add(client, update, codes(20))
    cases = [
        (6, "30% of 20 students completed every area: no level yet. 1 more for Bronze."),
        (7, "35% of 20 students completed every area: Bronze. 3 more for Silver."),
        (10, "50% of 20 students completed every area: Silver. 5 more for Gold."),
        (15, "75% of 20 students completed every area: Gold."),
    ]
    for complete, sentence in cases:
        response = tick_every_area(client, update, codes(20)[:complete])
        assert sentence in text_of(response), complete


def test_a_primary_school_uses_the_framework_for_younger_pupils(client, frameworks):
    update = wcsqm_update("Willow Primary", phase=Phase.PRIMARY)
    assert update.framework.name == "Character framework (younger pupils)"
    client.force_login(school_editor(update.school))
    response = add(client, update, ["Y2-07", "Y2-08"])
    html = response.content.decode()
    for area in ("I learn", "I am", "I feel"):
        assert f'<th scope="col">{area}</th>' in html
        assert f'Y2-07: </span><span class="student-grid__area">{area}' in html
    assert "Leadership" not in html
    response = tick_every_area(client, update, ["Y2-07"], ["I learn", "I am", "I feel"])
    assert "50% of 2 students completed every area: Silver. 1 more for Gold." in text_of(response)


# ------ What is refused, and what is kept ------


def test_a_name_a_date_or_a_space_is_refused_and_nothing_typed_is_lost(client, update, editor):
    client.force_login(editor)
    add(client, update, ["9B-001", "9B-002"])
    typed = "9B-003\nJohn Smith\n12/03/2015\n9B 004\n9B-005\nOliver\n"
    response = client.post(
        url(update),
        grid_post(update, {"9B-001": ["Leadership", "Learning"]}, codes=typed, action="add"),
    )
    assert response.status_code == 200
    shown = text_of(response)
    assert "2 students added: 9B-003, 9B-005." in shown
    assert "4 lines not added" in shown
    assert "“John Smith” looks like a name." in shown
    assert "“12/03/2015” looks like a date." in shown
    assert "“9B 004” has a space." in shown
    assert "“Oliver” has no number in it, so it could be a name." in shown
    assert "Use the code your school keeps for this student, such as 9B-014" in shown
    assert "Never a name, a date of birth or a photo." in shown
    html = response.content.decode()
    # The refused lines wait in the box to be corrected; the good ones are on the grid.
    box = re.search(r'<textarea id="codes"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert box.split("\n") == ["John Smith", "12/03/2015", "9B 004", "Oliver"]
    assert 'aria-describedby="codes-hint codes-error"' in html
    assert sorted(update.student_evidence.values_list("code", flat=True)) == [
        "9B-001",
        "9B-002",
        "9B-003",
        "9B-005",
    ]
    # The ticks sent with the refused lines were saved too.
    first = update.student_evidence.get(code="9B-001")
    assert sorted(first.areas.values_list("title", flat=True)) == ["Leadership", "Learning"]
    assert not StudentEvidence.objects.filter(code__in=["John Smith", "12/03/2015"]).exists()


def test_national_pupil_numbers_are_refused_too(client, update, editor):
    client.force_login(editor)
    response = add(client, update, ["A12345678901B", "1234567890", "jo@school.example"])
    shown = text_of(response)
    assert "“A12345678901B” looks like a Unique Pupil Number, which follows a child." in shown
    assert "“1234567890” looks like a Unique Learner Number, which follows a child." in shown
    assert "“jo@school.example” looks like an email address." in shown
    assert not update.student_evidence.exists()


def test_more_than_a_thousand_lines_at_once_are_refused_whole(client, update, editor):
    client.force_login(editor)
    typed = "\n".join(codes(1001))
    response = client.post(url(update), grid_post(update, codes=typed, action="add"))
    assert response.status_code == 200
    assert "That is more than 1,000 lines: add up to 1,000 students at a time." in text_of(response)
    box = re.search(r'<textarea id="codes"[^>]*>(.*?)</textarea>', response.content.decode(), re.S)
    assert box.group(1).split("\n") == codes(1001)
    assert not update.student_evidence.exists()


def test_a_long_list_is_named_in_short(client, update, editor):
    client.force_login(editor)
    shown = text_of(add(client, update, codes(40)))
    assert "40 students added: 9B-001, 9B-002," in shown
    assert "9B-012 and 28 more." in shown and "9B-013," not in shown


def test_what_no_form_sends_is_ignored_without_an_error(client, update, editor):
    """Ids past the database's range, words for numbers, a page that is not there."""
    client.force_login(editor)
    add(client, update, ["9B-001"])
    huge = "9" * 25
    for fields in [
        {"row": [huge, "x"], f"done-{huge}": [huge], "action": "save"},
        {"remove": huge},
        {"remove": "-1"},
        {"remove": "²"},
        {"row": ["٣"], "done-3": ["²"], "action": "save"},
        {"go": huge},
        {"page": "abc", "action": "save"},
        {"action": "unknown"},
    ]:
        response = client.post(url(update), {"codes": "", **fields})
        assert response.status_code < 500, fields
    for query in ({"page": huge}, {"page": "x"}, {"page": "-3"}):
        assert client.get(url(update, **query)).status_code == 200, query
    assert list(update.student_evidence.values_list("code", flat=True)) == ["9B-001"]


def test_a_code_already_on_the_list_is_not_added_twice(client, update, editor):
    client.force_login(editor)
    add(client, update, ["9B-001"])
    shown = text_of(add(client, update, ["9b-001", "9B-002", "9B-002"]))
    assert "1 student added: 9B-002. Already on the list: 9b-001, 9B-002." in shown
    assert update.student_evidence.count() == 2


def test_an_empty_box_says_what_to_type(client, update, editor):
    client.force_login(editor)
    response = client.post(url(update), grid_post(update, codes=" \n ", action="add"))
    assert response.status_code == 200
    assert "Type or paste the students' codes, one on each line." in text_of(response)


def test_removing_a_student_keeps_the_other_ticks(client, update, editor):
    client.force_login(editor)
    add(client, update, codes(3))
    tick_every_area(client, update, ["9B-002"])
    gone = update.student_evidence.get(code="9B-002")
    response = client.post(
        url(update),
        grid_post(update, {"9B-001": ["Community"], "9B-002": SECONDARY_AREAS}, remove=gone.pk),
        follow=True,
    )
    shown = text_of(response)
    assert (
        "9B-002 was removed (it had completed: Leadership, Community, Learning, Workplace)."
        " The areas completed you ticked are saved."
    ) in shown
    assert list(update.student_evidence.values_list("code", flat=True)) == ["9B-001", "9B-003"]
    assert list(
        update.student_evidence.get(code="9B-001").areas.values_list("title", flat=True)
    ) == ["Community"]
    assert 'Remove<span class="visually-hidden"> 9B-002' not in response.content.decode()


def test_ticks_for_another_update_or_framework_are_ignored(client, update, editor, frameworks):
    other = wcsqm_update("Elm College")
    StudentEvidence.objects.create(update=other, code="EL-001")
    client.force_login(editor)
    add(client, update, ["9B-001"])
    theirs = other.student_evidence.get()
    iqm = AwardLevel.objects.get(scheme__short_name="IQM", name="Centre of Excellence")
    foreign = iqm.scheme.update_framework.elements.first()
    data = grid_post(update, {"9B-001": ["Leadership"]}, action="save")
    data["row"].append(str(theirs.pk))
    data[f"done-{theirs.pk}"] = [str(other.framework.elements.first().pk)]
    data[f"done-{update.student_evidence.get().pk}"].append(str(foreign.pk))
    data["remove"] = ""
    client.post(url(update), data)
    assert not theirs.areas.exists()
    assert list(update.student_evidence.get().areas.values_list("title", flat=True)) == [
        "Leadership"
    ]


def test_a_hundred_and_twenty_students_turn_pages_without_losing_ticks(client, update, editor):
    client.force_login(editor)
    add(client, update, codes(120))
    first = client.get(url(update))
    html = first.content.decode()
    assert "Students 1 to 100 of 120." in text_of(first)
    assert html.count('type="checkbox"') == 100 * 4
    response = client.post(
        url(update), grid_post(update, {"9B-100": ["Learning"]}, go="2"), follow=True
    )
    assert response.redirect_chain[-1][0].endswith("?page=2")
    assert "Students 101 to 120 of 120." in text_of(response)
    assert "The areas completed you ticked are saved." in text_of(response)
    assert list(
        update.student_evidence.get(code="9B-100").areas.values_list("title", flat=True)
    ) == ["Learning"]
    # Saving page 2 leaves the ticks of page 1 alone.
    client.post(url(update), grid_post(update, {"9B-120": ["Community"]}, page=2, action="save"))
    assert update.student_evidence.get(code="9B-100").areas.count() == 1
    assert update.student_evidence.get(code="9B-120").areas.count() == 1


# ------ Reading it: the update, its PDF, the assessor ------


def test_the_reading_page_and_the_pdf_show_the_figures_not_the_codes(client, update, editor):
    client.force_login(editor)
    add(client, update, codes(25))
    tick_every_area(client, update, codes(25)[:13])
    sentence = "52% of 25 students completed every area: Silver. 6 more for Gold."

    read = client.get(reverse("practice_updates:read", args=[update.pk]))
    shown = text_of(read)
    assert sentence in shown and "Leadership 13 of 25 52%" in shown
    assert url(update) in read.content.decode()
    assert "9B-001" not in shown

    pdf = client.get(reverse("practice_updates:pdf", args=[update.pk]))
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert sentence in text
    assert "Every area 13 of 25 52%" in text
    assert "9B-0" not in text


def test_the_assessor_reads_each_student_and_cannot_change_them(client, update, editor):
    client.force_login(editor)
    add(client, update, ["9B-014", "9B-015"])
    tick_every_area(client, update, ["9B-014"])
    assessor = school_assessor(update.school, "oak-assessor")
    client.force_login(assessor)
    response = client.get(url(update))
    assert response.status_code == 200
    shown = text_of(response)
    assert "You are reading the school's student evidence" in shown
    assert "9B-014: Leadership completed" in shown and "9B-015: Leadership not yet" in shown
    assert "50% of 2 students completed every area: Silver. 1 more for Gold." in shown
    html = response.content.decode()
    assert 'type="checkbox"' not in html and "Add students" not in html
    before = list(update.student_evidence.values_list("code", flat=True))
    response = client.post(url(update), grid_post(update, codes="9B-099", action="add"))
    # Refused as the admin refuses: back to the dashboard, saying so.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert list(update.student_evidence.values_list("code", flat=True)) == before


def test_the_editor_links_to_the_student_evidence(client, update, editor):
    client.force_login(editor)
    add(client, update, codes(4))
    tick_every_area(client, update, codes(4)[:2])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[update.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="student-evidence"' in html
    assert "50% of 4 students completed every area: Silver. 1 more for Gold." in html
    assert f'href="{url(update)}"' in html
    assert "9B-001" not in html


def test_an_update_without_students_has_no_such_page(client, frameworks):
    school = school_with_award(title="Maple Community School")
    open_update_year(YEAR, DEADLINE)
    iqm = AnnualUpdatePage.objects.get(school=school)
    client.force_login(school_editor(school))
    assert client.get(url(iqm)).status_code == 404
    read = client.get(reverse("practice_updates:read", args=[iqm.pk])).content.decode()
    assert "/students/" not in read and "students completed" not in read


# ------ Closed once sent, like the update ------


def submit(update, editor):
    update.save_revision(user=editor)
    update.get_workflow().start(update, editor)


def test_sent_for_review_the_evidence_is_closed(client, update, editor):
    client.force_login(editor)
    add(client, update, ["9B-001"])
    submit(update, editor)
    response = client.get(url(update))
    shown = text_of(response)
    assert "This update has been sent to your assessor, so its student evidence is closed" in (
        shown
    )
    html = response.content.decode()
    assert 'type="checkbox"' not in html and "<textarea" not in html
    response = client.post(
        url(update),
        grid_post(update, {"9B-001": SECONDARY_AREAS}, codes="9B-002", action="add"),
        follow=True,
    )
    assert "Nothing was changed." in text_of(response)
    assert list(update.student_evidence.values_list("code", flat=True)) == ["9B-001"]
    assert not update.student_evidence.get().areas.exists()


def test_signed_off_it_is_closed_until_staff_reopen_it(client, update, editor, staff_user):
    client.force_login(editor)
    add(client, update, ["9B-001"])
    submit(update, editor)
    assessor = school_assessor(update.school, "oak-assessor")
    for user in (assessor, staff_user):
        state = update.current_workflow_state.current_task_state
        state.task.specific.on_action(state, user, "approve")
    update = AnnualUpdatePage.objects.get(pk=update.pk)
    shown = text_of(client.get(url(update)))
    assert "This update has been signed off, so its student evidence is closed." in shown

    client.force_login(staff_user)
    client.post(reverse("practice_updates:reopen", args=[update.pk]))
    client.force_login(editor)
    response = add(client, update, ["9B-002"])
    assert "1 student added: 9B-002." in text_of(response)


# ------ What the page costs ------


def test_the_grid_costs_the_same_for_3_or_30_students(
    client, update, editor, django_assert_num_queries
):
    client.force_login(editor)
    add(client, update, codes(3))
    tick_every_area(client, update, codes(3)[:2])
    client.get(url(update))  # the session and the site are read once

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(update)).status_code == 200
    few = len(captured)  # read now: the log is emptied by the requests that follow
    add(client, update, codes(30))
    tick_every_area(client, update, codes(30)[:16])
    client.get(url(update))
    with django_assert_num_queries(few):
        response = client.get(url(update))
    assert response.content.decode().count('type="checkbox"') == 30 * 4
    assert "53% of 30 students completed every area: Silver. 7 more for Gold." in text_of(response)

"""No student's code leaves the students' page, and that page is the update's readers' only.

School A runs WCSQM's student evidence: three students under codes found nowhere else, two
of them with every area completed. The codes may be read by the school's editors, its
assessor and scheme staff on the students' page, and changed by the editors (and staff) only.
Everywhere else the update goes (its reading page, its PDF, the editor, its revisions, the
school's data export, the staff dashboard's CSV and Excel, search), it goes as figures.
"""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from network.models import AssessorAssignment, Phase, Process
from network.permissions import ASSESSORS, SCHEME_STAFF
from practice.models import AnnualUpdatePage, StudentEvidence
from practice.updates.year import start_cycle
from tests.factories import (
    SchoolPageFactory,
    UserFactory,
    school_assessor,
    school_editor,
)

pytestmark = pytest.mark.django_db

SECRET = "QZ7-44"  # in every code, and nowhere else on the site
CODES = ["QZ7-4401", "QZ7-4402", "QZ7-4403"]
FIGURES = "66% of 3 students completed every area: Silver. 1 more for Gold."
ROLES = ("anonymous", "member", "editor_a", "editor_b", "assessor_a", "assessor_b", "staff")
Y, N = "allowed", "refused"

#                 anon member ed_a ed_b as_a as_b staff
READ_STUDENTS = (N, N, Y, N, Y, N, Y)
CHANGE_STUDENTS = (N, N, Y, N, N, N, Y)


def build_world():
    call_command("load_frameworks", stdout=io.StringIO())
    school_a = SchoolPageFactory(title="Alder Academy", urn="330001", phase=Phase.SECONDARY)
    school_b = SchoolPageFactory(title="Beech Academy", urn="330002", phase=Phase.SECONDARY)
    process = Process.objects.get(key="wcsqm-students")
    update, _ = start_cycle(school_a, process, "2026/27", datetime.date(2027, 6, 30))
    other, _ = start_cycle(school_b, process, "2026/27", datetime.date(2027, 6, 30))
    areas = list(update.framework.elements.all())
    for position, code in enumerate(CODES):
        student = StudentEvidence.objects.create(update=update, code=code)
        student.areas.set(areas if position < 2 else areas[:1])
    StudentEvidence.objects.create(update=other, code="BE-0001")
    editor_b = school_editor(school_b, "editor-b")
    users = {
        "member": UserFactory(username="member"),
        "editor_a": school_editor(school_a, "editor-a"),
        "editor_b": editor_b,
        "assessor_a": school_assessor(school_a, "assessor-a"),
        "assessor_b": school_assessor(school_b, "assessor-b"),
        "staff": UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)]),
    }
    # B's editor is also an assessor (of B): signed in to the admin with updates of their own.
    editor_b.groups.add(Group.objects.get(name=ASSESSORS))
    AssessorAssignment.objects.create(school=school_b, assessor=editor_b)
    update.save_revision(user=users["editor_a"])
    return {
        "update": update.pk,
        "school": school_a.pk,
        "users": {role: user.pk for role, user in users.items()},
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once in a transaction rolled back after the module; each test in a savepoint."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def sign_in(client, world, role):
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(pk=world["users"][role]))


def update_of(world):
    return AnnualUpdatePage.objects.get(pk=world["update"])


def students_url(world):
    return reverse("practice_updates:students", args=[world["update"]])


def body(response):
    content = b"".join(response) if response.streaming else response.content
    return content.decode(errors="replace")


def assert_refused(response, what):
    """A refusal as the admin gives it: 403, 404, or a redirect to sign in or to the admin's
    home ("Sorry, you do not have permission")."""
    if response.status_code in (403, 404):
        return
    assert response.status_code == 302, (what, response.status_code)
    location = response["Location"]
    assert "login" in location or location == reverse("wagtailadmin_home"), (what, location)


def cells(row):
    return [
        pytest.param(role, expected, id=role) for role, expected in zip(ROLES, row, strict=True)
    ]


# ------ The students' page ------


@pytest.mark.parametrize(("role", "expected"), cells(READ_STUDENTS))
def test_who_reads_the_students_page(client, world, role, expected):
    sign_in(client, world, role)
    response = client.get(students_url(world))
    if expected == Y:
        assert response.status_code == 200
        assert all(code in body(response) for code in CODES)
        assert "BE-0001" not in body(response)
    else:
        assert_refused(response, role)
        assert SECRET not in body(response)
        if role == "anonymous":
            assert "login" in response["Location"]


@pytest.mark.parametrize(("role", "expected"), cells(CHANGE_STUDENTS))
def test_who_changes_the_students(client, world, role, expected):
    update = update_of(world)
    first = update.student_evidence.get(code=CODES[0])
    sign_in(client, world, role)
    response = client.post(
        students_url(world),
        {
            "page": "1",
            "row": [str(first.pk)],
            f"done-{first.pk}": [],  # untick all of the first student's areas
            "codes": f"{role}-99",
            "action": "add",
        },
    )
    added = StudentEvidence.objects.filter(code=f"{role}-99").exists()
    unticked = not first.areas.exists()
    if expected == Y:
        assert response.status_code == 302
        assert added and unticked
    else:
        assert_refused(response, role)
        assert not added and not unticked
        assert SECRET not in body(response)


def test_another_schools_editor_cannot_reach_a_student_through_their_own_update(client, world):
    """B's editor sends A's student's row with a post to B's own students' page."""
    other = AnnualUpdatePage.objects.get(school__urn="330002")
    first = update_of(world).student_evidence.get(code=CODES[0])
    sign_in(client, world, "editor_b")
    url = reverse("practice_updates:students", args=[other.pk])
    response = client.post(url, {"row": [str(first.pk)], "action": "save"}, follow=True)
    assert response.status_code == 200
    assert first.areas.count() == 4, "A's student keeps its ticks"
    response = client.post(url, {"remove": str(first.pk)}, follow=True)
    assert StudentEvidence.objects.filter(pk=first.pk).exists()
    assert SECRET not in body(response)


# ------ Everywhere else: figures, never codes ------


@pytest.mark.parametrize("role", ["editor_a", "assessor_a", "staff"])
def test_the_update_its_pdf_and_editor_show_figures_only(client, world, role):
    from pypdf import PdfReader

    sign_in(client, world, role)
    read = client.get(reverse("practice_updates:read", args=[world["update"]]))
    assert read.status_code == 200
    assert FIGURES in " ".join(body(read).replace("<strong>", "").split())
    assert SECRET not in body(read)
    pdf = client.get(reverse("practice_updates:pdf", args=[world["update"]]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert FIGURES in " ".join(text.split())
    assert SECRET not in text
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[world["update"]]))
    if edit.status_code == 200:
        assert SECRET not in body(edit)


def test_revisions_of_the_update_hold_no_codes(world):
    update = update_of(world)
    assert update.revisions.exists()
    for revision in update.revisions.all():
        assert SECRET not in json.dumps(revision.content)


def test_the_school_export_holds_counts_not_codes(client, world):
    sign_in(client, world, "editor_a")
    response = client.get(reverse("school_export", args=[world["school"]]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name in archive.namelist():
        assert SECRET.encode() not in archive.read(name), name
    document = json.loads(archive.read("school.json"))
    (entry,) = [p for p in document["pages"] if p["type"] == "practice.annualupdatepage"]
    assert entry["student_evidence"]["students"] == 3
    assert entry["student_evidence"]["completed_every_area"] == 2
    assert [area["completed"] for area in entry["student_evidence"]["areas"]] == [3, 2, 2, 2]


def test_the_export_command_holds_no_codes(world, tmp_path):
    target = tmp_path / "alder.zip"
    call_command("export_school", "330001", "--output", str(target), stdout=io.StringIO())
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            assert SECRET.encode() not in archive.read(name), name


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_staff_dashboard_exports_hold_no_codes(client, world, export):
    sign_in(client, world, "staff")
    response = client.get(reverse("practice_updates:dashboard"), {"export": export})
    assert response.status_code == 200
    content = response.content
    if export == "xlsx":
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            content = b"".join(workbook.read(name) for name in workbook.namelist())
    assert b"Alder Academy" in content, "the school is in the export"
    assert SECRET.encode() not in content


@pytest.mark.parametrize("role", ["anonymous", "member", "editor_b"])
def test_public_pages_and_search_never_show_a_code(client, world, role):
    sign_in(client, world, role)
    school = AnnualUpdatePage.objects.get(pk=world["update"]).school
    for url in [
        school.url,
        f"/search/?q={SECRET}",
        f"/api/search/?q={SECRET}",
        "/sitemap.xml",
        "/api/v2/pages/?type=practice.AnnualUpdatePage&fields=*",
        f"/api/v2/pages/{world['update']}/",
        reverse("practice_updates:mine"),
        f"/admin/pages/search/?q={SECRET}",
    ]:
        response = client.get(url)
        assert response.status_code < 500, url
        text = body(response)
        # A search echoes what was asked; what must not appear is any whole code.
        assert not any(code in text for code in CODES), url

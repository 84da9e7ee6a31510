"""Student evidence (WCSQM): for each student, under a code the school keeps, the areas of the
framework the student has completed.

One page holds it all: a grid with a row per student and a tick box per area, a box to add
several students at once (one code a line, or a column pasted from a spreadsheet), and a
button on each row to remove it. Every button saves the ticks on the page first, so nothing
ticked is lost by adding, removing or turning a page. A line that is not a code (a name, a
date, a code with a space) is refused with its reason and stays in the box; the other lines
are added.

Who reads it is the update's rule (`can_view_update`): the school's editors, its assessor and
scheme staff. The school's editors (and staff) change it while the update is theirs to write;
once it is sent for review, or signed off, it is closed like the update.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from network.models import Element
from network.permissions import is_editor_of, is_scheme_staff
from practice.models import AnnualUpdatePage, StudentEvidence, UpdateStatus, student_shares
from practice.models.student_evidence import CODE_HELP, student_code_problem

from .access import can_view_update
from .status import is_outstanding, update_status

WRITES_STUDENTS = "students"
PAGE_SIZE = 100  # rows a page; a page's tick boxes stay far below DATA_UPLOAD_MAX_NUMBER_FIELDS
MAX_AT_ONCE = 1000  # codes added in one go
MAX_STUDENTS = 5000  # students in one update

AreaLink = StudentEvidence.areas.through


def _update_for(request, page_id):
    update = get_object_or_404(
        AnnualUpdatePage.objects.select_related("school", "process", "framework").prefetch_related(
            "process__stages"
        ),
        pk=page_id,
    )
    if not can_view_update(request.user, update):
        raise PermissionDenied
    if WRITES_STUDENTS not in update.writes:
        raise Http404("This update has no student evidence.")
    return update


def may_change(user, update, status):
    """The school's editors and scheme staff, while the update is the school's to write."""
    return is_outstanding(status) and (is_editor_of(user, update.school) or is_scheme_staff(user))


def closed_reason(update, status):
    if status == UpdateStatus.REVIEWED:
        return (
            "This update has been signed off, so its student evidence is closed. If something "
            "needs to change, ask scheme staff to reopen the update."
        )
    if not is_outstanding(status):
        return (
            f"This update has been sent to your {update.reviewer_title}, so its student "
            "evidence is closed while it is reviewed."
        )
    return ""


# ------ Adding students: one code a line ------


@dataclass
class RefusedLine:
    number: int
    text: str
    problem: str


def read_codes(text):
    """The codes in what was typed or pasted, and the lines refused with their reason."""
    codes, refused = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.strip()
        if not value:
            continue
        problem = student_code_problem(value)
        if problem:
            refused.append(RefusedLine(number, value, problem))
        else:
            codes.append(value)
    return codes, refused


def add_students(update, codes):
    """Add the codes not yet on the update (the same code in another case counts as the same
    student). Returns (added, already there)."""
    known = {code.casefold() for code in update.student_evidence.values_list("code", flat=True)}
    added, already = [], []
    for code in codes:
        if code.casefold() in known:
            already.append(code)
        else:
            known.add(code.casefold())
            added.append(code)
    StudentEvidence.objects.bulk_create(
        [StudentEvidence(update=update, code=code) for code in added], ignore_conflicts=True
    )
    return added, already


# ------ Ticks: the areas each student on the page completed ------


def save_ticks(update, data, elements):
    """Set the areas of the rows the form showed (and only those: a row added meanwhile by a
    colleague keeps its ticks). Returns whether anything changed."""
    shown = _ids(data.getlist("row"))
    rows = set(
        StudentEvidence.objects.filter(update=update, pk__in=shown).values_list("pk", flat=True)
    )
    if not rows:
        return False
    areas = {element.pk for element in elements}
    wanted = {
        (row, element)
        for row in rows
        for element in _ids(data.getlist(f"done-{row}"))
        if element in areas
    }
    links = AreaLink.objects.filter(studentevidence_id__in=rows)
    current = set(links.values_list("studentevidence_id", "element_id"))
    if current == wanted:
        return False
    with transaction.atomic():
        links.delete()
        AreaLink.objects.bulk_create(
            [AreaLink(studentevidence_id=row, element_id=element) for row, element in wanted]
        )
    return True


def grid_rows(page, elements):
    """Each student on the page with a cell per area, ticked or not, in one query."""
    students = list(page.object_list)
    done = set(
        AreaLink.objects.filter(studentevidence_id__in=[s.pk for s in students]).values_list(
            "studentevidence_id", "element_id"
        )
    )
    return [
        {
            "student": student,
            "cells": [
                {
                    "element": element,
                    "done": (student.pk, element.pk) in done,
                    "id": f"done-{student.pk}-{element.pk}",
                }
                for element in elements
            ],
        }
        for student in students
    ]


def _id(value):
    """A row's or an area's id as the form sent it, or None: digits, within the database's
    range (a number past it would make PostgreSQL refuse the query)."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _ids(values):
    return [number for number in map(_id, values) if number is not None]


def _back(update, page_number):
    url = reverse("practice_updates:students", args=[update.pk])
    number = _id(page_number)
    if number and number != 1:
        url += f"?page={number}"
    return redirect(url)


def _plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _listing(codes, shown=12):
    """The codes in a message: all of a class, the first dozen of a year group."""
    if len(codes) <= shown:
        return ", ".join(codes)
    return f"{', '.join(codes[:shown])} and {len(codes) - shown} more"


# ------ The page ------


def student_evidence(request, page_id):
    update = _update_for(request, page_id)
    status = update_status(update)
    can_change = may_change(request.user, update, status)
    elements = list(Element.objects.filter(framework_id=update.framework_id).order_by("number"))
    codes_text, refused = "", []
    page_number = request.GET.get("page")
    if request.method == "POST":
        if not (is_editor_of(request.user, update.school) or is_scheme_staff(request.user)):
            raise PermissionDenied
        page_number = request.POST.get("page")
        if not can_change:
            messages.error(request, closed_reason(update, status) + " Nothing was changed.")
            return _back(update, page_number)
        response, codes_text, refused = _act(request, update, elements)
        if response is not None:
            return response
    students = update.student_evidence.only("pk", "code", "update_id")
    paginator = Paginator(students, PAGE_SIZE)
    page = paginator.get_page(page_number)
    process = update.process
    stage = next((s for s in process.stages.all() if s.school_writes == WRITES_STUDENTS), None)
    return render(
        request,
        "practice/updates/students.html",
        {
            "update": update,
            "school": update.school,
            "status": status,
            "can_change": can_change,
            "closed_reason": closed_reason(update, status),
            "elements": elements,
            "rows": grid_rows(page, elements),
            "page_obj": page,
            "shares": student_shares(update),
            "guidance": stage.guidance if stage else "",
            "codes_text": codes_text,
            "refused": refused,
            "code_help": CODE_HELP,
            "max_at_once": f"{MAX_AT_ONCE:,}",
        },
    )


def _act(request, update, elements):
    """Save the ticks, then do what the button asked. Returns (a redirect or None to show
    the page again, the text to keep in the box, the lines refused)."""
    post = request.POST
    page_number = post.get("page")
    saved = save_ticks(update, post, elements)
    saved_note = " The areas completed you ticked are saved." if saved else ""
    remove = post.get("remove", "")
    if remove:
        student = update.student_evidence.filter(pk=_id(remove)).first() if _id(remove) else None
        if student is None:
            messages.info(request, "That student was already removed." + saved_note)
        else:
            areas = ", ".join(area.title for area in student.areas.order_by("number")) or "no areas"
            student.delete()
            messages.success(
                request,
                f"{student.code} was removed (it had completed: {areas})." + saved_note,
            )
        return _back(update, page_number), "", []
    if post.get("action") == "add":
        return _add(request, update, saved_note)
    go = _id(post.get("go"))
    if go:
        if saved:
            messages.success(request, saved_note.strip())
        return _back(update, go), "", []
    messages.success(
        request, saved_note.strip() if saved else "Nothing had changed: the ticks are as saved."
    )
    return _back(update, page_number), "", []


def _add(request, update, saved_note):
    text = request.POST.get("codes", "")
    if sum(1 for line in text.splitlines() if line.strip()) > MAX_AT_ONCE:
        messages.error(
            request,
            f"That is more than {MAX_AT_ONCE:,} lines: add up to {MAX_AT_ONCE:,} students at "
            "a time. Nothing was added." + saved_note,
        )
        return None, text, []
    codes, refused = read_codes(text)
    if update.student_evidence.count() + len(codes) > MAX_STUDENTS:
        messages.error(
            request,
            f"An update holds up to {MAX_STUDENTS:,} students: ask scheme staff if your "
            "school has more. Nothing was added." + saved_note,
        )
        return None, text, []
    if not codes and not refused:
        messages.error(request, "Type or paste the students' codes, one on each line.")
        return None, "", []
    added, already = add_students(update, codes)
    notes = []
    if added:
        notes.append(f"{_plural(len(added), 'student')} added: {_listing(added)}.")
    if already:
        notes.append(f"Already on the list: {_listing(already)}.")
    if notes:
        (messages.success if added else messages.info)(request, " ".join(notes) + saved_note)
    elif saved_note:
        messages.success(request, saved_note.strip())
    if refused:
        # Shown again with each line's reason, in the box, ready to correct.
        return None, "\n".join(line.text for line in refused), refused
    return _back(update, 1), "", []

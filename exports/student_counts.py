"""What an export says of a cycle's student evidence (WCSQM): how many students, and how many
completed each area and every area. Never the codes: the export goes where the school sends
it, and a code is the school's key to a child. Read in three queries for all the updates."""

from collections import defaultdict

from django.db.models import Count

from network.models import Element
from practice.models import StudentEvidence


def student_counts(updates):
    """{update id: counts} for the updates that have students recorded."""
    by_id = {update.pk: update for update in updates}
    students = dict(
        StudentEvidence.objects.filter(update_id__in=by_id)
        .order_by()
        .values("update_id")
        .annotate(count=Count("pk"))
        .values_list("update_id", "count")
    )
    if not students:
        return {}
    framework_of = {pk: by_id[pk].framework_id for pk in students}
    elements = defaultdict(list)
    for element in Element.objects.filter(framework_id__in=set(framework_of.values())).order_by(
        "number"
    ):
        elements[element.framework_id].append(element)
    done = defaultdict(set)  # (update id, student id) -> element ids
    for update_id, student_id, element_id in StudentEvidence.areas.through.objects.filter(
        studentevidence__update_id__in=students
    ).values_list("studentevidence__update_id", "studentevidence_id", "element_id"):
        done[(update_id, student_id)].add(element_id)
    per_update = defaultdict(list)
    for (update_id, _student), areas in done.items():
        per_update[update_id].append(areas)
    counts = {}
    for update_id, total in students.items():
        areas = elements[framework_of[update_id]]
        wanted = {element.pk for element in areas}
        completed = [ticked & wanted for ticked in per_update[update_id]]
        counts[update_id] = {
            "students": total,
            "completed_every_area": sum(1 for c in completed if wanted and c == wanted),
            "areas": [
                {
                    "number": element.number,
                    "title": element.title,
                    "completed": sum(1 for c in completed if element.pk in c),
                }
                for element in areas
            ],
        }
    return counts

"""The staff view of a year: every school due an update, where it stands, who is late.

The rows are built in a fixed number of queries however many schools there are: awards,
updates, schools (with clusters and assessors prefetched) and workflow states, each once.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from network.models import Process, SchoolPage
from practice.models import AnnualUpdatePage, UpdateStatus

from .status import is_outstanding, status_of, submitted_on, workflow_states_for
from .year import cycles_due


@dataclass
class DashboardRow:
    school: SchoolPage
    update: AnnualUpdatePage | None
    status: str
    deadline: datetime.date | None
    submitted: datetime.date | None
    days_late: int
    assessors: list
    clusters: list
    process: Process | None = None
    person_name: str = ""

    @property
    def status_label(self):
        return UpdateStatus(self.status).label

    @property
    def assessor_names(self):
        return ", ".join(user.get_full_name() or user.get_username() for user in self.assessors)

    @property
    def cluster_names(self):
        return ", ".join(cluster.title for cluster in self.clusters)

    @property
    def cycle_label(self):
        if self.process is None:
            return ""
        label = f"{self.process.scheme.short_name}: {self.process.name}"
        return f"{label} ({self.person_name})" if self.person_name else label


def academic_years():
    return list(
        AnnualUpdatePage.objects.order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )


def dashboard_rows(academic_year, today=None, schemes=None):
    """One row per school and cycle due in the year (it has its draft, or its award asks for
    one and the year is open). `schemes`: the ids of the schemes shown (None: every one)."""
    today = today or timezone.localdate()
    found = AnnualUpdatePage.objects.filter(academic_year=academic_year)
    if schemes is not None:
        found = found.filter(process__scheme_id__in=schemes)
    updates = {
        (update.school_id, update.process_id, update.person_name): update
        for update in found.only(
            "pk",
            "school_id",
            "process_id",
            "person_name",
            "deadline",
            "live",
            "latest_revision_id",
            "academic_year",
            "title",
            "reopened_at",  # read by the status
        )
    }
    processes = {
        process.pk: process
        for process in Process.objects.select_related("scheme").filter(
            **({} if schemes is None else {"scheme_id__in": schemes})
        )
    }
    keys = set(updates)
    if updates:
        opened = {key[1] for key in updates}
        keys |= {key for key in cycles_due(today, processes.values()) if key[1] in opened}
    keys = {key for key in keys if key[1] in processes or key[1] is None}
    schools = {
        school.pk: school
        for school in SchoolPage.objects.filter(pk__in={key[0] for key in keys}).prefetch_related(
            "clusters", "assessor_assignments__assessor"
        )
    }
    states = workflow_states_for(list(updates.values()))
    deadlines = {}
    for (_school, process_id, _person), update in updates.items():
        deadlines[process_id] = max(update.deadline, deadlines.get(process_id, update.deadline))
    rows = []
    for key in keys:
        school = schools.get(key[0])
        if school is None:
            continue
        process = processes.get(key[1])
        update = updates.get(key)
        state = states.get(update.pk) if update else None
        status = status_of(update, state)
        deadline = update.deadline if update else deadlines.get(key[1])
        submitted = submitted_on(state) if not is_outstanding(status) else None
        finished = submitted or today
        days_late = max(0, (finished - deadline).days) if deadline else 0
        scheme_id = process.scheme_id if process else None
        rows.append(
            DashboardRow(
                school=school,
                update=update,
                status=status,
                deadline=deadline,
                submitted=submitted,
                days_late=days_late,
                assessors=[
                    a.assessor
                    for a in school.assessor_assignments.all()
                    if a.scheme_id is None or a.scheme_id == scheme_id
                ],
                clusters=sorted(school.clusters.all(), key=lambda c: c.title),
                process=process,
                person_name=key[2],
            )
        )
    rows.sort(key=lambda row: (row.school.title, row.cycle_label))
    return rows


def filter_rows(rows, region="", cluster="", assessor="", status="", cycle=""):
    def keep(row):
        if cycle and (row.process is None or str(row.process.pk) != cycle):
            return False
        if region and row.school.region != region:
            return False
        if cluster and cluster not in {str(c.pk) for c in row.clusters}:
            return False
        if assessor and assessor not in {str(user.pk) for user in row.assessors}:
            return False
        return not (status and row.status != status)

    return [row for row in rows if keep(row)]


def status_counts(rows):
    counts = Counter(row.status for row in rows)
    return [(choice, counts.get(choice.value, 0)) for choice in UpdateStatus]


EXPORT_COLUMNS = [
    "School",
    "URN",
    "Region",
    "Clusters",
    "Assessor",
    "Status",
    "Deadline",
    "Submitted",
    "Days late",
    "Scheme",
    "Cycle",
]


def export_values(row):
    return [
        row.school.title,
        row.school.urn,
        row.school.get_region_display() if row.school.region else "",
        row.cluster_names,
        row.assessor_names,
        row.status_label,
        row.deadline,
        row.submitted,
        row.days_late,
        row.process.scheme.short_name if row.process else "",
        row.process.name if row.process else "",
    ]

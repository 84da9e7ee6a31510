"""The staff view of a year: every school due an update, where it stands, who is late.

The rows are built in a fixed number of queries however many schools there are: awards,
updates, schools (with clusters and assessors prefetched) and workflow states, each once.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from network.models import SchoolPage
from practice.models import AnnualUpdatePage, UpdateStatus

from .status import is_outstanding, status_of, submitted_on, workflow_states_for
from .year import awards_due


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

    @property
    def status_label(self):
        return UpdateStatus(self.status).label

    @property
    def assessor_names(self):
        return ", ".join(user.get_full_name() or user.get_username() for user in self.assessors)

    @property
    def cluster_names(self):
        return ", ".join(cluster.title for cluster in self.clusters)


def academic_years():
    return list(
        AnnualUpdatePage.objects.order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )


def dashboard_rows(academic_year, today=None):
    """One row per school due an update in the year (it has one, or its award asks for one
    and the year is open)."""
    today = today or timezone.localdate()
    updates = {
        update.school_id: update
        for update in AnnualUpdatePage.objects.filter(academic_year=academic_year).only(
            "pk",
            "school_id",
            "deadline",
            "live",
            "latest_revision_id",
            "academic_year",
            "title",
            "reopened_at",  # read by the status
        )
    }
    school_ids = set(updates)
    if updates:
        school_ids |= set(awards_due(today).keys())
    schools = (
        SchoolPage.objects.filter(pk__in=school_ids)
        .order_by("title")
        .prefetch_related("clusters", "assessor_assignments__assessor")
    )
    states = workflow_states_for(list(updates.values()))
    deadlines = [update.deadline for update in updates.values()]
    year_deadline = max(deadlines) if deadlines else None
    rows = []
    for school in schools:
        update = updates.get(school.pk)
        state = states.get(update.pk) if update else None
        status = status_of(update, state)
        deadline = update.deadline if update else year_deadline
        submitted = submitted_on(state) if not is_outstanding(status) else None
        finished = submitted or today
        days_late = max(0, (finished - deadline).days) if deadline else 0
        rows.append(
            DashboardRow(
                school=school,
                update=update,
                status=status,
                deadline=deadline,
                submitted=submitted,
                days_late=days_late,
                assessors=[a.assessor for a in school.assessor_assignments.all()],
                clusters=sorted(school.clusters.all(), key=lambda c: c.title),
            )
        )
    return rows


def filter_rows(rows, region="", cluster="", assessor="", status=""):
    def keep(row):
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
    ]

"""A school's timeline: what it published and took part in, newest first.

Each source returns the newest entries for one school in a single query; case studies and
research add their own source to `TIMELINE_SOURCES` once those pages exist (the site may
import them).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from wagtail.models import Page

from network.models import ClusterActivityPage


@dataclass(frozen=True)
class TimelineEntry:
    date: date
    kind: str
    title: str
    url: str
    detail: str = ""


def cluster_activities_attended(school, request, limit):
    activities = list(
        ClusterActivityPage.objects.live()
        .public()
        .filter(attendance__school=school)
        .distinct()
        .order_by("-date", "-pk")[:limit]
    )
    parent_paths = {activity.path[: -Page.steplen] for activity in activities}
    clusters = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    return [
        TimelineEntry(
            date=activity.date,
            kind=activity.get_kind_display(),
            title=activity.title,
            url=activity.get_url(request),
            detail=clusters.get(activity.path[: -Page.steplen], ""),
        )
        for activity in activities
    ]


# Each source: (school, request, limit) -> at most `limit` entries, newest first, in one query.
TIMELINE_SOURCES = [cluster_activities_attended]
TIMELINE_LENGTH = 30


def _as_date(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def school_timeline(school, request, limit=TIMELINE_LENGTH):
    entries = []
    for source in TIMELINE_SOURCES:
        entries.extend(source(school, request, limit))
    entries.sort(key=lambda entry: (_as_date(entry.date), entry.title), reverse=True)
    return entries[:limit]

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


def practice_published(school, request, limit):
    """The school's own live, public case studies and research, and research it joined."""
    from django.db.models import Q

    from practice.models import CaseStudyPage
    from research.models import ResearchProjectPage

    entries = []
    for model, kind, condition in (
        (CaseStudyPage, "Case study", Q(school=school)),
        (
            ResearchProjectPage,
            "Research",
            Q(school=school) | Q(collaborating_schools=school),
        ),
    ):
        pages = (
            model.objects.live()
            .public()
            .filter(condition)
            .distinct()
            .order_by("-first_published_at", "-pk")[:limit]
        )
        for page in pages:
            published = page.published_date
            if published is None:
                continue
            entries.append(
                TimelineEntry(
                    date=published,
                    kind=kind,
                    title=page.title,
                    url=page.get_url(request),
                    detail=page.summary[:200] if getattr(page, "summary", "") else "",
                )
            )
    return entries


# Each source: (school, request, limit) -> at most `limit` entries, newest first, in one query.
TIMELINE_SOURCES = [cluster_activities_attended, practice_published]
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

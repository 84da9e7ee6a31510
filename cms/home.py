"""What the home page shows: the network's figures and the ways into the site.

The figures are one dict built here so that new kinds of content add a line, not a template:
each source returns `{key: Figure}`; the template shows them in order.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from network.models import AwardKind, ClusterIndexPage, SchoolIndexPage, SchoolPage

from .navigation import search_url


@dataclass(frozen=True)
class Figure:
    label: str
    value: int


def school_figures():
    """Schools, and those holding a Centre of Excellence or Flagship award today: one query."""
    today = timezone.localdate()
    in_force = Q(
        awards__awarded_on__lte=today, awards__valid_until__gte=today, awards__holder_name=""
    )
    counts = (
        SchoolPage.objects.live()
        .public()
        .aggregate(
            schools=Count("pk", distinct=True),
            centres=Count(
                "pk",
                distinct=True,
                filter=in_force & Q(awards__level__kind=AwardKind.CENTRE_OF_EXCELLENCE),
            ),
            flagships=Count(
                "pk", distinct=True, filter=in_force & Q(awards__level__kind=AwardKind.FLAGSHIP)
            ),
        )
    )
    return {
        "schools": Figure("Schools", counts["schools"]),
        "centres": Figure("Centres of Excellence", counts["centres"]),
        "flagships": Figure("Flagship schools", counts["flagships"]),
    }


def practice_figures():
    """Published, public case studies and research: what the network shares."""
    from practice.models import CaseStudyPage
    from research.models import ResearchProjectPage

    return {
        "case_studies": Figure("Case studies", CaseStudyPage.objects.live().public().count()),
        "research": Figure(
            "Research projects", ResearchProjectPage.objects.live().public().count()
        ),
    }


FIGURE_SOURCES = [school_figures, practice_figures]


def network_figures():
    figures = {}
    for source in FIGURE_SOURCES:
        figures.update(source())
    return figures


# Each returns extra context for the home page, e.g. {"featured_practice": [...],
# "newest_practice": [...]}: the sections render only when their key is present and non-empty.
def practice_sections(request):
    """Featured practice (chosen by staff on the practice index) and the newest practice."""
    from practice.models import PracticeIndexPage
    from practice.models.curation import newest_practice

    index = PracticeIndexPage.objects.live().public().first()
    featured = [row["page"] for row in index.curated()[0]] if index is not None else []
    return {
        "practice_index": index,
        "featured_practice": featured[:3],
        "newest_practice": newest_practice(6),
    }


CONTEXT_SOURCES = [practice_sections]


def home_context(request):
    context = {
        "figures": network_figures(),
        "school_index": SchoolIndexPage.objects.live().public().first(),
        "cluster_index": ClusterIndexPage.objects.live().public().first(),
        "search_url": search_url(),
    }
    for source in CONTEXT_SOURCES:
        context.update(source(request))
    return context

"""RSS and Atom feeds of newly published practice: all of it, one element's, one school's.

Only live, public case studies and research appear: each page type's `listing_queryset()`
already says so, the same rule as every other public listing.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.feedgenerator import Atom1Feed

from network.models import Element, SchoolPage
from practice.models import CaseStudyPage
from research.models import ResearchProjectPage

FEED_LENGTH = 30


def newest_practice(filters=None):
    pages = [
        page
        for model in (CaseStudyPage, ResearchProjectPage)
        for page in model.listing_queryset().filter(**(filters or {}))[:FEED_LENGTH]
    ]
    pages.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return pages[:FEED_LENGTH]


class PracticeFeed(Feed):
    """All newly published practice, newest first."""

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def title(self, obj):
        return "New practice from the Centres of Excellence network"

    def link(self, obj):
        return "/"

    def description(self, obj):
        return "Case studies and classroom research newly published by schools in the network."

    def items(self, obj):
        return newest_practice()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.full_url or item.get_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return item.school.title if item.school_id else None

    def item_categories(self, item):
        elements = [f"Element {e.number}: {e.title}" for e in item.elements.all()]
        return [*elements, *(tag.name for tag in item.tags.all())]


class ElementPracticeFeed(PracticeFeed):
    """Newly published practice addressing one framework element."""

    def get_object(self, request, element_id):
        self.request = request
        return get_object_or_404(Element.objects.select_related("framework__scheme"), pk=element_id)

    def title(self, element):
        scheme = element.framework.scheme.short_name
        return f"New practice on {scheme} element {element.number}: {element.title}"

    def items(self, element):
        return newest_practice({"elements": element})


class SchoolPracticeFeed(PracticeFeed):
    """Newly published practice from one school."""

    def get_object(self, request, urn):
        self.request = request
        return get_object_or_404(SchoolPage.objects.live().public(), urn=urn)

    def title(self, school):
        return f"New practice from {school.title}"

    def link(self, school):
        return school.get_url(self.request)

    def items(self, school):
        return newest_practice({"school": school})


def atom(feed_class):
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


urlpatterns = [
    path("practice/rss/", PracticeFeed(), name="practice_feed_rss"),
    path("practice/atom/", atom(PracticeFeed)(), name="practice_feed_atom"),
    path("practice/element/<int:element_id>/rss/", ElementPracticeFeed(), name="element_feed_rss"),
    path(
        "practice/element/<int:element_id>/atom/",
        atom(ElementPracticeFeed)(),
        name="element_feed_atom",
    ),
    path("practice/school/<str:urn>/rss/", SchoolPracticeFeed(), name="school_feed_rss"),
    path("practice/school/<str:urn>/atom/", atom(SchoolPracticeFeed)(), name="school_feed_atom"),
]

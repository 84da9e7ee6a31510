"""What scheme staff put in front of readers: featured practice and themed collections.

The practice index shows case studies and research side by side. Research lives in another
app that practice may not import, so the page types are named as strings and each type
supplies its own optimised `listing_queryset()`.
"""

from django.apps import apps
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

PRACTICE_PAGE_TYPES = ["practice.CaseStudyPage", "research.ResearchProjectPage"]
NEWEST_COUNT = 12


def practice_models():
    return [apps.get_model(label) for label in PRACTICE_PAGE_TYPES]


def public_practice_by_id(page_ids):
    """The live, public pages among `page_ids`, as cards need them: one batch per page type."""
    found = {}
    for model in practice_models():
        for page in model.listing_queryset().filter(pk__in=page_ids):
            found[page.pk] = page
    return found


def newest_practice(count=NEWEST_COUNT):
    """The newest live, public case studies and research, newest first."""
    pages = [page for model in practice_models() for page in model.listing_queryset()[:count]]
    pages.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return pages[:count]


class PracticeCollection(ClusterableModel):
    """An ordered set of case studies and research on one theme, chosen by scheme staff."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("introduction"),
        InlinePanel("items", label="Practice in this collection", min_num=1),
    ]

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class PracticeCollectionItem(Orderable):
    collection = ParentalKey(PracticeCollection, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", page_type=PRACTICE_PAGE_TYPES)]


class PracticeIndexPage(Page):
    """The front door to shared practice: featured work, collections, and the newest."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured", label="Featured practice", max_num=6),
        InlinePanel("shown_collections", label="Collections shown on this page"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "practice index"

    def curated(self):
        """Featured pages and shown collections, each holding only live, public practice."""
        featured_rows = list(self.featured.all())
        shown = list(
            self.shown_collections.select_related("collection").prefetch_related(
                models.Prefetch(
                    "collection__items",
                    queryset=PracticeCollectionItem.objects.order_by("sort_order"),
                )
            )
        )
        page_ids = {row.page_id for row in featured_rows}
        for row in shown:
            page_ids.update(item.page_id for item in row.collection.items.all())
        pages = public_practice_by_id(page_ids)
        featured = [
            {"page": pages[row.page_id], "blurb": row.blurb}
            for row in featured_rows
            if row.page_id in pages
        ]
        collections = []
        for row in shown:
            items = [pages[i.page_id] for i in row.collection.items.all() if i.page_id in pages]
            if items:
                collections.append({"collection": row.collection, "items": items})
        return featured, collections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured, collections = self.curated()
        context["featured"] = featured
        context["collections"] = collections
        context["newest"] = newest_practice()
        return context


class FeaturedPractice(Orderable):
    index = ParentalKey(PracticeIndexPage, on_delete=models.CASCADE, related_name="featured")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    blurb = models.CharField(
        max_length=300, blank=True, help_text="Why it is featured; left blank, its summary shows."
    )

    panels = [PageChooserPanel("page", page_type=PRACTICE_PAGE_TYPES), FieldPanel("blurb")]


class PracticeIndexCollection(Orderable):
    index = ParentalKey(
        PracticeIndexPage, on_delete=models.CASCADE, related_name="shown_collections"
    )
    collection = models.ForeignKey(PracticeCollection, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("collection")]

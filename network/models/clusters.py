"""Clusters of schools that work together, and what they do together."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from network.calendar import calendar_response

from .schools import SchoolPage
from .visibility import VisibilityMixin

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol", "document-link"]


class ClusterKind(models.TextChoices):
    LOCAL = "local", "Local"
    TWINNED = "twinned", "Twinned over distance"


class ActivityKind(models.TextChoices):
    MEETING = "meeting", "Cluster meeting"
    CPD = "cpd", "CPD"
    VISIT = "visit", "School visit"
    SHARED_RESEARCH = "shared_research", "Shared research"


class ClusterIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["network.ClusterPage"]
    max_count = 1

    class Meta:
        verbose_name = "cluster directory"

    def clusters(self):
        return (
            ClusterPage.objects.child_of(self)
            .live()
            .public()
            .select_related("lead_school")
            .prefetch_related("member_schools")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["clusters"] = self.clusters()
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        activities = ClusterActivityPage.objects.descendant_of(self).live().public()
        return calendar_response(
            request, activities, name="Cluster activities", filename="clusters"
        )


class ClusterPage(RoutablePageMixin, Page):
    kind = models.CharField(max_length=20, choices=ClusterKind.choices, default=ClusterKind.LOCAL)
    summary = models.TextField(blank=True, help_text="What the cluster works on, in a sentence.")
    lead_school = models.ForeignKey(
        "network.SchoolPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_clusters",
    )
    member_schools = ParentalManyToManyField(
        "network.SchoolPage", blank=True, related_name="clusters"
    )
    action_plan = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    search_fields = Page.search_fields + [index.SearchField("summary")]
    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("lead_school"),
        FieldPanel("member_schools"),
        FieldPanel("action_plan"),
    ]
    parent_page_types = ["network.ClusterIndexPage"]
    subpage_types = ["network.ClusterActivityPage"]

    class Meta:
        verbose_name = "cluster"

    def clean(self):
        super().clean()
        # A page's own many-to-many is only checkable once the form set it on the instance.
        if self.lead_school_id and self.pk:
            members = {school.pk for school in self.member_schools.all()}
            if members and self.lead_school_id not in members:
                raise ValidationError({"lead_school": "The lead school must be a member."})

    def activities(self):
        return ClusterActivityPage.objects.child_of(self).live().public().order_by("-date", "title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = list(self.member_schools.all().order_by("title"))
        context["activities"] = list(self.activities())
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        return calendar_response(
            request, self.activities(), name=f"{self.title}: activities", filename=self.slug
        )


class ClusterActivityPage(VisibilityMixin, Page):
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    location = models.CharField(max_length=255, blank=True)
    purpose = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    outcomes = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    search_fields = Page.search_fields + [
        index.SearchField("purpose"),
        index.SearchField("outcomes"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("location")]),
            ],
            heading="When and where",
        ),
        InlinePanel("attendance", label="Schools attending"),
        FieldPanel("purpose"),
        FieldPanel("outcomes"),
        InlinePanel("documents", label="Documents"),
        *VisibilityMixin.visibility_panels,
    ]
    parent_page_types = ["network.ClusterPage"]
    subpage_types = []

    class Meta:
        verbose_name = "cluster activity"
        verbose_name_plural = "cluster activities"

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The activity must end after it starts."})

    @property
    def cluster(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def staff_attending(self):
        return sum(row.staff_count for row in self.attendance.all())

    def visibility_schools(self):
        """Cluster-only activity is for the schools of its own cluster."""
        return SchoolPage.objects.filter(clusters__in=ClusterPage.objects.parent_of(self))

    def search_record(self):
        """The practice search's record of this activity; its school is the cluster's lead."""
        cluster = self.cluster
        school = cluster.lead_school if cluster else None
        purpose = get_text_for_indexing(self.purpose or "")
        outcomes = get_text_for_indexing(self.outcomes or "")
        summary = purpose if len(purpose) <= 300 else purpose[:297].rsplit(" ", 1)[0] + "..."
        published = self.first_published_at.date() if self.first_published_at else self.date
        return {
            "kind": "cluster_activity",
            "title": self.title,
            "summary": summary,
            "body": "\n\n".join(text for text in (purpose, outcomes, self.location) if text),
            "school": school,
            "cluster": cluster,
            "elements": [],
            "tags": [],
            "evidence_stage": "",
            "outcome": "",
            "status": "",
            "phase": school.phase if school else "",
            "published": published,
        }


class ClusterActivityAttendance(Orderable):
    activity = ParentalKey(ClusterActivityPage, on_delete=models.CASCADE, related_name="attendance")
    school = models.ForeignKey(
        "network.SchoolPage", on_delete=models.CASCADE, related_name="activity_attendance"
    )
    staff_count = models.PositiveSmallIntegerField("number of staff", default=1)

    panels = [FieldPanel("school"), FieldPanel("staff_count")]

    class Meta(Orderable.Meta):
        verbose_name = "school attending"


class ClusterActivityDocument(Orderable):
    activity = ParentalKey(ClusterActivityPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

"""Classroom research: a school's enquiry, written up so others can cite and repeat it."""

import re

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from network.models import Element
from network.models.visibility import VisibilityMixin
from network.school_content import (
    SchoolContentDocument,
    SchoolContentForm,
    SchoolContentMixin,
    import_choice,
    import_text,
)
from research.citation import citation_text, ris_record

FEATURES = ["h3", "bold", "italic", "link", "ul", "ol", "document-link", "image"]


class ResearchStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


# The write-up in reading order: (field name, heading).
RESEARCH_SECTIONS = [
    ("context", "Context"),
    ("published_research", "What published research says"),
    ("participants", "Participants"),
    ("method", "Method"),
    ("ethics", "Ethics"),
    ("data", "Data"),
    ("findings", "Findings"),
    ("impact", "Impact"),
]


class ResearchProjectTag(TaggedItemBase):
    content_object = ParentalKey(
        "research.ResearchProjectPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ResearchProjectPage(SchoolContentMixin, VisibilityMixin, RoutablePageMixin, Page):
    summary = models.TextField(help_text="Two or three sentences: the question and the answer.")
    question = models.TextField(
        "research question", blank=True, help_text="The question in one sentence."
    )
    question_population = models.CharField(
        "who (population)", max_length=300, blank=True, help_text="e.g. Year 7 pupils with EAL"
    )
    question_intervention = models.CharField(
        "what intervention", max_length=300, blank=True, help_text="e.g. pre-teaching vocabulary"
    )
    question_comparison = models.CharField(
        "compared with what", max_length=300, blank=True, help_text="e.g. usual teaching"
    )
    question_outcome = models.CharField(
        "which outcome", max_length=300, blank=True, help_text="e.g. reading age after a term"
    )
    context = RichTextField(blank=True, features=FEATURES)
    published_research = RichTextField(
        "what published research says", blank=True, features=FEATURES
    )
    participants = RichTextField(blank=True, features=FEATURES)
    method = RichTextField(blank=True, features=FEATURES)
    ethics = RichTextField(blank=True, features=FEATURES)
    data = RichTextField("data", blank=True, features=FEATURES)
    findings = RichTextField(blank=True, features=FEATURES)
    impact = RichTextField(blank=True, features=FEATURES)
    status = models.CharField(
        max_length=20, choices=ResearchStatus.choices, default=ResearchStatus.PLANNED
    )
    authors = models.CharField(
        max_length=500,
        blank=True,
        help_text="For the citation: 'Surname, A.; Surname, B.'. Left blank, the school is named.",
    )
    collaborating_schools = ParentalManyToManyField(
        "network.SchoolPage", blank=True, related_name="research_collaborations"
    )
    elements = ParentalManyToManyField("network.Element", blank=True, related_name="research")
    tags = ClusterTaggableManager(through=ResearchProjectTag, blank=True)

    base_form_class = SchoolContentForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("question"),
        *(index.SearchField(name) for name, _ in RESEARCH_SECTIONS),
        index.FilterField("status"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("question"),
        APIField("question_population"),
        APIField("question_intervention"),
        APIField("question_comparison"),
        APIField("question_outcome"),
        *(APIField(name) for name, _ in RESEARCH_SECTIONS),
        APIField("status"),
        APIField("tags"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("question"),
                FieldRowPanel(
                    [FieldPanel("question_population"), FieldPanel("question_intervention")]
                ),
                FieldRowPanel([FieldPanel("question_comparison"), FieldPanel("question_outcome")]),
            ],
            heading="Research question (who, what, compared with what, which outcome)",
        ),
        *(FieldPanel(name, heading=heading) for name, heading in RESEARCH_SECTIONS),
        InlinePanel("attachments", label="Data and attachments"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("authors"),
                FieldPanel("collaborating_schools"),
                FieldPanel("elements"),
                FieldPanel("tags"),
            ],
            heading="About this research",
        ),
        *VisibilityMixin.visibility_panels,
    ]

    parent_page_types = ["network.SchoolPage"]
    subpage_types = []

    SECTIONS = RESEARCH_SECTIONS
    search_kind = "research"

    class Meta:
        verbose_name = "research project"

    # ------ Import ------

    IMPORTED_SECTIONS = ("context", "participants", "method", "findings", "impact")

    @classmethod
    def imported_values(cls, record):
        """Field values from an import line's "research" part; ValueError says what is wrong."""
        research = record.get("research")
        if not isinstance(research, dict):
            raise ValueError('a research line needs a "research" object')
        unknown = set(research) - {"question", "status", *cls.IMPORTED_SECTIONS}
        if unknown:
            raise ValueError(f'"research" has unknown keys: {", ".join(sorted(unknown))}')
        values = cls.imported_sections(research, cls.IMPORTED_SECTIONS, "research.")
        values["question"] = import_text(research, "question", "research.").strip()
        values["status"] = import_choice(
            research.get("status"),
            ResearchStatus.choices,
            "research.status",
            ResearchStatus.PLANNED,
        )
        return values

    # ------ The write-up ------

    def pico(self):
        rows = [
            ("Who", self.question_population),
            ("Intervention", self.question_intervention),
            ("Compared with", self.question_comparison),
            ("Outcome", self.question_outcome),
        ]
        return [(label, value) for label, value in rows if value]

    def author_names(self):
        names = [name.strip() for name in self.authors.split(";") if name.strip()]
        if names:
            return names
        return [self.school.title] if self.school_id else []

    def citation(self, request=None):
        return citation_text(self, self.full_url or "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["collaborators"] = list(
            self.collaborating_schools.live().public().order_by("title")
        )
        context["citation"] = self.citation(request)
        context["attachments"] = list(self.attachments.select_related("document"))
        return context

    @path("cite/ris/", name="ris")
    def ris(self, request):
        """The write-up as an RIS record that reference managers import."""
        response = HttpResponse(
            ris_record(self, self.full_url or request.build_absolute_uri(self.url)),
            content_type="application/x-research-info-systems; charset=utf-8",
        )
        filename = slugify(self.title)[:80] or "research"
        response["Content-Disposition"] = f'attachment; filename="{filename}.ris"'
        return response

    # ------ Search ------

    def search_body_texts(self):
        return [self.question, *(value for _, value in self.pico()), *self.section_texts()]

    def search_labels(self):
        return {"evidence_stage": "", "outcome": "", "status": str(self.status)}


class ResearchAttachment(SchoolContentDocument):
    page = ParentalKey(ResearchProjectPage, on_delete=models.CASCADE, related_name="attachments")


# ------ The listing of all research ------


class ResearchIndexPage(Page):
    """All the network's research, filtered by status, element and year."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    per_page = 20

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "research index"

    def filtered(self, params):
        """The research the filters ask for, and the cleaned filter values to show back."""
        projects = ResearchProjectPage.listing_queryset()
        chosen = {"status": "", "element": "", "year": ""}
        status = params.get("status", "")
        if status in ResearchStatus.values:
            projects = projects.filter(status=status)
            chosen["status"] = status
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses, and a
        # number of any length would overflow the database's integer.
        element = params.get("element", "")
        if re.fullmatch(r"[0-9]{1,9}", element):
            projects = projects.filter(elements__pk=int(element))
            chosen["element"] = element
        year = params.get("year", "")
        if re.fullmatch(r"[0-9]{4}", year):
            projects = projects.filter(first_published_at__year=int(year))
            chosen["year"] = year
        return projects.distinct(), chosen

    def filter_options(self):
        live = ResearchProjectPage.objects.live().public()
        years = sorted(
            {moment.year for moment in live.datetimes("first_published_at", "year")}, reverse=True
        )
        elements = (
            Element.objects.filter(research__in=live)
            .distinct()
            .select_related("framework__scheme")
            .order_by("framework__scheme__short_name", "number")
        )
        return {"statuses": ResearchStatus.choices, "years": years, "elements": list(elements)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects, chosen = self.filtered(request.GET)
        paginator = Paginator(projects, self.per_page)
        page_number = request.GET.get("page", "1")
        page_obj = paginator.get_page(page_number)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "projects": page_obj,
                "paginator": paginator,
                "chosen": chosen,
                "options": self.filter_options(),
                "filter_query": query.urlencode(),
            }
        )
        return context

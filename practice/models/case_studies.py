"""Case studies: what a school did, why, what changed, and what others can take from it."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from network.models import Phase
from network.models.visibility import VisibilityMixin
from network.school_content import (
    SchoolContentDocument,
    SchoolContentForm,
    SchoolContentImage,
    SchoolContentMixin,
    import_choice,
)

SECTION_FEATURES = ["h3", "bold", "italic", "link", "ul", "ol", "document-link", "image"]


class EvidenceStage(models.TextChoices):
    UNTESTED = "untested", "Untested"
    LOCALLY_EVALUATED = "locally_evaluated", "Locally evaluated"
    INDEPENDENTLY_EVALUATED = "independently_evaluated", "Independently evaluated"


class Outcome(models.TextChoices):
    WORKED = "worked", "Worked"
    PROMISING = "promising", "Promising"
    DID_NOT_WORK = "did_not_work", "Did not work"


# The sections a reader scans, in reading order: (field name, heading).
CASE_STUDY_SECTIONS = [
    ("context", "Context"),
    ("aims", "Aims"),
    ("actions", "What we did"),
    ("impact", "Impact and evidence"),
    ("what_did_not_work", "What did not work"),
    ("next_steps", "Next steps"),
    ("key_messages", "Key messages for other schools"),
]


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey(
        "practice.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CaseStudyPage(SchoolContentMixin, VisibilityMixin, Page):
    summary = models.TextField(help_text="Two or three sentences: what you did and what changed.")
    context = RichTextField("context", blank=True, features=SECTION_FEATURES)
    aims = RichTextField(blank=True, features=SECTION_FEATURES)
    actions = RichTextField("what we did", blank=True, features=SECTION_FEATURES)
    impact = RichTextField("impact and evidence", blank=True, features=SECTION_FEATURES)
    what_did_not_work = RichTextField(blank=True, features=SECTION_FEATURES)
    next_steps = RichTextField(blank=True, features=SECTION_FEATURES)
    key_messages = RichTextField(
        "key messages for other schools", blank=True, features=SECTION_FEATURES
    )
    body = RichTextField(
        "more detail",
        blank=True,
        features=["h2", *SECTION_FEATURES],
        help_text="Anything that does not fit the sections above.",
    )

    elements = ParentalManyToManyField("network.Element", blank=True, related_name="case_studies")
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True)
    phase = models.CharField(
        max_length=30,
        choices=Phase.choices,
        blank=True,
        help_text="Left blank, the school's phase is used.",
    )
    evidence_stage = models.CharField(
        max_length=30, choices=EvidenceStage.choices, default=EvidenceStage.UNTESTED
    )
    outcome = models.CharField(
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text="Leave blank while the work is in progress.",
    )
    work_in_progress = models.BooleanField(
        default=False, help_text="Tick if the impact is not known yet."
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_role = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)

    base_form_class = SchoolContentForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        *(index.SearchField(name) for name, _ in CASE_STUDY_SECTIONS),
        index.SearchField("body"),
        index.FilterField("evidence_stage"),
        index.FilterField("outcome"),
    ]

    api_fields = [
        APIField("summary"),
        *(APIField(name) for name, _ in CASE_STUDY_SECTIONS),
        APIField("body"),
        APIField("tags"),
        APIField("evidence_stage"),
        APIField("outcome"),
        APIField("work_in_progress"),
        APIField("effective_phase"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel(name, heading=heading) for name, heading in CASE_STUDY_SECTIONS],
            heading="Sections",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("elements"),
                FieldPanel("tags"),
                FieldRowPanel([FieldPanel("phase"), FieldPanel("evidence_stage")]),
                FieldRowPanel([FieldPanel("outcome"), FieldPanel("work_in_progress")]),
            ],
            heading="About this practice",
        ),
        InlinePanel("images", label="Images"),
        InlinePanel("documents", label="Documents"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_role"), FieldPanel("contact_email")]),
            ],
            heading="Who to contact",
        ),
        *VisibilityMixin.visibility_panels,
    ]

    parent_page_types = ["network.SchoolPage"]
    subpage_types = []

    SECTIONS = CASE_STUDY_SECTIONS
    search_kind = "case_study"

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    @classmethod
    def imported_values(cls, record):
        """Field values from an import line's case-study part; ValueError says what is wrong."""
        sections = record.get("sections") or {}
        if not isinstance(sections, dict):
            raise ValueError('"sections" must be an object')
        unknown = set(sections) - {name for name, _ in CASE_STUDY_SECTIONS}
        if unknown:
            raise ValueError(f'"sections" has unknown keys: {", ".join(sorted(unknown))}')
        values = cls.imported_sections(
            sections, [name for name, _ in CASE_STUDY_SECTIONS], "sections."
        )
        values["evidence_stage"] = import_choice(
            record.get("evidence_stage"),
            EvidenceStage.choices,
            "evidence_stage",
            EvidenceStage.UNTESTED,
        )
        values["outcome"] = import_choice(record.get("outcome"), Outcome.choices, "outcome")
        work_in_progress = record.get("work_in_progress", not values["outcome"])
        if not isinstance(work_in_progress, bool):
            raise ValueError('"work_in_progress" must be true or false')
        values["work_in_progress"] = work_in_progress
        return values

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query each, however many there are (the template reads these, not the page).
        context["images"] = list(
            self.images.select_related("image").prefetch_related("image__renditions")
        )
        context["documents"] = list(self.documents.select_related("document"))
        return context

    def search_body_texts(self):
        return [*self.section_texts(), get_text_for_indexing(self.body or "")]

    def search_labels(self):
        return {
            "evidence_stage": str(self.evidence_stage or ""),
            "outcome": str(self.outcome or ""),
            "status": "",
        }


class CaseStudyImage(SchoolContentImage):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="images")


class CaseStudyDocument(SchoolContentDocument):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="documents")

"""The annual written update of a Centre of Excellence or Flagship school, and its review.

An update is a page under its school: that gives it revisions, locking, field comments, a
workflow ("Annual review") and page privacy for free. It is written against one framework
version, so when a scheme moves from ten elements to eight earlier years stay intact.
"""

import re

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from network.models import AwardKind

from .student_evidence_panel import StudentEvidencePanel
from .update_feedback import FeedbackSection, feedback_by_section
from .update_form import AnnualUpdateForm
from .update_panels import (
    AwardKindFieldPanel,
    AwardKindInlinePanel,
    CycleFieldPanel,
    CycleInlinePanel,
    FeedbackPanel,
    MissingSectionsPanel,
    ReadsOnlyPanel,
)

NARRATIVE_FEATURES = ["h3", "bold", "italic", "link", "ul", "ol", "document-link"]
YEAR_PATTERN = re.compile(r"^(\d{4})/(\d{2})$")


def validate_academic_year(value):
    """An academic year reads "2026/27": the second part is the year after the first."""
    match = YEAR_PATTERN.match(value or "")
    if not match:
        raise ValidationError("Write the academic year as 2026/27.")
    first, second = int(match.group(1)), int(match.group(2))
    if (first + 1) % 100 != second:
        raise ValidationError(
            f"{value} is not an academic year: after {first} comes {(first + 1) % 100:02d}."
        )


def previous_academic_year(value):
    first = int(value[:4]) - 1
    return f"{first}/{(first + 1) % 100:02d}"


def next_academic_year(value):
    first = int(value[:4]) + 1
    return f"{first}/{(first + 1) % 100:02d}"


class UpdateStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REVIEWED = "reviewed", "Reviewed"


# ------ The rating scale a scheme can rename ------


class RatingScale(models.Model):
    """The words a scheme uses for the four points of its self-rating scale."""

    scheme = models.OneToOneField(
        "network.Scheme", on_delete=models.CASCADE, related_name="rating_scale"
    )
    level_1 = models.CharField("label for 1", max_length=60, default="Emerging")
    level_2 = models.CharField("label for 2", max_length=60, default="Developing")
    level_3 = models.CharField("label for 3", max_length=60, default="Established")
    level_4 = models.CharField("label for 4", max_length=60, default="Embedded")

    panels = [
        FieldPanel("scheme"),
        FieldRowPanel([FieldPanel("level_1"), FieldPanel("level_2")]),
        FieldRowPanel([FieldPanel("level_3"), FieldPanel("level_4")]),
    ]

    class Meta:
        verbose_name = "self-rating scale"

    def __str__(self):
        return f"{self.scheme}: {' / '.join(self.labels)}"

    @property
    def labels(self):
        return [self.level_1, self.level_2, self.level_3, self.level_4]

    def choices(self):
        return [(number, f"{number}: {label}") for number, label in enumerate(self.labels, 1)]

    @classmethod
    def for_scheme(cls, scheme):
        """The scale staff set, first made from the scheme's own words where it has them."""
        words = list(scheme.rating_labels or [])[:4]
        defaults = {f"level_{number}": word for number, word in enumerate(words, 1)}
        scale, _ = cls.objects.get_or_create(scheme=scheme, defaults=defaults)
        return scale


# ------ Element mapping across framework versions ------


class ElementMapping(models.Model):
    """Pairs an element of an earlier framework with its successor, for year on year views."""

    from_element = models.ForeignKey(
        "network.Element", on_delete=models.CASCADE, related_name="mapped_to"
    )
    to_element = models.ForeignKey(
        "network.Element", on_delete=models.CASCADE, related_name="mapped_from"
    )

    panels = [FieldPanel("from_element"), FieldPanel("to_element")]

    class Meta:
        verbose_name = "element mapping"
        constraints = [
            models.UniqueConstraint(
                fields=["from_element", "to_element"], name="unique_element_mapping"
            )
        ]

    def __str__(self):
        return f"{self.from_element} → {self.to_element}"

    def clean(self):
        super().clean()
        if (
            self.from_element_id
            and self.to_element_id
            and self.from_element.framework_id == self.to_element.framework_id
        ):
            raise ValidationError("Map an element to an element of another framework version.")


# ------ The update ------


class EvidenceLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label="Address")
    title = blocks.CharBlock(required=False, label="What it shows")

    class Meta:
        icon = "link"
        label = "Link"


class EvidenceDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, label="What it shows")

    class Meta:
        icon = "doc-full"
        label = "Document"


def evidence_field():
    return StreamField(
        [("link", EvidenceLinkBlock()), ("document", EvidenceDocumentBlock())],
        blank=True,
        use_json_field=True,
    )


class AnnualUpdatePage(Page):
    """One school's update for one academic year; private to the school, its assessor and
    scheme staff (a group view restriction set when the page is created)."""

    school = models.ForeignKey(
        "network.SchoolPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="annual_updates",
    )
    academic_year = models.CharField(
        max_length=7, validators=[validate_academic_year], help_text="For example 2026/27."
    )
    framework = models.ForeignKey(
        "network.FrameworkVersion",
        on_delete=models.PROTECT,
        related_name="annual_updates",
        verbose_name="framework version",
    )
    process = models.ForeignKey(
        "network.Process",
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="cycles",
        help_text="The scheme's cycle this is a round of: IQM's annual update, VbE's audit, ...",
    )
    person_name = models.CharField(
        "member of staff",
        max_length=120,
        blank=True,
        editable=False,
        help_text="For a mark held by a person (the Staff Quality Mark): whose work this is.",
    )
    award_kind = models.CharField(
        max_length=30,
        choices=[
            (AwardKind.CENTRE_OF_EXCELLENCE.value, "Centre of Excellence: key targets"),
            (AwardKind.FLAGSHIP.value, "Flagship: research project steps"),
        ],
        default=AwardKind.CENTRE_OF_EXCELLENCE,
        help_text="A Centre of Excellence reports on targets; a Flagship on research steps.",
    )
    deadline = models.DateField()
    summary = RichTextField(blank=True, features=NARRATIVE_FEATURES)
    sharing_next_year = RichTextField(
        "what we will share with other schools next year",
        blank=True,
        features=NARRATIVE_FEATURES,
    )
    reopened_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When scheme staff last reopened the update after it was signed off.",
    )

    # Never indexed: private pages stay out of every search.
    search_fields = []

    base_form_class = AnnualUpdateForm
    content_panels = (
        [
            ReadsOnlyPanel(heading="You are reading as the school's assessor"),
            MissingSectionsPanel(heading="Before you can submit"),
        ]
        + Page.content_panels
        + [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("academic_year"), FieldPanel("deadline")]),
                    FieldRowPanel([FieldPanel("framework"), AwardKindFieldPanel("award_kind")]),
                ],
                heading="About this update",
            ),
            CycleInlinePanel(
                "element_progress",
                heading="Progress against the elements",
                label="Element",
                writes="elements",
            ),
            StudentEvidencePanel(heading="Student evidence"),
            AwardKindInlinePanel(
                "targets",
                heading="Key targets (Centre of Excellence)",
                label="Target",
                help_text="Report progress on each of this year's key targets.",
                applies_to=AwardKind.CENTRE_OF_EXCELLENCE,
                not_applicable_text="A Flagship school reports on its research steps instead.",
            ),
            AwardKindInlinePanel(
                "research_steps",
                heading="Research project steps (Flagship)",
                label="Step",
                help_text="Report on each step of your research project outline.",
                applies_to=AwardKind.FLAGSHIP,
                not_applicable_text="A Centre of Excellence reports on its key targets instead.",
            ),
            CycleFieldPanel("summary", label_from="summary_label"),
            FeedbackPanel("summary"),
            CycleFieldPanel("sharing_next_year", label_from="sharing_label"),
            FeedbackPanel("sharing"),
        ]
    )
    # The web address of a private update is made when staff open the year; nobody edits it.
    promote_panels = []

    parent_page_types = ["network.SchoolPage"]
    subpage_types = []
    show_in_menus_default = False

    template = "practice/annual_update_page.html"

    class Meta:
        verbose_name = "annual update"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "process", "person_name"],
                name="unique_update_per_school_year_process",
            )
        ]

    def save(self, *args, **kwargs):
        if self.school_id is None and self.depth:
            parent = self.get_parent()
            if parent is not None:
                self.school_id = parent.pk
        if self.process_id is None and self.framework_id:
            self.process = default_process(self.framework)
        super().save(*args, **kwargs)

    def get_admin_display_title(self):
        """Lists of updates name the school: "Riverside Primary: Annual update 2026/27"."""
        title = super().get_admin_display_title()
        school = self.school if self.school_id else None
        if school is not None and school.title not in title:
            return f"{school.title}: {title}"
        return title

    @property
    def is_flagship(self):
        return self.award_kind == AwardKind.FLAGSHIP

    @cached_property
    def rating_scale(self):
        return RatingScale.for_scheme(self.framework.scheme)

    @cached_property
    def cycle_name(self):
        """What the school calls this piece of work: "Annual update", "Artsmark journey"."""
        return self.process.name if self.process_id else "Annual update"

    @cached_property
    def cycle_words(self):
        """The cycle's name inside a sentence: "your annual update", "your Artsmark journey"."""
        name = self.cycle_name
        return name.lower() if name == "Annual update" else name

    @cached_property
    def cycle_name_with_scheme(self):
        """In a list of a school's cycles: "VbE Quality Mark self-assessment audit",
        "Artsmark journey" (not "Artsmark Artsmark journey"); IQM's "annual update" as ever."""
        name = self.cycle_words
        if not self.process_id or self.has_award_kinds:
            return name
        scheme = self.process.scheme.short_name
        if name.lower().startswith(scheme.lower()):
            return name
        return f"{scheme} {name}"

    @cached_property
    def summary_place(self):
        """The summary in a sentence: "the summary" (IQM), "the Statement of Impact"."""
        if self.has_award_kinds or not self.process_id:
            return "the summary"
        label = self.process.summary_label
        return label[0].lower() + label[1:] if label.startswith("Our ") else f"the {label}"

    @cached_property
    def reviewer_title(self):
        return self.process.reviewer_title if self.process_id else "assessor"

    @cached_property
    def has_award_kinds(self):
        """IQM's cycle: a Centre of Excellence writes key targets, a Flagship research steps."""
        if not self.process_id:
            return True
        return any(level.kind != AwardKind.STANDARD for level in self.process.levels.all())

    @cached_property
    def writes(self):
        """What the school writes in this cycle: elements, goals, students (in order)."""
        if not self.process_id:
            return ["elements", "goals"]
        return self.process.writes()

    def get_sitemap_urls(self, request=None):
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(update_context(self))
        return context


def default_process(framework):
    """The cycle an update made by hand belongs to: its scheme's first (IQM's annual update)."""
    from network.models import Process

    return (
        Process.objects.filter(scheme_id=framework.scheme_id).order_by("sort_order", "pk").first()
    )


def update_context(update):
    """What every rendering of an update shows: sections, targets and the review."""
    labels = update.rating_scale.labels
    sections = [
        {
            "progress": progress,
            "rating_label": labels[progress.self_rating - 1] if progress.self_rating else "",
        }
        for progress in update.element_progress.all()
    ]
    feedback = feedback_by_section(update)
    for section in sections:
        progress = section["progress"]
        section.update(
            key=f"element-{progress.element_id}",
            section=FeedbackSection.ELEMENT,
            element_id=progress.element_id,
            place=(
                f"element {progress.element.number}"
                if update.has_award_kinds
                else progress.element.title
            ),
            feedback=feedback.get(f"element-{progress.element_id}", []),
        )

    def rows(items, section, noun):
        return [
            {
                "item": item,
                "position": position,
                "key": f"{section}-{position}",
                "section": section,
                "place": f"{noun} {position}",
                "feedback": feedback.get(f"{section}-{position}", []),
            }
            for position, item in enumerate(items, start=1)
        ]

    targets = list(update.targets.all())
    steps = list(update.research_steps.all())
    review = None
    if update.pk:
        try:
            review = update.review  # the AnnualReview (update_reviews.py) made for it, if any
        except ObjectDoesNotExist:
            review = None
    return {
        "update": update,
        "sections": sections,
        "targets": targets,
        "research_steps": steps,
        "target_rows": rows(
            targets, FeedbackSection.TARGET, "key target" if update.has_award_kinds else "goal"
        ),
        "step_rows": rows(steps, FeedbackSection.STEP, "research step"),
        "summary_row": {
            "key": "summary",
            "section": FeedbackSection.SUMMARY,
            "place": "the summary" if not update.process_id else update.summary_place,
            "feedback": feedback.get("summary", []),
        },
        "sharing_row": {
            "key": "sharing",
            "section": FeedbackSection.SHARING,
            "place": "what you will share next year",
            "feedback": feedback.get("sharing", []),
        },
        "open_feedback": [
            item for items in feedback.values() for item in items if not item.resolved
        ],
        "review": review,
        "review_sections": list(review.section_texts.select_related("section")) if review else [],
        "development_targets": list(review.development_targets.all()) if review else [],
    }


class ElementProgress(Orderable, ClusterableModel):
    """One section of the update: what the school did against one element."""

    update = ParentalKey(
        AnnualUpdatePage, on_delete=models.CASCADE, related_name="element_progress"
    )
    element = models.ForeignKey("network.Element", on_delete=models.PROTECT, related_name="+")
    narrative = RichTextField(blank=True, features=NARRATIVE_FEATURES)
    evidence = evidence_field()
    self_rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Where the school places itself on the scheme's four-point scale.",
    )

    panels = [
        FieldPanel("element"),
        FieldPanel("narrative"),
        FieldPanel("evidence"),
        FieldPanel("self_rating"),
        FeedbackPanel("element"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "element section"

    def __str__(self):
        return str(self.element)


class UpdateTarget(Orderable):
    """A Centre of Excellence's key target for the year and the progress made on it."""

    update = ParentalKey(AnnualUpdatePage, on_delete=models.CASCADE, related_name="targets")
    text = models.TextField("target", blank=True)
    progress = RichTextField(blank=True, features=NARRATIVE_FEATURES)
    evidence = evidence_field()

    panels = [
        FieldPanel("text"),
        FieldPanel("progress"),
        FieldPanel("evidence"),
        FeedbackPanel("target"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "key target"

    def __str__(self):
        return self.text


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    UNDER_WAY = "under_way", "Under way"
    DONE = "done", "Done"
    DELAYED = "delayed", "Delayed"


class ResearchStep(Orderable):
    """A step of a Flagship school's research project outline."""

    update = ParentalKey(AnnualUpdatePage, on_delete=models.CASCADE, related_name="research_steps")
    step = models.TextField(blank=True)
    people_responsible = models.CharField(max_length=255, blank=True)
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    progress = RichTextField(blank=True, features=NARRATIVE_FEATURES)

    panels = [
        FieldPanel("step"),
        FieldRowPanel([FieldPanel("people_responsible"), FieldPanel("due_on")]),
        FieldPanel("status"),
        FieldPanel("progress"),
        FeedbackPanel("step"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "research step"

    def __str__(self):
        return self.step

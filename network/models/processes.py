"""A scheme's process as data: the stages of its cycle, who acts at each, what the school
writes, what the reviewer's report holds, and what each outcome does.

IQM's annual update, VbE's self-assessment audit, Artsmark's commitment then impact and
WCSQM's student evidence are each one `Process`, shipped in `network/data/frameworks.json`
and edited by scheme staff in the admin. Nothing in code names a scheme's stage or outcome:
the cycle's pages read them from here.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

# Phases (network.models.schools.Phase values) whose pupils use a framework for younger pupils.
YOUNGER_PHASES = {"nursery", "primary", "middle_primary"}


class Actor(models.TextChoices):
    SCHOOL = "school", "The school's editors"
    REVIEWER = "reviewer", "The scheme's assessor, consultant or adviser"
    STAFF = "staff", "Scheme staff"


class Writing(models.TextChoices):
    """What the school writes at a stage."""

    NOTHING = "", "Nothing (another person acts)"
    ELEMENTS = "elements", "A section for each element of the framework"
    GOALS = "goals", "Progress on each goal of its own plan"
    STUDENTS = "students", "Evidence for each student, under a code the school keeps"


class Holder(models.TextChoices):
    SCHOOL = "school", "The school"
    PERSON = "person", "A member of staff"


class Effect(models.TextChoices):
    """What recording an outcome does to the award it reviews."""

    RENEW = "renew", "Renew the award at its level"
    AWARD = "award", "Award the level named"
    ANOTHER_ROUND = "another_round", "Another round: the award stands, more evidence is asked for"
    LAPSE = "lapse", "The award lapses on the day of the review"
    NOTHING = "nothing", "Nothing changes"


class ProcessQuerySet(models.QuerySet):
    def first_of_scheme(self, scheme_id):
        """The scheme's first cycle: where an update made by hand belongs (IQM's annual
        update)."""
        return self.filter(scheme_id=scheme_id).order_by("sort_order", "pk").first()


class Process(ClusterableModel):
    """One cycle a scheme runs: IQM's annual update, VbE's self-assessment audit, ..."""

    scheme = ParentalKey("network.Scheme", on_delete=models.CASCADE, related_name="processes")
    name = models.CharField(
        max_length=120, help_text="As the school reads it: Annual update, Self-assessment audit."
    )
    key = models.CharField(
        max_length=60,
        unique=True,
        help_text="A short name for addresses and files, e.g. annual-update. Not shown to schools.",
    )
    description = models.TextField(blank=True)
    holder = models.CharField(max_length=10, choices=Holder.choices, default=Holder.SCHOOL)
    framework = models.ForeignKey(
        "network.FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Left blank, the scheme's framework for annual updates.",
    )
    framework_for_younger = models.ForeignKey(
        "network.FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="framework for younger pupils",
        help_text="Used instead for nursery and primary schools, where the scheme has one.",
    )
    levels = ParentalManyToManyField(
        "network.AwardLevel",
        blank=True,
        related_name="processes",
        verbose_name="award levels it opens for",
        help_text="Each year, every school holding one of these levels gets this cycle.",
    )
    open_to_new_schools = models.BooleanField(
        default=False,
        help_text="Scheme staff may start it for a school that holds no award yet.",
    )
    cycle_years = models.PositiveSmallIntegerField(
        default=1, help_text="How long one round lasts, from the school's first step."
    )
    reviewer_title = models.CharField(
        max_length=40,
        default="assessor",
        help_text="What the scheme calls the person who reviews: assessor, consultant, adviser.",
    )
    plan_label = models.CharField(
        max_length=80,
        default="Key targets",
        help_text="What the school's own plan is called, where it writes one.",
    )
    submit_label = models.CharField(
        max_length=80,
        default="Send to your assessor",
        help_text="The school's button that sends its work for review.",
    )
    summary_label = models.CharField(
        max_length=200,
        default="Summary",
        help_text="What the school's closing piece of writing is called.",
    )
    sharing_label = models.CharField(
        max_length=255,
        blank=True,
        default="What we will share with other schools next year",
        help_text="Left blank, the school is not asked what it will share.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = ProcessQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("key")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("holder"),
                FieldRowPanel([FieldPanel("framework"), FieldPanel("framework_for_younger")]),
                FieldPanel("levels"),
                FieldRowPanel([FieldPanel("open_to_new_schools"), FieldPanel("cycle_years")]),
                FieldRowPanel(
                    [
                        FieldPanel("reviewer_title"),
                        FieldPanel("plan_label"),
                        FieldPanel("submit_label"),
                    ]
                ),
                FieldRowPanel([FieldPanel("summary_label"), FieldPanel("sharing_label")]),
            ],
            heading="Who takes part",
        ),
        InlinePanel("stages", heading="Stages", label="Stage"),
        InlinePanel("report_sections", heading="The report", label="Report section"),
        InlinePanel("outcomes", heading="Outcomes", label="Outcome"),
    ]

    class Meta:
        ordering = ["scheme__short_name", "sort_order", "pk"]
        verbose_name = "cycle"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="unique_process_name")
        ]

    def __str__(self):
        return f"{self.scheme.short_name}: {self.name}"

    @property
    def for_a_person(self):
        return self.holder == Holder.PERSON

    def framework_version(self, school=None):
        younger = school is not None and school.phase in YOUNGER_PHASES
        if younger and self.framework_for_younger_id:
            return self.framework_for_younger
        return self.framework or self.scheme.update_framework

    def writes(self):
        """Everything the school writes across the stages, in order, once each."""
        seen = []
        for stage in self.stages.all():
            if stage.school_writes and stage.school_writes not in seen:
                seen.append(stage.school_writes)
        return seen

    def outcome(self, code):
        return next((item for item in self.outcomes.all() if item.code == code), None)


class ProcessStage(Orderable):
    process = ParentalKey(Process, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=120)
    actor = models.CharField("who acts", max_length=10, choices=Actor.choices)
    school_writes = models.CharField(
        "what the school writes", max_length=10, choices=Writing.choices, blank=True
    )
    guidance = models.TextField(
        blank=True,
        help_text="What the people at this stage are asked to do, in the scheme's words.",
    )
    weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="About how long the stage takes."
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("actor"), FieldPanel("school_writes")]),
        FieldPanel("guidance"),
        FieldPanel("weeks"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "stage"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.school_writes and self.actor != Actor.SCHOOL:
            raise ValidationError(
                {"school_writes": "Only a stage at which the school acts has the school write."}
            )


class ReportSection(Orderable):
    """A section of the reviewer's written report (stand-out area, next steps, conclusion).
    Every report also records the visit and the strengths seen."""

    process = ParentalKey(Process, on_delete=models.CASCADE, related_name="report_sections")
    title = models.CharField(max_length=120)
    guidance = models.CharField(max_length=255, blank=True)
    required = models.BooleanField(default=True)

    panels = [FieldRowPanel([FieldPanel("title"), FieldPanel("required")]), FieldPanel("guidance")]

    class Meta(Orderable.Meta):
        verbose_name = "report section"

    def __str__(self):
        return self.title


class ProcessOutcome(Orderable):
    """A result the reviewer may record, and what it does."""

    process = ParentalKey(Process, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=40, help_text="Stays the same when the label is reworded.")
    label = models.CharField(max_length=120)
    effect = models.CharField(max_length=20, choices=Effect.choices, default=Effect.RENEW)
    level = models.ForeignKey(
        "network.AwardLevel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The level awarded, for an outcome that awards one.",
    )
    offers = models.ForeignKey(
        "network.AwardLevel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="offers the level",
        help_text="A level the school is offered once it has held its own long enough.",
    )
    offer_after_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Years at the current level before the offer is made."
    )
    carries_plan = models.BooleanField(
        default=True, help_text="The reviewer's plan becomes next round's targets."
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("effect"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("offers"), FieldPanel("offer_after_years")]),
        FieldPanel("carries_plan"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "outcome"
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="unique_outcome_code")
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.effect == Effect.AWARD and self.level_id is None:
            raise ValidationError({"level": "Name the level this outcome awards."})

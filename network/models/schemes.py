"""Schemes, their award levels and their frameworks: data that scheme staff edit, never code."""

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class AwardKind(models.TextChoices):
    """What holding a level asks of a school each year."""

    STANDARD = "standard", "Award (no annual update)"
    CENTRE_OF_EXCELLENCE = "centre_of_excellence", "Centre of Excellence (annual update, targets)"
    FLAGSHIP = "flagship", "Flagship (annual update, research project)"


class SchemeQuerySet(models.QuerySet):
    def default(self):
        """The scheme whose framework import formats and demo data speak of by number."""
        from django.conf import settings

        scheme = self.filter(short_name=settings.NETWORK_DEFAULT_SCHEME).first()
        return scheme or self.filter(is_default=True).first() or self.order_by("pk").first()


class Scheme(ClusterableModel):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=30, unique=True, help_text="How schools speak of it, e.g. IQM."
    )
    description = models.TextField(blank=True)
    is_default = models.BooleanField(
        default=False, help_text="The network's own scheme, used when none is named."
    )
    update_framework = models.ForeignKey(
        "network.FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="framework for annual updates",
        help_text="New annual updates are written against this version.",
    )

    staff_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staffed_schemes",
        verbose_name="the scheme's own staff",
        help_text=(
            "People who run this scheme only: they see its schools' work and no other scheme's. "
            "The network's scheme staff see every scheme."
        ),
    )
    rating_labels = models.JSONField(
        "self-rating scale",
        default=list,
        blank=True,
        help_text="The scheme's own words for the points of its self-rating scale, lowest first.",
    )

    objects = SchemeQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("description"),
        FieldPanel("is_default"),
        FieldPanel("update_framework"),
        FieldPanel("staff_group"),
        InlinePanel("award_levels", label="Award levels"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name


class AwardLevel(Orderable):
    scheme = ParentalKey(Scheme, on_delete=models.CASCADE, related_name="award_levels")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=30, choices=AwardKind.choices, default=AwardKind.STANDARD)
    validity_years = models.PositiveSmallIntegerField(
        default=1, help_text="How long the award lasts before it is reviewed."
    )
    student_share = models.PositiveSmallIntegerField(
        "share of students",
        null=True,
        blank=True,
        help_text="For a mark earned by students: the percentage who must complete every area.",
    )
    for_a_person = models.BooleanField(
        default=False, help_text="Held by a member of staff, not by the school."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("validity_years"),
        FieldPanel("student_share"),
        FieldPanel("for_a_person"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="unique_award_level_name")
        ]

    def __str__(self):
        return f"{self.scheme.short_name} {self.name}"

    @property
    def has_annual_update(self):
        return self.kind != AwardKind.STANDARD


class FrameworkVersion(ClusterableModel):
    scheme = ParentalKey(Scheme, on_delete=models.CASCADE, related_name="frameworks")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    introduced_on = models.DateField(null=True, blank=True)

    panels = [
        FieldPanel("scheme"),
        FieldPanel("name"),
        FieldPanel("source"),
        FieldPanel("introduced_on"),
        InlinePanel("elements", label="Elements"),
    ]

    class Meta:
        ordering = ["scheme__short_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="unique_framework_name")
        ]
        verbose_name = "framework version"

    def __str__(self):
        return f"{self.scheme.short_name}: {self.name}"


class Element(models.Model):
    framework = ParentalKey(FrameworkVersion, on_delete=models.CASCADE, related_name="elements")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)

    panels = [FieldPanel("number"), FieldPanel("title"), FieldPanel("description")]

    class Meta:
        ordering = ["framework_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_element_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

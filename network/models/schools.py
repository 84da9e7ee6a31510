"""Schools and their awards (the directory page that lists them: directory.py)."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .context import (
    FSM_BANDS,
    SIZE_BANDS,
    ResourcedProvision,
    SenNeedsField,
    fsm_band,
    sen_needs_label,
    size_band,
)

urn_validator = RegexValidator(r"^\d{6}$", "A URN is six digits, e.g. 100000.")
laestab_validator = RegexValidator(r"^\d{7}$", "A LAESTAB is seven digits: LA code and number.")


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE_PRIMARY = "middle_primary", "Middle deemed primary"
    SECONDARY = "secondary", "Secondary"
    MIDDLE_SECONDARY = "middle_secondary", "Middle deemed secondary"
    ALL_THROUGH = "all_through", "All-through"
    SIXTEEN_PLUS = "sixteen_plus", "16 plus"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Provision(models.TextChoices):
    """What kind of school it is, beside its phase: the settings the inclusion network is for."""

    MAINSTREAM = "mainstream", "Mainstream school"
    SPECIAL = "special", "Special school"
    PRU = "pru", "Pupil referral unit"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"


# A school whose kind nobody has said (a school added by hand, an extract without the type).
PROVISION_CHOICES = [("", "Not known"), *Provision.choices]


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire_and_the_humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class AwardStatus(models.TextChoices):
    UPCOMING = "upcoming", "Not yet started"
    CURRENT = "current", "Current"
    DUE_FOR_REVIEW = "due_for_review", "Due for review"
    LAPSED = "lapsed", "Lapsed"


# ------ Schools ------


class SchoolPage(Page):
    """A school's public profile; its own case studies, research and updates live below it."""

    urn = models.CharField(
        "URN", max_length=6, unique=True, validators=[urn_validator], help_text="Six digits."
    )
    laestab = models.CharField("LAESTAB", max_length=7, blank=True, validators=[laestab_validator])
    phase = models.CharField(max_length=30, choices=Phase.choices, db_index=True)
    provision = models.CharField(
        max_length=30,
        choices=PROVISION_CHOICES,
        blank=True,
        help_text=(
            "Mainstream school, special school, pupil referral unit or alternative provision. "
            "The GIAS import sets it from the type of establishment."
        ),
    )
    establishment_type = models.CharField("type of establishment", max_length=120, blank=True)
    establishment_type_group = models.CharField(
        "establishment type group",
        max_length=60,
        blank=True,
        help_text="As GIAS groups it: Local authority maintained schools, Special schools…",
    )
    resourced_provision = models.CharField(
        "resourced provision or SEN unit",
        max_length=20,
        choices=[("", "Neither"), *ResourcedProvision.choices],
        blank=True,
    )
    sen_needs = SenNeedsField(
        "types of SEN provision",
        help_text="The needs the school's special provision is for, as GIAS lists them.",
    )
    number_on_roll = models.PositiveIntegerField(null=True, blank=True)
    percentage_fsm = models.DecimalField(
        "pupils eligible for free school meals (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    support_offer = models.TextField(
        "we can support others with",
        blank=True,
        help_text=(
            "What your school is glad to help other schools with: visits, training, "
            "resources. Shown on your profile and used to suggest you to schools asking."
        ),
    )
    support_elements = ParentalManyToManyField(
        "network.Element",
        blank=True,
        related_name="offered_by_schools",
        verbose_name="elements we can support others with",
    )
    local_authority = models.CharField(max_length=120, blank=True, db_index=True)
    la_code = models.CharField("LA code", max_length=3, blank=True)
    region = models.CharField(max_length=40, choices=Region.choices, blank=True, db_index=True)
    trust = models.CharField(max_length=200, blank=True)
    street = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    about = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    editors_group = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="school",
    )

    search_fields = Page.search_fields + [
        index.SearchField("urn"),
        index.SearchField("local_authority"),
        index.SearchField("town"),
        index.FilterField("phase"),
        index.FilterField("region"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("urn"), FieldPanel("laestab")]),
                FieldRowPanel(
                    [FieldPanel("phase"), FieldPanel("provision"), FieldPanel("establishment_type")]
                ),
                FieldRowPanel([FieldPanel("local_authority"), FieldPanel("la_code")]),
                FieldRowPanel([FieldPanel("region"), FieldPanel("trust")]),
            ],
            heading="Establishment",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("establishment_type_group"), FieldPanel("resourced_provision")]
                ),
                FieldPanel("sen_needs"),
                FieldRowPanel([FieldPanel("number_on_roll"), FieldPanel("percentage_fsm")]),
            ],
            heading="Pupils and provision (from GIAS)",
        ),
        MultiFieldPanel(
            [FieldPanel("support_offer"), FieldPanel("support_elements")],
            heading="Supporting other schools",
        ),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("town"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("website"), FieldPanel("contact_email")]),
            ],
            heading="Where and how to reach it",
        ),
        FieldPanel("about"),
    ]

    parent_page_types = ["network.SchoolIndexPage"]
    subpage_types = [
        "practice.CaseStudyPage",
        "research.ResearchProjectPage",
        "practice.AnnualUpdatePage",
    ]

    class Meta:
        verbose_name = "school"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both latitude and longitude, or neither.")

    @property
    def address(self):
        return ", ".join(part for part in (self.street, self.town, self.postcode) if part)

    @property
    def sen_needs_labels(self):
        return sen_needs_label(self.sen_needs)

    @property
    def size_band(self):
        return size_band(self.number_on_roll)

    @property
    def size_band_label(self):
        band = self.size_band
        return SIZE_BANDS[band][2] if band is not None else ""

    @property
    def fsm_band(self):
        return fsm_band(self.percentage_fsm)

    @property
    def fsm_band_label(self):
        band = self.fsm_band
        return FSM_BANDS[band][2] if band is not None else ""

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def awards_by_date(self):
        """The school's own awards (not its staff's), newest first; uses prefetched awards
        when the listing prefetched them."""
        own = [award for award in self.awards.all() if not award.holder_name]
        return sorted(own, key=lambda a: a.awarded_on, reverse=True)

    def current_award(self, today=None):
        """The school's highest-ranked award in force today, or None. An award held by one
        of its staff (the Staff Quality Mark) is theirs, never the school's."""
        today = today or timezone.localdate()
        in_force = [
            award
            for award in self.awards.all()
            if not award.holder_name
            and award.status(today) in (AwardStatus.CURRENT, AwardStatus.DUE_FOR_REVIEW)
        ]
        if not in_force:
            return None
        return max(in_force, key=lambda a: (a.level.sort_order or 0, a.awarded_on))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        shown = self.awards.shown_publicly().select_related("level__scheme")
        awards, staff_awards = [], []
        for award in shown.order_by("-awarded_on"):
            (staff_awards if award.holder_name else awards).append(award)
        staff_awards.sort(key=lambda award: award.holder_name)  # stable: newest first each
        for award in awards:
            award.followed_by = followed_by(award, awards)
        for award in staff_awards:
            award.followed_by = followed_by(
                award, [other for other in staff_awards if other.holder_name == award.holder_name]
            )
        context["awards"] = awards
        # Only those who agreed to be named (Award.holder_consents); the school's editors see
        # every one in the admin (network/school_awards.py).
        context["staff_awards"] = staff_awards
        context["clusters"] = list(self.clusters.live().public().order_by("title"))
        context["support_elements"] = list(
            self.support_elements.select_related("framework__scheme").order_by(
                "framework__scheme__short_name", "number"
            )
        )
        return context


def followed_by(award, awards, today=None):
    """The higher award of the same scheme that came after this one, if any: an award a
    school moved up from did not lapse ("Followed by Flagship School")."""
    today = today or timezone.localdate()
    higher = [
        other
        for other in awards
        if other.level.scheme_id == award.level.scheme_id
        and award.awarded_on < other.awarded_on <= today
        and (other.level.sort_order or 0) > (award.level.sort_order or 0)
    ]
    return min(higher, key=lambda other: other.awarded_on) if higher else None


class AwardQuerySet(models.QuerySet):
    def in_force(self, today=None):
        today = today or timezone.localdate()
        return self.filter(awarded_on__lte=today, valid_until__gte=today)

    def of_schools(self):
        """Awards held by schools: what a school's mark, its directory card and its
        figures count. A member of staff's award is theirs, not the school's."""
        return self.filter(holder_name="")

    def of_staff(self):
        return self.exclude(holder_name="")

    def shown_publicly(self):
        """What anyone may see: a school's awards, and its staff's only where they agreed
        to be named (the queryset twin of Award.shown_publicly)."""
        return self.filter(models.Q(holder_name="") | models.Q(holder_consents=True))


class Award(models.Model):
    """A school's award at one level of a scheme, granted by scheme staff."""

    school = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="awards")
    level = models.ForeignKey("network.AwardLevel", on_delete=models.PROTECT, related_name="awards")
    awarded_on = models.DateField()
    valid_until = models.DateField(
        blank=True, help_text="Left blank, it follows from the level's validity."
    )
    holder_name = models.CharField(
        "member of staff",
        max_length=120,
        blank=True,
        help_text="For an award held by a person (the Staff Quality Mark); blank for the school.",
    )
    holder_consents = models.BooleanField(
        "they agree to be named on the school's profile",
        default=False,
        help_text="Without their agreement the award is not shown to anyone outside the school.",
    )

    objects = AwardQuerySet.as_manager()

    panels = [
        FieldPanel("school"),
        FieldPanel("level"),
        FieldRowPanel([FieldPanel("awarded_on"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("holder_name"), FieldPanel("holder_consents")]),
    ]

    class Meta:
        ordering = ["-awarded_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "level", "awarded_on", "holder_name"],
                name="unique_award_per_day",
            )
        ]

    def __str__(self):
        holder = self.holder_name or (self.school_id and self.school.title)
        return f"{self.level} ({self.awarded_on:%Y}) — {holder}"

    def save(self, *args, **kwargs):
        if self.awarded_on and not self.valid_until:
            self.valid_until = add_years(self.awarded_on, self.level.validity_years)
        if self._state.adding and self.holder_name and not self.holder_consents:
            # Agreeing to be named is the person's, not one award's: a renewal keeps it.
            self.holder_consents = Award.objects.filter(
                school_id=self.school_id, holder_name=self.holder_name, holder_consents=True
            ).exists()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.awarded_on and not self.valid_until and self.level_id:
            self.valid_until = add_years(self.awarded_on, self.level.validity_years)
        if self.awarded_on and self.valid_until and self.valid_until <= self.awarded_on:
            raise ValidationError({"valid_until": "An award must end after the day it is given."})
        self.holder_name = " ".join(self.holder_name.split())
        if self.level_id and self.level.for_a_person and not self.holder_name:
            raise ValidationError(
                {"holder_name": f"{self.level} is held by a member of staff: give their name."}
            )
        if self.level_id and not self.level.for_a_person and self.holder_name:
            raise ValidationError(
                {"holder_name": f"{self.level} is held by the school: leave the name blank."}
            )

    @property
    def is_personal(self):
        return bool(self.holder_name)

    @property
    def shown_publicly(self):
        """A school's award always; a person's only with their agreement."""
        return not self.holder_name or self.holder_consents

    def status(self, today=None):
        today = today or timezone.localdate()
        if today < self.awarded_on:
            return AwardStatus.UPCOMING
        if today > self.valid_until:
            return AwardStatus.LAPSED
        window = datetime.timedelta(days=settings.NETWORK_AWARD_REVIEW_WINDOW_DAYS)
        if today >= self.valid_until - window:
            return AwardStatus.DUE_FOR_REVIEW
        return AwardStatus.CURRENT

    @property
    def current_status(self):
        return self.status()

    def status_label(self):
        """For listings and exports: "Due for review", not "due_for_review"."""
        return self.status().label

    status_label.short_description = "status"


def add_years(day, years):
    """The same day `years` later; 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)

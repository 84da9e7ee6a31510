"""What follows an update: the assessor's step of its workflow, the annual review with its
development plan, and the record of reminders sent (so that each goes once)."""

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, Task, TaskState

from .updates import AnnualUpdatePage

# ------ The annual review ------


class ReviewOutcome(models.TextChoices):
    RATIFIED = "ratified", "Progress ratified"
    VALIDATED = "validated", "Progress validated"
    FURTHER_EVIDENCE = "further_evidence", "Further evidence required"


class AnnualReview(ClusterableModel):
    """What the assessor (consultant, adviser) records after the visit: the outcome, from the
    cycle's own outcomes, the report's sections, and the plan that seeds the next round."""

    update = models.OneToOneField(AnnualUpdatePage, on_delete=models.CASCADE, related_name="review")
    visit_date = models.DateField()
    debrief_on = models.DateField("debrief", null=True, blank=True)
    # The code of one of the cycle's outcomes (network.ProcessOutcome): "ratified", "gold".
    outcome = models.CharField(max_length=40)
    strengths = models.TextField()
    award = models.ForeignKey(
        "network.Award",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The award the outcome gave or renewed.",
    )
    offered_level = models.ForeignKey(
        "network.AwardLevel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A level the school is offered (Flagship after three years as a Centre).",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "annual review"

    def __str__(self):
        return f"Review of {self.update}"

    def outcome_label(self):
        process = self.update.process if self.update.process_id else None
        found = process.outcome(self.outcome) if process else None
        if found is not None:
            return found.label
        try:
            return ReviewOutcome(self.outcome).label
        except ValueError:
            return self.outcome

    def get_outcome_display(self):
        return self.outcome_label()


class ReviewSectionText(Orderable):
    """The text of one section of the report (stand-out area, next steps, conclusion)."""

    review = ParentalKey(AnnualReview, on_delete=models.CASCADE, related_name="section_texts")
    section = models.ForeignKey("network.ReportSection", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)

    class Meta(Orderable.Meta):
        verbose_name = "report section"

    def __str__(self):
        return str(self.section)


class DevelopmentTarget(Orderable):
    """A target in the development plan for next year; it becomes a key target then."""

    review = ParentalKey(AnnualReview, on_delete=models.CASCADE, related_name="development_targets")
    text = models.TextField("target")

    class Meta(Orderable.Meta):
        verbose_name = "development target"

    def __str__(self):
        return self.text


# ------ The assessor's step of the workflow ------


class AssessorReviewTask(Task):
    """The school's assigned assessor approves the update or requests changes."""

    def _is_assessor(self, obj, user):
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        if obj is None or not obj.pk:
            return False
        # Some admin views hand tasks the base Page, not the update itself.
        found = (
            AnnualUpdatePage.objects.filter(pk=obj.pk)
            .values_list("school_id", "process__scheme_id")
            .first()
        )
        if not found or not found[0]:
            return False
        school_id, scheme_id = found
        return (
            user.assessor_assignments.filter(school_id=school_id)
            .filter(models.Q(scheme__isnull=True) | models.Q(scheme_id=scheme_id))
            .exists()
        )

    @staticmethod
    def _has_next_step(obj):
        from .cycle_steps import next_step

        update = obj if isinstance(obj, AnnualUpdatePage) else None
        if update is None and obj is not None and obj.pk:
            update = AnnualUpdatePage.objects.filter(pk=obj.pk).first()
        return bool(update is not None and next_step(update))

    def user_can_access_editor(self, obj, user):
        return self._is_assessor(obj, user)

    def locked_for_user(self, obj, user):
        return not self._is_assessor(obj, user)

    def user_can_lock(self, obj, user):
        return self._is_assessor(obj, user)

    def get_actions(self, obj, user):
        if self._is_assessor(obj, user):
            if self._has_next_step(obj):
                # The school has another step to write (Artsmark: after the Statement of
                # Commitment, the development period and the Statement of Impact): the
                # reviewer's answer sends it on to that step, never to sign-off.
                return [("reject", "Send back for the next step", True)]
            return [
                ("reject", "Ask the school for changes", True),
                ("approve", "Approve for sign-off", False),
                ("approve", "Approve for sign-off, with a note", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if user.is_superuser:
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        schools = user.assessor_assignments.values("school_id")
        pages = AnnualUpdatePage.objects.filter(school_id__in=schools).values("pk")
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__object_id__in=[str(pk) for pk in pages.values_list("pk", flat=True)],
        )

    @classmethod
    def get_description(cls):
        return "The school's assigned assessor approves the update or requests changes."

    class Meta:
        verbose_name = "assessor review"
        verbose_name_plural = "assessor reviews"


# ------ Reminders sent, so each goes once ------


class ReminderKind(models.TextChoices):
    DEADLINE_NEAR = "deadline_near", "Deadline approaching"
    OVERDUE = "overdue", "Overdue"
    SUBMITTED = "submitted", "Update submitted"
    REVIEW_RECORDED = "review_recorded", "Review recorded"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class UpdateReminder(models.Model):
    """A reminder that was sent; the unique key makes a second send a no-op."""

    update = models.ForeignKey(AnnualUpdatePage, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    occasion = models.CharField(
        max_length=60, blank=True, help_text="Which submission or request, when there are several."
    )
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["update", "kind", "occasion"], name="unique_reminder_per_occasion"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.update}"

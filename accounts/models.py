"""Invitations: scheme staff ask a school editor or an assessor to join, by email.

The link carries a random token; only its SHA-256 is stored, so the table cannot be used to
sign anyone in. A link works once, until it expires; sending it again makes a new token (the
old link stops working) and a new expiry date.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    EDITOR = "editor", "School editor"
    ASSESSOR = "assessor", "Assessor"


class State(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"


class Invitation(models.Model):
    email = models.EmailField(db_index=True)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        "network.SchoolPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The school an editor edits for, or an assessor is assigned to.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    times_sent = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.get_role_display()})"

    @property
    def state(self):
        if self.accepted_at:
            return State.ACCEPTED
        if self.expires_at <= timezone.now():
            return State.EXPIRED
        return State.SENT

    def get_state_display(self):
        return State(self.state).label

    @property
    def what_for(self):
        """ "edit Alder Primary School's pages", in the invitation's words."""
        if self.role == Role.EDITOR:
            return f"edit the pages of {self.school.title}" if self.school else "edit pages"
        if self.school:
            return f"assess {self.school.title}"
        return "assess schools"

"""Who may do what beyond what page permissions say: assessors assigned to schools, and the
people at a school who read the network without editing its pages."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel

# The groups of the network's roles (network.permissions makes them and gives them rights).
SCHEME_STAFF = "Scheme staff"
ASSESSORS = "Assessors"


class AssessorAssignment(models.Model):
    school = models.ForeignKey(
        "network.SchoolPage", on_delete=models.CASCADE, related_name="assessor_assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessor_assignments"
    )
    scheme = models.ForeignKey(
        "network.Scheme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The scheme they assess or advise for; blank for every scheme the school holds.",
    )
    assigned_on = models.DateField(auto_now_add=True)

    panels = [FieldPanel("school"), FieldPanel("assessor"), FieldPanel("scheme")]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "assessor", "scheme"], name="unique_assessor_school_scheme"
            ),
            # Two assignments "for every scheme" (no scheme) are the same one.
            models.UniqueConstraint(
                fields=["school", "assessor"],
                condition=models.Q(scheme__isnull=True),
                name="unique_assessor_school_every_scheme",
            ),
        ]

    def __str__(self):
        scheme = f" for {self.scheme}" if self.scheme_id else ""
        return f"{self.assessor} assesses {self.school}{scheme}"


class SchoolMember(models.Model):
    """Someone at a school who signs in to read the network (members' pages, their own page:
    their school and its clusters) without editing anything: no admin, no editors group."""

    school = models.ForeignKey(
        "network.SchoolPage", on_delete=models.CASCADE, related_name="school_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships"
    )
    added_on = models.DateField(auto_now_add=True)

    panels = [FieldPanel("school"), FieldPanel("user")]

    class Meta:
        verbose_name = "school member"
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="unique_school_member")
        ]

    def __str__(self):
        return f"{self.user} at {self.school}"

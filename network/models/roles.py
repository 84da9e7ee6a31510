"""Who may do what beyond what page permissions say: assessors assigned to schools."""

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
    assigned_on = models.DateField(auto_now_add=True)

    panels = [FieldPanel("school"), FieldPanel("assessor")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "assessor"], name="unique_assessor_school")
        ]

    def __str__(self):
        return f"{self.assessor} assesses {self.school}"

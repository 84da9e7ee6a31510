"""In the update's editor, where the cycle has the school record its students: the figures so
far and the way to the page where each student's areas are ticked (practice.updates.students).
The grid is a page of its own, not a formset here: a school's hundreds of students would make
the editor's form, and each of its revisions, carry every code."""

from wagtail.admin.panels import Panel


class StudentEvidencePanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "practice/updates/student_evidence_panel.html"

        def is_shown(self):
            instance = self.instance
            return bool(instance.pk) and "students" in getattr(instance, "writes", ())

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            context = super().get_context_data(parent_context)
            context["update"] = self.instance
            context["url"] = reverse("practice_updates:students", args=[self.instance.pk])
            return context

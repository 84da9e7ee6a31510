"""A panel at the top of the update's editor listing what a submission still lacks."""

from wagtail.admin.panels import Panel


class MissingSectionsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "practice/updates/missing_sections_panel.html"

        def is_shown(self):
            return bool(getattr(self.form, "missing_sections", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = self.form.missing_sections
            return context

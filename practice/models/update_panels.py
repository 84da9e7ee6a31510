"""A panel at the top of the update's editor listing what a submission still lacks."""

from wagtail.admin.panels import InlinePanel, Panel


class MissingSectionsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "practice/updates/missing_sections_panel.html"

        def is_shown(self):
            return bool(getattr(self.form, "missing_sections", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = self.form.missing_sections
            return context


class AwardKindInlinePanel(InlinePanel):
    """Targets for a Centre of Excellence, research steps for a Flagship: both stay in the
    form (so a change of award loses nothing), but the one this update does not report on
    is folded away and says so."""

    def __init__(self, *args, applies_to, not_applicable_text, **kwargs):
        self.applies_to = applies_to
        self.not_applicable_text = not_applicable_text
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(applies_to=self.applies_to, not_applicable_text=self.not_applicable_text)
        return kwargs

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            kind = getattr(self.instance, "award_kind", None)
            self.applies = kind is None or kind == self.panel.applies_to
            if not self.applies:
                self.heading = f"{self.heading}: not needed for this update"
                self.help_text = self.panel.not_applicable_text

        def classes(self):
            classes = super().classes()
            return classes if self.applies else [*classes, "collapsed"]

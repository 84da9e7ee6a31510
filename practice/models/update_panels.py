"""A panel at the top of the update's editor listing what a submission still lacks."""

from wagtail.admin.panels import FieldPanel, InlinePanel, Panel


class MissingSectionsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "practice/updates/missing_sections_panel.html"

        def is_shown(self):
            return bool(getattr(self.form, "missing_sections", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = self.form.missing_sections
            return context


class ReadsOnlyPanel(Panel):
    """Tells the school's assessor, in the editor, that they comment and do not edit."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice/updates/reads_only_panel.html"

        def is_shown(self):
            return bool(getattr(self.form, "reads_only", False))


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
            self.needed = self._cycle_asks_for_it()
            if not self.applies:
                self.heading = f"{self.heading}: not needed for this update"
                self.help_text = self.panel.not_applicable_text

        def _cycle_asks_for_it(self):
            """Another scheme's cycle names its own plan (a Statement of Commitment) and
            has no research steps; a cycle in which the school writes no plan shows neither."""
            instance = self.instance
            process = instance.process if getattr(instance, "process_id", None) else None
            if process is None:
                return True
            if "goals" not in instance.writes:
                return False
            if instance.has_award_kinds:
                return True
            if self.panel.applies_to != "centre_of_excellence":
                return False
            self.heading = process.plan_label
            self.label = "Goal"  # "Add goal", not IQM's "Add target"
            stage = next((s for s in process.stages.all() if s.school_writes == "goals"), None)
            self.help_text = stage.guidance if stage else ""
            return True

        def is_shown(self):
            return self.needed and super().is_shown()

        def classes(self):
            classes = super().classes()
            return classes if self.applies else [*classes, "collapsed"]


class FeedbackPanel(Panel):
    """The assessor's feedback on this part of the update, shown where the school writes it.

    In an element, target or step it reads the child being edited; on the page it reads
    the section named (summary, sharing). Feedback is written on the reading page, beside
    the text as the assessor reads it; the panel links there."""

    def __init__(self, section, *args, **kwargs):
        self.section = section
        kwargs.setdefault("heading", "Assessor's feedback")
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["section"] = self.section
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice/updates/feedback_panel.html"

        def _where(self):
            """(update id, section key, place in words, anchor on the reading page)."""
            section = self.panel.section
            instance = self.instance
            if section in ("summary", "sharing"):
                place = "the summary" if section == "summary" else "what you will share"
                return instance.pk, section, place
            update_id = getattr(instance, "update_id", None)
            if section == "element":
                element = getattr(instance, "element", None) if instance.element_id else None
                place = f"element {element.number}" if element else "this element"
                return update_id, f"element-{instance.element_id}", place
            prefix = getattr(self.form, "prefix", "") or ""
            index = prefix.rsplit("-", 1)[-1]
            if not index.isdigit():
                return update_id, None, ""
            position = int(index) + 1
            noun = "key target" if section == "target" else "research step"
            return update_id, f"{section}-{position}", f"{noun} {position}"

        def _feedback(self, update_id):
            from practice.models import UpdateFeedback

            cache = getattr(self.request, "_update_feedback", None)
            if cache is None:
                cache = {}
                if self.request is not None:
                    self.request._update_feedback = cache
            if update_id not in cache:
                grouped = {}
                for item in UpdateFeedback.objects.filter(update_id=update_id).select_related(
                    "author", "element"
                ):
                    grouped.setdefault(item.key, []).append(item)
                cache[update_id] = grouped
            return cache[update_id]

        def is_shown(self):
            update_id, key, _place = self._where()
            if not update_id or key is None:
                return False
            return bool(self._feedback(update_id).get(key)) or bool(
                getattr(self.request, "_gives_feedback", False)
            )

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            context = super().get_context_data(parent_context)
            update_id, key, place = self._where()
            context.update(
                items=self._feedback(update_id).get(key, []),
                place=place,
                gives_feedback=getattr(self.request, "_gives_feedback", False),
                read_url=reverse("practice_updates:read", args=[update_id]) + f"#feedback-{key}",
            )
            return context


class CycleInlinePanel(InlinePanel):
    """Shown only when the update's cycle has the school write this (elements, goals)."""

    def __init__(self, *args, writes, **kwargs):
        self.writes = writes
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["writes"] = self.writes
        return kwargs

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            instance = self.instance
            if (
                self.panel.writes == "elements"
                and getattr(instance, "process_id", None)
                and not instance.has_award_kinds
                and instance.framework_id
            ):
                self.heading = instance.framework.name  # "Six aspects", "Seven Quality ..."
                self.label = "Section"

        def is_shown(self):
            writes = getattr(self.instance, "writes", None)
            return (writes is None or self.panel.writes in writes) and super().is_shown()


class CycleFieldPanel(FieldPanel):
    """A field whose heading is the cycle's own word for it ("Statement of Impact"); left
    out where the cycle does not ask for it (a blank label)."""

    def __init__(self, *args, label_from, **kwargs):
        self.label_from = label_from
        super().__init__(*args, **kwargs)

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["label_from"] = self.label_from
        return kwargs

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            instance = self.instance
            process = instance.process if getattr(instance, "process_id", None) else None
            self.asked = True
            if process is not None:
                label = getattr(process, self.panel.label_from, "")
                self.asked = bool(label)
                if label:
                    self.heading = label
                    if self.bound_field is not None:
                        self.bound_field.label = label

        def is_shown(self):
            return self.asked and super().is_shown()


class AwardKindFieldPanel(FieldPanel):
    """The Centre of Excellence or Flagship choice, shown only in a cycle that has them."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return getattr(self.instance, "has_award_kinds", True) and super().is_shown()

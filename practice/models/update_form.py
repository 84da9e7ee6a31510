"""The admin form of an update: drafts save anything, submitting asks for every section.

Wagtail defers required fields when a page is saved as a draft; this form goes further and
only asks for narratives and progress reports when the editor submits the update for
review, listing each missing section with a link to it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from wagtail.admin.forms import WagtailAdminPageForm

from network.models import Element
from network.permissions import is_editor_of, is_scheme_staff

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def is_blank(html):
    return not strip_tags(html or "").replace("&nbsp;", " ").strip()


# What the year is made of: set by scheme staff when they open the year, never by the school.
STAFF_FIELDS = ("academic_year", "deadline", "framework", "award_kind")
SET_BY_STAFF = "Set by scheme staff."


class AnnualUpdateForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing_sections = []
        self.not_asked = self._parts_not_asked()
        self._fit_sections_to_framework()
        self.reads_only = False
        user = self.for_user
        if user is not None:
            self._fit_to_role(user)

    def _fit_to_role(self, user):
        """Staff set the year, deadline, framework and award kind; the school writes the
        text; the school's assessor comments beside it and changes none of it. A disabled
        field keeps what is stored, whatever a browser posts."""
        if is_scheme_staff(user):
            return
        for name in STAFF_FIELDS:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = SET_BY_STAFF
        school = self.instance.school if self.instance.school_id else self.parent_page
        if school is not None and not is_editor_of(user, school):
            self.reads_only = True
            for field in self.fields.values():
                field.disabled = True
            for name, formset in self.formsets.items():
                if name == "comments":
                    continue
                pk_name = formset.model._meta.pk.name
                for form in formset.forms:
                    for field_name, field in form.fields.items():
                        # The browser leaves disabled inputs out of the post; the formset
                        # needs each section's id to find it (and takes nothing else).
                        if field_name != pk_name:
                            field.disabled = True

    def _fit_sections_to_framework(self):
        """Element choices come from the update's framework, rating labels from its scheme."""
        formset = self.formsets.get("element_progress")
        framework = self.instance.framework if self.instance.framework_id else None
        if formset is None or framework is None:
            return
        elements = Element.objects.filter(framework=framework)
        choices = [("", "Not rated yet")] + self.instance.rating_scale.choices()
        for form in formset.forms:
            form.fields["element"].queryset = elements
            form.fields["self_rating"] = forms.TypedChoiceField(
                label="Self-rating",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def _parts_not_asked(self):
        """The lists this update's cycle does not have the school write (a VbE audit has no
        key targets; a WCSQM round no element sections). Their panels are not shown, so the
        browser posts nothing for them: they are left as stored, neither checked nor saved.
        The award kind (Centre of Excellence or Flagship) belongs to IQM's cycle only."""
        instance = self.instance
        if not getattr(instance, "process_id", None):
            return set()
        if not instance.has_award_kinds and "award_kind" in self.fields:
            self.fields["award_kind"].disabled = True
        writes = instance.writes
        names = set()
        if "elements" not in writes:
            names.add("element_progress")
        if "goals" not in writes:
            names |= {"targets", "research_steps"}
        elif not instance.has_award_kinds:
            names.add("research_steps")
        return {name for name in names if name in self.formsets}

    def _asked_formsets(self):
        return {k: v for k, v in self.formsets.items() if k not in self.not_asked}

    def is_valid(self):
        every = self.formsets
        self.formsets = self._asked_formsets()
        try:
            return super().is_valid()
        finally:
            self.formsets = every

    def save(self, commit=True):
        every = self.formsets
        self.formsets = self._asked_formsets()
        try:
            return super().save(commit=commit)
        finally:
            self.formsets = every

    @property
    def is_submitting(self):
        return any(self.data.get(action) for action in SUBMIT_ACTIONS)

    def clean(self):
        cleaned_data = super().clean()
        self._check_one_update_a_year(cleaned_data.get("academic_year"))
        if self.is_submitting and not self.reads_only:
            self.missing_sections = self.find_missing_sections()
            if self.missing_sections:
                raise ValidationError(
                    "Before you submit, complete: "
                    + "; ".join(item["label"] for item in self.missing_sections)
                    + "."
                )
        return cleaned_data

    def _check_one_update_a_year(self, academic_year):
        """A school writes one update of a cycle a year; say so rather than fail on the
        constraint."""
        from network.models import Process

        school_id = self.instance.school_id or getattr(self.parent_page, "pk", None)
        if not academic_year or not school_id:
            return
        process_id = self.instance.process_id
        framework = self.cleaned_data.get("framework")
        if process_id is None and framework is not None:
            process = Process.objects.first_of_scheme(framework.scheme_id)
            process_id = process.pk if process else None
        others = self._meta.model.objects.filter(
            school_id=school_id,
            academic_year=academic_year,
            process_id=process_id,
            person_name=self.instance.person_name,
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "academic_year", f"This school already has an update for {academic_year}."
            )

    def _live_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        formset.is_valid()
        return [
            form
            for form in formset.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE")
        ]

    def find_missing_sections(self):
        """Every element needs a narrative; every target (or research step) a progress
        report; only what the school writes at its current step of the cycle (Artsmark: the
        goals first, the Quality Principles later). Each entry names the section and the id
        of its place in the editor."""
        from .cycle_steps import writing_now

        missing = []
        update = self.instance
        writing = writing_now(update) if update.pk else update.writes
        for form in self._live_forms("element_progress") if "elements" in writing else []:
            if is_blank(form.cleaned_data.get("narrative")):
                element = form.cleaned_data.get("element")
                form.add_error("narrative", "Write about this element before you submit.")
                missing.append({"label": f"element {element}: narrative", "anchor": _anchor(form)})
        if "goals" in writing:
            missing += self._missing_goals(update)
        if "students" in writing and update.pk and not update.student_evidence.exists():
            missing.append(
                {"label": "the evidence of at least one student", "anchor": "student-evidence"}
            )
        return missing

    def _missing_goals(self, update):
        missing = []
        kind_is_flagship = self.cleaned_data.get("award_kind", update.award_kind) == "flagship"
        name = "research_steps" if kind_is_flagship else "targets"
        noun = "research step" if kind_is_flagship else "key target"
        if not update.has_award_kinds:
            noun = "goal"
        live = self._live_forms(name)
        if not live:
            missing.append({"label": f"at least one {noun}", "anchor": f"panel-child-{name}"})
        for position, form in enumerate(live, start=1):
            if is_blank(form.cleaned_data.get("progress")):
                form.add_error("progress", "Report the progress made before you submit.")
                missing.append({"label": f"{noun} {position}: progress", "anchor": _anchor(form)})
        return missing


def _anchor(form):
    return f"inline_child_{form.prefix}"

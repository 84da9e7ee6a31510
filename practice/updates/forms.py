"""Forms of the staff's pages for the year (the update's own editor form: models/update_form.py)."""

from django import forms

from practice.models.updates import validate_academic_year


class OpenYearForm(forms.Form):
    academic_year = forms.CharField(
        label="Academic year", max_length=7, help_text="For example 2026/27."
    )
    deadline = forms.DateField(
        help_text="The date by which schools submit, YYYY-MM-DD.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_academic_year(self):
        value = self.cleaned_data["academic_year"].strip()
        validate_academic_year(value)
        return value


class StartCycleForm(forms.Form):
    """Scheme staff start a cycle for one school: Artsmark's pledge, a first VbE audit, a
    member of staff's Staff Quality Mark."""

    school = forms.CharField(
        label="School's URN",
        max_length=6,
        help_text="Six digits, as on Get Information about Schools.",
    )
    cycle = forms.ModelChoiceField(queryset=None, label="Cycle", empty_label="Choose a cycle")
    person_name = forms.CharField(
        label="Member of staff",
        max_length=120,
        required=False,
        help_text="For a mark held by a person (the Staff Quality Mark): their name.",
    )
    academic_year = forms.CharField(
        label="Academic year", max_length=7, help_text="For example 2026/27."
    )
    deadline = forms.DateField(
        help_text="The date by which the school sends its work, YYYY-MM-DD.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = processes
        self.fields["cycle"].label_from_instance = lambda p: f"{p.scheme.short_name}: {p.name}"

    def clean_school(self):
        from network.models import SchoolPage

        urn = self.cleaned_data["school"].strip()
        school = SchoolPage.objects.filter(urn=urn).first()
        if school is None:
            raise forms.ValidationError(
                f"No school in the network has the URN {urn!r}: check the six digits."
            )
        return school

    def clean_academic_year(self):
        value = self.cleaned_data["academic_year"].strip()
        validate_academic_year(value)
        return value

    def clean(self):
        cleaned = super().clean()
        process = cleaned.get("cycle")
        name = (cleaned.get("person_name") or "").strip()
        if process is not None and process.for_a_person and not name:
            self.add_error("person_name", f"{process.name} is held by a person: give their name.")
        if process is not None and not process.for_a_person and name:
            self.add_error(
                "person_name", f"{process.name} is the school's: leave the member of staff blank."
            )
        cleaned["person_name"] = name
        return cleaned

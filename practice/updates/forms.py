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

"""The admin page where an editor uploads a Word document and gets a draft case study."""

import re

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from network.models import SchoolPage
from network.permissions import is_scheme_staff, schools_of
from practice.models import CaseStudyPage

from .word_import import MAX_BYTES, WordImportError, read_case_study


def schools_for(user):
    """Schools under which this user may add a case study."""
    if is_scheme_staff(user):
        # Staff may add pages anywhere in the tree; no need to ask school by school.
        return list(SchoolPage.objects.order_by("title"))
    return [
        school
        for school in schools_of(user).order_by("title")
        if school.permissions_for_user(user).can_add_subpage()
    ]


class SchoolChoiceField(forms.ModelChoiceField):
    """A school by its page id: anything but a plain number is not one of the choices.

    ModelChoiceField looks any value up, and a number too big for the database's integer
    raised OverflowError (a 500) rather than "Select a valid choice".
    """

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"[0-9]{1,18}", str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class WordImportForm(forms.Form):
    school = SchoolChoiceField(queryset=SchoolPage.objects.none(), empty_label=None)
    document = forms.FileField(
        label="Word document (.docx)",
        help_text=(
            f"Up to {MAX_BYTES // 1024 // 1024} MB. Headings such as Context, Aims, What we did, "
            "Impact, What did not work, Next steps and Key messages fill those sections."
        ),
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = SchoolPage.objects.filter(
            pk__in=[school.pk for school in schools]
        ).order_by("title")

    def clean_document(self):
        uploaded = self.cleaned_data["document"]
        try:
            self.imported = read_case_study(uploaded)
        except WordImportError as error:
            raise forms.ValidationError(str(error)) from error
        return uploaded


def unique_slug(parent, title):
    base = slugify(title)[:200] or "case-study"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def create_draft(school, imported, user):
    page = CaseStudyPage(
        title=imported.title,
        slug=unique_slug(school, imported.title),
        summary=imported.summary,
        body=imported.body,
        live=False,
        owner=user,
        **imported.sections,
    )
    school.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


def import_message(page, imported):
    """What was imported, in the form's own words ("What we did", not "actions")."""
    names = [
        str(CaseStudyPage._meta.get_field(name).verbose_name).capitalize()
        for name in imported.sections
    ]
    filled = ", ".join(names) if names else "none of the named sections"
    message = f'Draft case study "{page.title}" created from your document. Filled in: {filled}.'
    if imported.tables:
        tables = "1 table" if imported.tables == 1 else f"{imported.tables} tables"
        message += f" {tables} became lists, one line a row (the page has no tables): check them."
    return message + " Check the draft, then send it to scheme staff."


def import_word(request):
    schools = schools_for(request.user)
    if not schools:
        messages.error(
            request, "You do not edit any school's pages, so there is nowhere to import to."
        )
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        form = WordImportForm(request.POST, request.FILES, schools=schools)
        if form.is_valid():
            school, imported = form.cleaned_data["school"], form.imported
            earlier = (
                CaseStudyPage.objects.child_of(school)
                .filter(live=False, title=imported.title)
                .first()
            )
            if earlier is not None:
                messages.warning(
                    request,
                    f'"{earlier.title}" was imported before and is still a draft, so no '
                    "second copy was made. Make your changes here, or delete this draft "
                    "and import the document again.",
                )
                return redirect(reverse("wagtailadmin_pages:edit", args=[earlier.pk]))
            page = create_draft(school, imported, request.user)
            messages.success(request, import_message(page, imported))
            return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    else:
        form = WordImportForm(schools=schools)
    return TemplateResponse(
        request,
        "practice/admin/word_import.html",
        {
            "form": form,
            "page_title": "Import a case study from Word",
            "header_title": "Import a case study from Word",
            "header_icon": "doc-full",
        },
    )

"""A school's awards in the admin: what the school holds and what its staff hold, with a
certificate of each, and whether each member of staff agrees to be named on the school's
public profile.

Recording or withdrawing that agreement saves the award, which gives the school's profile,
the directory and the home page a new generation in the page cache (cms/cache_signals.py)
and purges them from a proxy in front: a withdrawn name is off the profile at the next
request, in every process. Each change is written to the audit log against the award.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin.ui.components import Component

from .award_access import AwardReader
from .models import AssessorAssignment, Award, SchoolPage
from .permissions import is_scheme_staff, schools_of

CONSENT_GIVEN = "network.award_consent_given"
CONSENT_WITHDRAWN = "network.award_consent_withdrawn"


def _refused(request, message):
    # A 403 that says why, not Wagtail's quiet redirect to the dashboard.
    return permission_denied(request, PermissionError(message))


# ------ The school's awards ------


def school_awards(request, school_id):
    school = get_object_or_404(SchoolPage, pk=school_id)
    reader = AwardReader(request.user, school)
    if not reader.may_open():
        return _refused(request, "You may not see this school's awards.")
    rows = [
        {
            "award": award,
            "certificate": reader.may_download_certificate(award),
            "consent": reader.may_record_consent(award),
        }
        for award in reader.awards()
    ]
    return TemplateResponse(
        request,
        "network/admin/school_awards.html",
        {
            "school": school,
            "own": [row for row in rows if not row["award"].holder_name],
            "staff": [row for row in rows if row["award"].holder_name],
            "sees_every_award": reader.sees_every_award,
        },
    )


def schools_for_awards(user):
    """The schools whose awards page a person opens from the menu: those they edit or
    assess (scheme staff reach any school's from its page in the admin)."""
    assessed = AssessorAssignment.objects.filter(assessor=user).values("school_id")
    return (schools_of(user) | SchoolPage.objects.filter(pk__in=assessed)).distinct()


def my_school_awards(request):
    schools = list(schools_for_awards(request.user).order_by("title"))
    if len(schools) == 1:
        return redirect("school_awards", schools[0].pk)
    return TemplateResponse(
        request,
        "network/admin/choose_school_awards.html",
        {"schools": schools, "is_staff": is_scheme_staff(request.user)},
    )


# ------ Agreeing to be named ------


class ConsentForm(forms.Form):
    agrees = forms.BooleanField(required=False)

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, initial={"agrees": award.holder_consents}, **kwargs)
        field = self.fields["agrees"]
        field.label = f"{award.holder_name} agrees to be named on our profile"
        field.help_text = (
            f"Ticked, {award.school.title}'s public profile shows {award.holder_name}'s "
            "awards with their dates, for anyone to read. Untick it when they withdraw their "
            "agreement: their name comes off the profile at once."
        )


def log_consent(award, user):
    from wagtail.log_actions import log

    log(
        award,
        CONSENT_GIVEN if award.holder_consents else CONSENT_WITHDRAWN,
        user=user,
        data={
            "member_of_staff": award.holder_name,
            "award": str(award.level),
            "school": award.school.title,
            "school_id": award.school_id,
        },
    )


def record_consent(awards, agrees, user):
    """Save each award (so the pages showing it go stale in every process) and log it."""
    for award in awards:
        award.holder_consents = agrees
        award.save(update_fields=["holder_consents"])
        log_consent(award, user)


def consent_history(awards):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Award),
            object_id__in=[str(award.pk) for award in awards],
            action__in=[CONSENT_GIVEN, CONSENT_WITHDRAWN],
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )


def award_consent(request, award_id):
    # A school's own award has no one to name: there is no such page for it.
    award = get_object_or_404(
        Award.objects.of_staff().select_related("school", "level__scheme"), pk=award_id
    )
    reader = AwardReader(request.user, award.school)
    if not reader.may_record_consent(award):
        return _refused(request, "You may not change who is named on this school's profile.")
    # The agreement is the person's: it holds for each of their awards at the school.
    their_awards = list(
        Award.objects.filter(school_id=award.school_id, holder_name=award.holder_name)
        .select_related("school", "level__scheme")
        .order_by("-awarded_on", "pk")
    )
    if request.method == "POST":
        form = ConsentForm(request.POST, award=award)
        if form.is_valid():
            agrees = form.cleaned_data["agrees"]
            changed = [item for item in their_awards if item.holder_consents != agrees]
            if not changed:
                messages.info(request, "Nothing changed.")
            else:
                record_consent(changed, agrees, request.user)
                school = award.school.title
                if agrees:
                    text = f"{award.holder_name} is now named on {school}'s profile."
                else:
                    text = f"{award.holder_name} is no longer named on {school}'s profile."
                messages.success(request, text)
            return redirect("school_awards", award.school_id)
    else:
        form = ConsentForm(award=award)
    return TemplateResponse(
        request,
        "network/admin/award_consent.html",
        {
            "award": award,
            "school": award.school,
            "form": form,
            "their_awards": their_awards,
            "history": consent_history(their_awards),
            "back": reverse("school_awards", args=[award.school_id]),
        },
    )


# ------ On the admin home: staff awards not on the profile ------


def unnamed_staff_awards(user):
    """Awards held by staff of the schools this person edits who have not agreed to be
    named, in force today: the school may want to ask them."""
    return list(
        Award.objects.in_force()
        .of_staff()
        .filter(school__in=schools_of(user), holder_consents=False)
        .select_related("school", "level__scheme")
        .order_by("school__title", "holder_name")
    )


class SchoolAwardsPanel(Component):
    """On a school editor's admin home: where their awards and certificates are, and whose
    award is not on the profile yet."""

    name = "school_awards"
    order = 150

    def __init__(self, request, schools):
        self.request = request
        self.schools = schools

    def render_html(self, parent_context=None):
        from django.template.loader import render_to_string

        return render_to_string(
            "network/admin/awards_panel.html",
            {"schools": self.schools, "unnamed": unnamed_staff_awards(self.request.user)},
            request=self.request,
        )

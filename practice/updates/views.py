"""Reading an update (on screen, in print, as a PDF), comparing years, recording the review
and opening a year. Each view checks who may see the update before anything else."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from modelcluster.forms import ClusterForm

from network.permissions import is_scheme_staff
from practice.models import (
    AnnualReview,
    AnnualUpdatePage,
    ReminderKind,
    ReviewOutcome,
    UpdateStatus,
)
from practice.models.updates import previous_academic_year, update_context

from .access import can_record_review, can_view_update
from .compare import pair_sections, sections
from .forms import OpenYearForm
from .outcomes import accept_offer, apply_outcome
from .reminders import remind
from .stages import stage_rows
from .status import update_status
from .year import open_update_year


def _update_for(request, page_id):
    update = get_object_or_404(AnnualUpdatePage.objects.select_related("school"), pk=page_id)
    if not can_view_update(request.user, update):
        raise PermissionDenied
    return update


def _latest(update):
    """What the school last saved, even if it has not been signed off yet."""
    latest = update.get_latest_revision_as_object() if update.latest_revision_id else update
    latest.school = update.school
    return latest


def _reading_context(request, update):
    latest = _latest(update)
    context = update_context(latest)
    status = update_status(update)
    context.update(
        {
            "page": latest,
            "status": status,
            "can_record_review": can_record_review(request.user, update),
            "previous_update": previous_update(update),
            "is_staff": is_scheme_staff(request.user),
            "stage_rows": stage_rows(update, status, context["review"] is not None),
            "review_name": review_name(update),
        }
    )
    context["closed"] = context["status"] == UpdateStatus.REVIEWED
    return context


def read_update(request, page_id):
    update = _update_for(request, page_id)
    context = _reading_context(request, update)
    context.update(
        can_give_feedback=can_give_feedback(request.user, update),
        can_resolve_feedback=True,
        decisions=decisions_for(request.user, update),
    )
    return render(request, "practice/updates/read.html", context)


# ------ Feedback beside the text ------


def can_give_feedback(user, update):
    """The school's assessor (and scheme staff) write feedback; the school answers it."""
    return can_record_review(user, update) or is_scheme_staff(user)


def add_feedback(request, page_id):
    from network.models import Element
    from practice.models import FeedbackSection, UpdateFeedback

    update = _update_for(request, page_id)
    if not can_give_feedback(request.user, update):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("practice_updates:read", update.pk)
    section = request.POST.get("section", "")
    text = request.POST.get("text", "").strip()
    feedback = UpdateFeedback(update=update, section=section, text=text, author=request.user)
    if section == FeedbackSection.ELEMENT:
        element_id = request.POST.get("element", "")
        feedback.element = (
            Element.objects.filter(pk=element_id, framework_id=update.framework_id).first()
            if element_id.isdigit()
            else None
        )
        if feedback.element is None:
            section = ""
    elif section in (FeedbackSection.TARGET, FeedbackSection.STEP):
        position = request.POST.get("position", "")
        feedback.position = (
            int(position) if position.isdigit() and 0 < int(position) < 100 else None
        )
        if feedback.position is None:
            section = ""
    if section not in FeedbackSection.values:
        messages.error(request, "That part of the update could not be found: nothing was saved.")
        return redirect("practice_updates:read", update.pk)
    if not text:
        messages.error(request, f"Write your feedback on {feedback.place} before you add it.")
        return redirect(reverse("practice_updates:read", args=[update.pk]) + f"#{feedback.anchor}")
    feedback.save()
    messages.success(
        request,
        f"Your feedback on {feedback.place} is saved. The school sees it beside that part of "
        "the update; when you ask the school for changes they are told about it.",
    )
    return redirect(reverse("practice_updates:read", args=[update.pk]) + f"#{feedback.anchor}")


def resolve_feedback(request, feedback_id):
    from django.utils import timezone

    from practice.models import UpdateFeedback

    feedback = get_object_or_404(UpdateFeedback.objects.select_related("element"), pk=feedback_id)
    update = _update_for(request, feedback.update_id)
    if request.method == "POST":
        if feedback.resolved:
            feedback.resolved_at, feedback.resolved_by = None, None
            messages.info(request, f"The feedback on {feedback.place} is open again.")
        else:
            feedback.resolved_at, feedback.resolved_by = timezone.now(), request.user
            messages.success(request, f"The feedback on {feedback.place} is marked as resolved.")
        feedback.save(update_fields=["resolved_at", "resolved_by"])
    return redirect(reverse("practice_updates:read", args=[update.pk]) + f"#{feedback.anchor}")


# ------ Decisions on the reading page, in the scheme's words ------

# (the task's action, what the button says, what the message says afterwards)
ASSESSOR_DECISIONS = {
    "changes": ("reject", "Ask the school for changes", "The school has been asked for changes."),
    "approve": (
        "approve",
        "Approve for sign-off",
        "Approved: the update is with scheme staff to sign off.",
    ),
}
STAFF_DECISIONS = {
    "sign_off": ("approve", "Sign off the year", "Signed off: the year is complete."),
    "send_back": (
        "reject",
        "Send back to the school",
        "Sent back: the school has been asked for changes.",
    ),
}


def _current_task(update):
    state = update.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        return None, None
    task_state = state.current_task_state
    return task_state, task_state.task.specific if task_state else None


def decisions_for(user, update):
    """The decisions this user may take on the update now: {key: (action, label, message)}."""
    from practice.models import AssessorReviewTask

    task_state, task = _current_task(update)
    if task is None:
        return {}
    allowed = {name for name, _label, _modal in task.get_actions(update, user)}
    table = ASSESSOR_DECISIONS if isinstance(task, AssessorReviewTask) else STAFF_DECISIONS
    decisions = {key: value for key, value in table.items() if value[0] in allowed}
    if isinstance(task, AssessorReviewTask) and "approve" not in allowed and "changes" in decisions:
        from practice.models.cycle_steps import next_step

        names = " and ".join(stage.name for stage in next_step(update))
        if names:
            decisions["changes"] = (
                "reject",
                f"Send back for the next step: {names}",
                f"Sent back: the school goes on to {names}.",
            )
    if "sign_off" in decisions and not update.has_award_kinds:
        action, _label, _message = decisions["sign_off"]
        decisions["sign_off"] = (
            action,
            f"Sign off the {update.cycle_words}",
            f"Signed off: the {update.cycle_words} is complete.",
        )
    return decisions


def decide(request, page_id):
    update = _update_for(request, page_id)
    if request.method != "POST":
        return redirect("practice_updates:read", update.pk)
    decisions = decisions_for(request.user, update)
    key = request.POST.get("decision", "")
    if key not in decisions:
        raise PermissionDenied
    action, _label, message = decisions[key]
    task_state, task = _current_task(update)
    comment = request.POST.get("comment", "").strip()
    task.on_action(task_state, request.user, action, comment=comment)
    messages.success(request, f"{update.school.title}, {update.academic_year}: {message}")
    return redirect("practice_updates:read", update.pk)


def update_pdf(request, page_id):
    from weasyprint import HTML

    update = _update_for(request, page_id)
    html = render_to_string(
        "practice/updates/pdf.html", _reading_context(request, update), request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    cycle = update.slug.removeprefix("annual-update-")
    filename = f"{update.school.slug}-{cycle}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def previous_update(update):
    return (
        AnnualUpdatePage.objects.filter(
            school_id=update.school_id,
            academic_year=previous_academic_year(update.academic_year),
            process_id=update.process_id,
            person_name=update.person_name,
        )
        .exclude(pk=update.pk)
        .first()
    )


def compare_updates(request, page_id):
    update = _update_for(request, page_id)
    other_id = request.GET.get("with")
    if other_id and other_id.isdigit():
        from .access import updates_visible_to

        # Only a round the reader may open: a consultant assigned for one scheme reads that
        # scheme's rounds, not every round of the school.
        other = get_object_or_404(
            updates_visible_to(request.user), pk=int(other_id), school_id=update.school_id
        )
    else:
        other = previous_update(update)
    if other is not None and other.academic_year > update.academic_year:
        update, other = other, update
    rows, unpaired = pair_sections(sections(other), sections(update)) if other else ([], [])
    labels = update.rating_scale.labels
    return render(
        request,
        "practice/updates/compare.html",
        {
            "update": update,
            "other": other,
            "rows": rows,
            "unpaired": unpaired,
            "labels": labels,
            "other_labels": other.rating_scale.labels if other else labels,
            "school": update.school,
            "framework_changed": bool(other) and other.framework_id != update.framework_id,
        },
    )


class AnnualReviewForm(ClusterForm):
    """The reviewer's record: the visit, the outcome from the cycle's own outcomes, the
    strengths, the report's sections (stand-out area, next steps, conclusion) and the plan."""

    class Meta:
        model = AnnualReview
        fields = ["visit_date", "debrief_on", "outcome", "strengths"]
        labels = {"strengths": "Strengths", "debrief_on": "Debrief (if there was one)"}
        help_texts = {"visit_date": "YYYY-MM-DD", "debrief_on": "YYYY-MM-DD"}
        formsets = {"development_targets": {"fields": ["text"], "extra": 3, "can_delete": True}}

    def __init__(self, *args, update=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.update = update or self.instance.update
        self.fields["visit_date"].widget.input_type = "date"
        self.fields["debrief_on"].widget.input_type = "date"
        process = self.update.process if self.update.process_id else None
        outcomes = list(process.outcomes.all()) if process else []
        if outcomes:
            choices = [(item.code, item.label) for item in outcomes]
        else:
            choices = list(ReviewOutcome.choices)
        self.fields["outcome"] = forms.ChoiceField(
            label="Outcome",
            choices=[("", "Choose the outcome")] + choices,
            help_text=self._outcome_help(outcomes),
        )
        self.sections = list(process.report_sections.all()) if process else []
        written = {}
        if self.instance.pk:
            written = {text.section_id: text.text for text in self.instance.section_texts.all()}
        for section in self.sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=section.title,
                help_text=section.guidance,
                required=section.required,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=written.get(section.pk, ""),
            )

    def clean_visit_date(self):
        """A visit more than a year ahead is a mistyped year (and the award's end, counted
        from it, could pass the last date the site can hold)."""
        import datetime

        from django.utils import timezone

        visit = self.cleaned_data["visit_date"]
        if visit > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(
                f"The visit date {visit:%-d %B %Y} is more than a year away: check the year."
            )
        return visit

    def _outcome_help(self, outcomes):
        """What each outcome does, and for student evidence the level the evidence reaches."""
        notes = []
        if "students" in self.update.writes:
            from practice.models import student_shares

            shares = student_shares(self.update)
            reached = shares.level.name if shares.level else "no level yet"
            notes.append(
                f"{shares.percent}% of {shares.students} students completed every area: {reached}."
            )
        awards = [f"{item.label}: {item.level}" for item in outcomes if item.level_id]
        if awards:
            notes.append("The outcome gives the award: " + "; ".join(awards) + ".")
        return " ".join(notes)

    def section_values(self):
        return [
            (section, self.cleaned_data.get(f"section_{section.pk}", ""))
            for section in self.sections
        ]

    def save(self, commit=True):
        review = super().save(commit=commit)
        if commit:
            self.save_sections(review)
        return review

    def save_sections(self, review):
        from practice.models import ReviewSectionText

        for position, (section, text) in enumerate(self.section_values()):
            ReviewSectionText.objects.update_or_create(
                review=review, section=section, defaults={"text": text, "sort_order": position}
            )


REVIEW_RECORDED = "practice.annual_review.recorded"
REVIEW_CHANGED = "practice.annual_review.changed"


def log_review(update, review, user, first_time):
    """The audit log's entry on the update: who recorded which outcome. The strengths and
    the plan stay out of it; the log is read more widely than the review."""
    from wagtail.log_actions import log

    log(
        update,
        REVIEW_RECORDED if first_time else REVIEW_CHANGED,
        user=user,
        data={
            "outcome": review.outcome,
            "outcome_label": review.get_outcome_display(),
            "visit_date": review.visit_date.isoformat(),
            "review_id": review.pk,
        },
    )


def record_review(request, page_id):
    update = get_object_or_404(AnnualUpdatePage.objects.select_related("school"), pk=page_id)
    if not can_record_review(request.user, update):
        raise PermissionDenied
    review = AnnualReview.objects.filter(update=update).first()
    first_time = review is None
    if review is None:
        review = AnnualReview(update=update)
    if request.method == "POST":
        form = AnnualReviewForm(request.POST, instance=review, update=update)
        if form.is_valid():
            review = form.save(commit=False)
            review.recorded_by = request.user
            review.save()
            form.save_m2m()
            form.save_sections(review)
            apply_outcome(review)
            log_review(update, review, request.user, first_time)
            if first_time:
                remind(update, ReminderKind.REVIEW_RECORDED)
            messages.success(
                request, f"{review_name(update)} of {update.school} has been recorded."
            )
            return redirect("practice_updates:read", update.pk)
        messages.error(request, "The review could not be saved: please correct the errors below.")
    else:
        form = AnnualReviewForm(instance=review, update=update)
    return render(
        request,
        "practice/updates/review_form.html",
        {
            "form": form,
            "update": update,
            "school": update.school,
            "review_name": review_name(update),
            "section_fields": [form[f"section_{section.pk}"] for section in form.sections],
        },
    )


def review_name(update):
    """IQM's "The annual review"; another cycle's "The consultant's report"."""
    if update.has_award_kinds:
        return "The annual review"
    return f"The {update.reviewer_title}'s report"


def accept_offered_level(request, page_id):
    """Scheme staff take up the level a review offered (Flagship after three years)."""
    update = _update_for(request, page_id)
    if not is_scheme_staff(request.user):
        raise PermissionDenied
    review = AnnualReview.objects.filter(update=update).select_related("offered_level").first()
    if request.method == "POST" and review is not None and review.offered_level_id:
        level = review.offered_level
        award = accept_offer(review)
        messages.success(
            request,
            f"{update.school.title} holds {level} from {award.awarded_on:%-d %B %Y}; "
            "next year's round opens at that level.",
        )
    return redirect("practice_updates:read", update.pk)


def open_year(request):
    if not is_scheme_staff(request.user):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = OpenYearForm(request.POST)
        if form.is_valid():
            result = open_update_year(
                form.cleaned_data["academic_year"], form.cleaned_data["deadline"]
            )
            messages.success(
                request,
                f"{form.cleaned_data['academic_year']}: {len(result.created)} updates created, "
                f"{len(result.existing)} already open.",
            )
    else:
        form = OpenYearForm()
    return render(
        request,
        "practice/updates/open_year.html",
        {"form": form, "result": result, "dashboard_url": reverse("practice_updates:dashboard")},
    )


def my_updates(request):
    """The updates a school editor or an assessor may open, newest year first."""
    from .access import updates_visible_to
    from .status import status_of, workflow_states_for

    updates = list(
        updates_visible_to(request.user)
        .select_related("school")
        .order_by("-academic_year", "school__title")
    )
    states = workflow_states_for(updates)
    assessed = set(request.user.assessor_assignments.values_list("school_id", flat=True))
    rows = [
        {
            "update": update,
            "status": status_of(update, states.get(update.pk)),
            "can_record_review": update.school_id in assessed or request.user.is_superuser,
        }
        for update in updates
    ]
    return render(request, "practice/updates/my_updates.html", {"rows": rows})


UPDATE_REOPENED = "practice.update_reopened"


def reopen_update(request, page_id):
    """Scheme staff reopen a signed-off update so the school can change it and send it again."""
    from django.utils import timezone
    from wagtail.log_actions import log

    update = _update_for(request, page_id)
    if not is_scheme_staff(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("practice_updates:read", update.pk)
    from .status import is_closed

    if not is_closed(update):
        messages.info(
            request, f"{update.school.title}'s update for {update.academic_year} is open."
        )
        return redirect("practice_updates:read", update.pk)
    update.reopened_at = timezone.now()
    AnnualUpdatePage.objects.filter(pk=update.pk).update(reopened_at=update.reopened_at)
    log(instance=update, action=UPDATE_REOPENED, user=request.user)
    messages.success(
        request,
        f"{update.school.title}'s update for {update.academic_year} is open again: "
        "the school can change it and send it to their assessor.",
    )
    return redirect("practice_updates:read", update.pk)


def remind_school(request, page_id):
    """Scheme staff remind a late school now, from their home or the dashboard."""
    from django.utils import timezone

    from .reminders import recipients_of, send_update_reminder

    update = _update_for(request, page_id)
    if not is_scheme_staff(request.user):
        raise PermissionDenied
    if request.method == "POST":
        addresses = recipients_of(update, ReminderKind.OVERDUE)
        if not addresses:
            messages.error(
                request,
                f"{update.school.title} has no editor with an email address and no contact "
                "email on its profile: add one to remind the school.",
            )
        else:
            send_update_reminder.enqueue(
                update_id=update.pk,
                kind=ReminderKind.OVERDUE.value,
                occasion=f"staff-{timezone.now():%Y%m%d%H%M%S}",
            )
            messages.success(
                request,
                f"A reminder is on its way to {update.school.title}: {', '.join(addresses)}.",
            )
    return redirect(request.POST.get("next") or "wagtailadmin_home")


def start_cycle_view(request):
    """Scheme staff start one school's cycle (or one member of staff's)."""
    from network.models import Process
    from network.permissions import runs_a_scheme, staffed_schemes

    from .forms import StartCycleForm
    from .year import start_cycle

    if not runs_a_scheme(request.user):
        raise PermissionDenied
    schemes = staffed_schemes(request.user)
    processes = Process.objects.select_related("scheme").order_by(
        "scheme__short_name", "sort_order"
    )
    if schemes is not None:
        processes = processes.filter(scheme_id__in=schemes)
    form = StartCycleForm(request.POST or None, processes=processes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update, created = start_cycle(
                data["school"],
                data["cycle"],
                data["academic_year"],
                data["deadline"],
                person_name=data["person_name"],
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            started = "is started" if created else "was already started"
            messages.success(
                request,
                f"{data['cycle'].name} {data['academic_year']} for {update.school.title} "
                f"{started}: the school's editors see it on their dashboard.",
            )
            return redirect("practice_updates:read", update.pk)
    return render(request, "practice/updates/start_cycle.html", {"form": form})

"""Annual updates in the Wagtail admin: staff menus and views, snippets for the rating scale
and element mappings, reading/review buttons on an update, and a plain refusal (403) for
signed-in users who may not see an update on the site."""

from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.permissions import is_scheme_staff, runs_a_scheme
from practice.models import AnnualUpdatePage, ElementMapping, RatingScale

from . import urls
from .access import can_record_review, can_view_update


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_scheme_staff(request.user)


class SchemeStaffMenuItem(MenuItem):
    """The network's scheme staff and a scheme's own staff."""

    def is_shown(self, request):
        return runs_a_scheme(request.user)


class StaffSubmenuMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return runs_a_scheme(request.user)


@hooks.register("register_admin_urls")
def register_update_urls():
    return [path("updates/", include((urls, "practice_updates"), namespace="practice_updates"))]


@hooks.register("register_admin_menu_item")
def register_updates_menu():
    menu = Menu(
        items=[
            SchemeStaffMenuItem(
                "Dashboard", reverse("practice_updates:dashboard"), icon_name="date", order=1
            ),
            StaffMenuItem(
                "Element coverage",
                reverse("practice_updates:coverage"),
                icon_name="table",
                order=2,
            ),
            StaffMenuItem(
                "Open a year", reverse("practice_updates:open_year"), icon_name="plus", order=3
            ),
            SchemeStaffMenuItem(
                "Start a school's cycle",
                reverse("practice_updates:start_cycle"),
                icon_name="plus",
                order=4,
            ),
        ]
    )
    return StaffSubmenuMenuItem("Annual updates", menu, icon_name="doc-full", order=250)


class OwnUpdatesMenuItem(MenuItem):
    """For school editors and assessors: the updates of their own schools."""

    def is_shown(self, request):
        user = request.user
        return not runs_a_scheme(user) and (
            user.assessor_assignments.exists() or user.groups.filter(school__isnull=False).exists()
        )


@hooks.register("register_admin_menu_item")
def register_own_updates_menu():
    return OwnUpdatesMenuItem(
        "Annual updates", reverse("practice_updates:mine"), icon_name="doc-full", order=251
    )


class ElementMappingViewSet(SnippetViewSet):
    model = ElementMapping
    icon = "arrow-right"
    menu_label = "Element mappings"
    add_to_admin_menu = False
    list_display = ["from_element", "to_element"]


class RatingScaleViewSet(SnippetViewSet):
    model = RatingScale
    icon = "order"
    menu_label = "Self-rating scales"
    add_to_admin_menu = False
    list_display = ["scheme", "level_1", "level_2", "level_3", "level_4"]


register_snippet(ElementMappingViewSet)
register_snippet(RatingScaleViewSet)


@hooks.register("register_page_header_buttons")
def update_buttons(page, user, next_url=None, view_name=None):
    if not isinstance(page.specific_deferred, AnnualUpdatePage):
        return []
    update = page.specific_deferred
    if not can_view_update(user, update):
        return []
    buttons = [
        Button("Read and print", reverse("practice_updates:read", args=[page.pk]), priority=10),
        Button("Download PDF", reverse("practice_updates:pdf", args=[page.pk]), priority=11),
        Button(
            "Compare with last year",
            reverse("practice_updates:compare", args=[page.pk]),
            priority=12,
        ),
    ]
    if is_scheme_staff(user):
        from .status import is_closed

        if is_closed(update):
            buttons.append(
                Button(
                    "Reopen for the school",
                    reverse("practice_updates:read", args=[page.pk]) + "#reopen",
                    priority=14,
                )
            )
    if can_record_review(user, update):
        buttons.append(
            Button(
                "Record the annual review" if update.has_award_kinds else "Record the report",
                reverse("practice_updates:review", args=[page.pk]),
                priority=13,
            )
        )
    return buttons


@hooks.register("before_serve_page")
def refuse_other_readers(page, request, serve_args, serve_kwargs):
    """Anonymous visitors meet Wagtail's login prompt; signed-in outsiders get a refusal."""
    if (
        isinstance(page, AnnualUpdatePage)
        and request.user.is_authenticated
        and not can_view_update(request.user, page)
    ):
        return TemplateResponse(
            request, "practice/updates/refused.html", {"page": page}, status=403
        )
    return None


@hooks.register("before_create_page")
def only_staff_open_a_year(request, parent_page, page_class):
    """Each school's update for a year is made when staff open the year, with its deadline,
    framework and award kind; a school does not add one of its own."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if issubclass(page_class, AnnualUpdatePage) and not is_scheme_staff(request.user):
        messages.error(
            request,
            "Annual updates are opened by scheme staff for every school at once; yours will "
            "appear here when the year opens.",
        )
        return redirect("wagtailadmin_explore", parent_page.pk)
    return None


@hooks.register("before_edit_page")
def signed_off_updates_are_closed(request, page):
    """Once staff have signed an update off it is closed to the school (and its assessor)
    until staff reopen it: the editor opens the reading page instead, which says so."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .status import is_closed

    update = page.specific_deferred
    if not isinstance(update, AnnualUpdatePage):
        return None
    from .views import can_give_feedback

    request._gives_feedback = can_give_feedback(request.user, update)
    if not is_scheme_staff(request.user) and is_closed(update):
        messages.warning(
            request,
            f"{update.school.title}'s update for {update.academic_year} has been reviewed and "
            "signed off, so it is closed. If something needs to change, ask scheme staff to "
            "reopen it.",
        )
        return redirect("practice_updates:read", page.pk)
    return None


@hooks.register("before_copy_page")
def updates_are_not_copied(request, page):
    """A school writes one update a year, opened by staff; a copy would be a second one."""
    from django.contrib import messages
    from django.shortcuts import redirect

    if isinstance(page.specific_deferred, AnnualUpdatePage):
        messages.error(
            request,
            "Annual updates cannot be copied: each year's update is opened by scheme staff.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("after_edit_page")
def assessors_return_to_their_updates(request, page):
    """After approving or requesting changes, Wagtail sends the reviewer to the school's page
    in the explorer, which an assessor may not open ("Sorry, you do not have permission"):
    send them to their list of updates, which shows the new status and Wagtail's message."""
    from django.shortcuts import redirect
    from wagtail.admin.utils import get_valid_next_url_from_request

    if (
        request.POST.get("action-workflow-action")
        and isinstance(page.specific_deferred, AnnualUpdatePage)
        and not is_scheme_staff(request.user)
        and not get_valid_next_url_from_request(request)
    ):
        return redirect("practice_updates:mine")
    return None


# ------ Admin listings show outsiders no update ------


def _hidden_updates(user):
    """The updates this user may not read, as a subquery (none for scheme staff)."""
    from .access import updates_visible_to

    if is_scheme_staff(user):
        return AnnualUpdatePage.objects.none().values("pk")
    return AnnualUpdatePage.objects.exclude(pk__in=updates_visible_to(user).values("pk")).values(
        "pk"
    )


@hooks.register("construct_page_chooser_queryset")
def hide_updates_in_the_page_chooser(pages, request):
    """The page chooser browses and searches the whole tree; an update another school
    cannot read is not offered to it, nor is its title shown."""
    return pages.exclude(pk__in=_hidden_updates(request.user))


@hooks.register("construct_explorer_page_queryset")
def hide_updates_in_the_explorer(parent_page, pages, request):
    return pages.exclude(pk__in=_hidden_updates(request.user))


# ------ Evidence goes private with the update ------


@hooks.register("after_create_page", order=-1)
@hooks.register("after_edit_page", order=-1)
def make_evidence_private(request, page):
    """Before any hook that answers with a redirect of its own, which would end the round."""
    from .access import secure_evidence

    if isinstance(page.specific_deferred, AnnualUpdatePage):
        secure_evidence(page.specific)


# ------ The annual review in the audit log ------


@hooks.register("register_log_actions")
def register_review_actions(actions):
    from wagtail.log_actions import LogFormatter

    from .views import REVIEW_CHANGED, REVIEW_RECORDED, UPDATE_REOPENED

    @actions.register_action(REVIEW_RECORDED)
    class ReviewRecorded(LogFormatter):
        label = "Annual review recorded"

        def format_message(self, log_entry):
            return f"Annual review recorded: {log_entry.data.get('outcome_label', '')}"

    @actions.register_action(UPDATE_REOPENED)
    class UpdateReopened(LogFormatter):
        label = "Reopened for the school"

        def format_message(self, log_entry):
            return "Reopened for the school by scheme staff"

    @actions.register_action(REVIEW_CHANGED)
    class ReviewChanged(LogFormatter):
        label = "Annual review changed"

        def format_message(self, log_entry):
            return f"Annual review changed: {log_entry.data.get('outcome_label', '')}"


# ------ Each role's home says what it has to do ------


@hooks.register("construct_homepage_panels")
def tasks_first(request, panels):
    from .home import TasksPanel

    panels.insert(0, TasksPanel(request))


@hooks.register("construct_homepage_summary_items", order=1000)
def no_page_counts_but_for_superusers(request, summary_items):
    """ "375 Pages / 0 Images" tells a school's editor, an assessor or scheme staff nothing
    they need: their home lists their tasks. Only a superuser, who runs the site, sees them."""
    if not request.user.is_superuser:
        summary_items.clear()


@hooks.register("before_serve_document")
def evidence_for_its_readers_only(document, request):
    """A school's private evidence collection holds the evidence of all its rounds; whoever
    the collection admits (every assessor of the school, a scheme's own staff), a document
    in it goes only to the school's editors, the network's scheme staff, and those who may
    open a round of the school that cites it (an IQM assessor, not VbE's consultant)."""
    from django.core.exceptions import PermissionDenied

    from network.models import SchoolPage
    from network.permissions import is_editor_of

    from .access import EVIDENCE_PREFIX, evidence_document_ids, updates_visible_to

    name = document.collection.name if document.collection_id else ""
    if not name.startswith(EVIDENCE_PREFIX):
        return None
    user = request.user
    if not user.is_authenticated:
        return None  # the collection's own restriction sends them to sign in
    if is_scheme_staff(user):
        return None
    school = SchoolPage.objects.filter(urn=name.removeprefix(EVIDENCE_PREFIX).strip()).first()
    if school is not None and is_editor_of(user, school):
        return None
    rounds = updates_visible_to(user).filter(school=school) if school else []
    if any(document.pk in evidence_document_ids(update) for update in rounds):
        return None
    raise PermissionDenied

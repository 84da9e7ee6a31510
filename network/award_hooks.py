"""A school's awards in the admin: the page of its awards and its staff's, each award's
certificate, whether a member of staff agrees to be named, and where these are linked from
(the menu, a school's page, the admin home); the audit log's words for the agreement."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import school_awards
from .award_access import AwardReader
from .certificates import award_certificate
from .models import SchoolPage
from .permissions import is_scheme_staff, schools_of


@hooks.register("register_admin_urls")
def school_award_urls():
    return [
        path("school-awards/", school_awards.my_school_awards, name="my_school_awards"),
        path("school-awards/<int:school_id>/", school_awards.school_awards, name="school_awards"),
        path(
            "school-awards/award/<int:award_id>/named/",
            school_awards.award_consent,
            name="award_consent",
        ),
        path(
            "school-awards/award/<int:award_id>/certificate/",
            award_certificate,
            name="award_certificate",
        ),
    ]


class SchoolAwardsMenuItem(MenuItem):
    """For a school's editors and assessors; scheme staff reach a school's from its page."""

    def is_shown(self, request):
        user = request.user
        return not is_scheme_staff(user) and (
            user.assessor_assignments.exists() or user.groups.filter(school__isnull=False).exists()
        )


@hooks.register("register_admin_menu_item")
def register_school_awards_menu():
    return SchoolAwardsMenuItem(
        "Awards and certificates",
        reverse("my_school_awards"),
        icon_name="success",
        order=252,
    )


@hooks.register("register_page_header_buttons")
def school_awards_button(page, user, view_name, next_url=None):
    if page.specific_class is SchoolPage and AwardReader(user, page.specific).may_open():
        yield Button(
            "Awards and certificates",
            url=reverse("school_awards", args=[page.pk]),
            icon_name="success",
            priority=80,
        )


@hooks.register("construct_homepage_panels")
def add_school_awards_panel(request, panels):
    schools = list(schools_of(request.user).order_by("title"))
    if schools:
        panels.append(school_awards.SchoolAwardsPanel(request, schools))


@hooks.register("register_log_actions")
def register_consent_actions(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action(school_awards.CONSENT_GIVEN)
    class ConsentGiven(LogFormatter):
        label = "Agreed to be named on the school's profile"

        def format_message(self, log_entry):
            name = log_entry.data.get("member_of_staff", "")
            return f"{name} agreed to be named on {log_entry.data.get('school', '')}'s profile"

    @actions.register_action(school_awards.CONSENT_WITHDRAWN)
    class ConsentWithdrawn(LogFormatter):
        label = "No longer named on the school's profile"

        def format_message(self, log_entry):
            name = log_entry.data.get("member_of_staff", "")
            return f"{name} withdrew their agreement to be named on the school's profile"

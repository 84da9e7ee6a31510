"""A school's data export in the Wagtail admin: its address, and a button on a school's page."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from network.models import SchoolPage

from .views import can_export, school_export


@hooks.register("register_admin_urls")
def school_export_urls():
    return [path("school-export/<int:school_id>/", school_export, name="school_export")]


@hooks.register("register_page_header_buttons")
def school_export_button(page, user, view_name, next_url=None):
    """On a school's page in the admin, for those who may download it."""
    if page.specific_class is SchoolPage and can_export(user, page.specific):
        yield Button(
            "Export this school's data",
            url=reverse("school_export", args=[page.pk]),
            icon_name="download",
            priority=90,
        )

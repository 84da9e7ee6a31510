"""The site's hooks into Wagtail's page serving."""

from wagtail import hooks

from .cache import remember_served_page
from .outbox_admin import QueuedEmailViewSet


@hooks.register("on_serve_page")
def mark_page_for_the_page_cache(next_serve_page):
    """Tell the page cache which page answered, once Wagtail has let the visitor see it."""

    def serve(page, request, args, kwargs):
        remember_served_page(request, page)
        return next_serve_page(page, request, args, kwargs)

    return serve


# ------ A school's data export ------


@hooks.register("register_admin_urls")
def school_export_urls():
    from django.urls import path

    from .school_export.views import school_export

    return [path("school-export/<int:school_id>/", school_export, name="school_export")]


@hooks.register("register_page_header_buttons")
def school_export_button(page, user, view_name, next_url=None):
    """On a school's page in the admin, for those who may download it."""
    from django.urls import reverse
    from wagtail.admin.widgets import Button

    from network.models import SchoolPage

    from .school_export.views import can_export

    if page.specific_class is SchoolPage and can_export(user, page.specific):
        yield Button(
            "Export this school's data",
            url=reverse("school_export", args=[page.pk]),
            icon_name="download",
            priority=90,
        )


# ------ The email outbox ------


@hooks.register("register_admin_viewset")
def register_email_outbox():
    return QueuedEmailViewSet("email_outbox")


# ------ The scheme's words on Wagtail's buttons and messages ------


@hooks.register("construct_page_action_menu")
def rename_page_actions(menu_items, request, context):
    from .wording import _workflow_of, rename_actions, send_to

    rename_actions(menu_items, request, context)
    workflow = _workflow_of(context)
    request._wording_send_to = send_to(workflow.name if workflow else "")


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def remember_whom_it_went_to(request, page):
    """The message after a submission names whom it went to ("your assessor")."""
    from .wording import send_to

    workflow = page.get_workflow()
    request._wording_send_to = send_to(workflow.name if workflow else "")


# ------ Names for the rich text editors (axe: aria-input-field-name) ------


@hooks.register("insert_editor_js")
def name_rich_text_editors():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}"></script>', static("js/admin-rich-text-labels.js"))

"""The site's hooks into Wagtail's page serving."""

from wagtail import hooks

from .cache import remember_served_page
from .outbox_admin import EmailOutboxViewSet


@hooks.register("on_serve_page")
def mark_page_for_the_page_cache(next_serve_page):
    """Tell the page cache which page answered, once Wagtail has let the visitor see it."""

    def serve(page, request, args, kwargs):
        remember_served_page(request, page)
        return next_serve_page(page, request, args, kwargs)

    return serve


# ------ The email outbox ------


@hooks.register("register_admin_viewset")
def register_email_outbox():
    return EmailOutboxViewSet("email_outbox")


# ------ Peer suggestions on a school editor's dashboard ------


from wagtail.admin.ui.components import Component  # noqa: E402


class PeerSuggestionsPanel(Component):
    """Schools like yours, who can help on an element, and (for cluster leads) twinning."""

    name = "peer_suggestions"
    order = 60

    def __init__(self, request, schools, clusters):
        self.request = request
        self.schools = schools
        self.clusters = clusters

    def render_html(self, parent_context=None):
        from django.template.loader import render_to_string

        from .peers import twinning_suggestions
        from .templatetags.peer_tags import peer_context

        blocks = [peer_context(school, self.request, similar_limit=3) for school in self.schools]
        twinning = [(cluster, twinning_suggestions(cluster)) for cluster in self.clusters]
        return render_to_string(
            "network/admin/peer_panel.html",
            {"blocks": blocks, "twinning": twinning, "request": self.request},
            request=self.request,
        )


@hooks.register("construct_homepage_panels")
def add_peer_suggestions(request, panels):
    from network.models import ClusterPage
    from network.permissions import schools_of

    schools = list(schools_of(request.user).live().order_by("title")[:3])
    if not schools:
        return
    clusters = list(
        ClusterPage.objects.live()
        .filter(lead_school__in=schools)
        .select_related("lead_school")
        .order_by("title")
    )
    panels.append(PeerSuggestionsPanel(request, schools, clusters))


# ------ The scheme's words on Wagtail's buttons and messages ------


@hooks.register("construct_page_action_menu")
def rename_page_actions(menu_items, request, context):
    from .wording import _workflow_of, rename_actions, send_to

    rename_actions(menu_items, request, context)
    workflow = _workflow_of(context)
    request._wording_send_to = send_to(workflow.name if workflow else "", context.get("page"))


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def remember_whom_it_went_to(request, page):
    """The message after a submission names whom it went to ("your assessor")."""
    from .wording import send_to

    workflow = page.get_workflow()
    request._wording_send_to = send_to(workflow.name if workflow else "", page)


# ------ Names for the rich text editors (axe: aria-input-field-name) ------


@hooks.register("insert_editor_js")
def name_rich_text_editors():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}"></script>', static("js/admin-rich-text-labels.js"))

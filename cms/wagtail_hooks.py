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

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


# ------ The email outbox ------


@hooks.register("register_admin_viewset")
def register_email_outbox():
    return QueuedEmailViewSet("email_outbox")

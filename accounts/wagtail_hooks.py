from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from network.permissions import is_scheme_staff

from . import admin_views


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_scheme_staff(request.user)


@hooks.register("register_admin_urls")
def register_invitation_urls():
    urls = [
        path("", admin_views.index, name="index"),
        path("new/", admin_views.invite_one, name="new"),
        path("csv/", admin_views.invite_csv, name="csv"),
        path("<int:pk>/send-again/", admin_views.send_again, name="send_again"),
    ]
    return [path("invitations/", include((urls, "accounts_admin"), namespace="accounts_admin"))]


@hooks.register("register_admin_menu_item")
def register_invitations_menu():
    return StaffMenuItem(
        "Invitations", reverse("accounts_admin:index"), icon_name="mail", order=260
    )


@hooks.register("register_account_menu_item")
def register_two_step_account_item(request):
    return {
        "url": reverse("accounts:setup"),
        "label": "Two-step sign-in",
        "help_text": "A code from your phone as well as your password when you sign in.",
    }

"""The email outbox in the Wagtail admin: scheme staff can see what waits, and why; read only.

Nothing here edits or deletes a message: the outbox is the record that an email is owed, and
`send_queued_email` is the only thing that marks one sent."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from network.permissions import SCHEME_STAFF, is_scheme_staff

from .outbox import QueuedEmail


class ReadOnlyForStaff(BasePermissionPolicy):
    """Scheme staff and superusers may look; nobody may add, change or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and is_scheme_staff(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=SCHEME_STAFF)).distinct()


class QueuedEmailViewSet(ModelViewSet):
    model = QueuedEmail
    icon = "mail"
    menu_label = "Email outbox"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    # Wagtail builds a form class even though no one may add or edit (see the policy).
    exclude_form_fields = ["message"]
    list_display = [
        Column("subject", label="Subject", accessor="subject"),
        Column("recipients", label="To", accessor=lambda q: ", ".join(q.recipients)),
        Column("status", label="Status", accessor="status"),
        Column("attempts", label="Attempts", accessor="attempts"),
        DateColumn("created_at", label="Written"),
        DateColumn("next_attempt_at", label="Next try"),
        DateColumn("sent_at", label="Sent"),
    ]
    inspect_view_fields = [
        "subject",
        "from_email",
        "recipients",
        "created_at",
        "attempts",
        "last_error",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
    ]


register_permission_policy(QueuedEmail, ReadOnlyForStaff(QueuedEmail), exact_class=True)

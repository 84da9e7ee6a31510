"""The email outbox in the Wagtail admin: scheme staff see each message and how sending went.

Read only. The messages are the email tasks in the queue (cms.mail.EmailTask, rows of
django-tasks-db's table): waiting for the mail server, sent, or an attempt that failed
(the next attempt waits beside it, with its time)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from network.permissions import SCHEME_STAFF, is_scheme_staff

from .mail import EmailTask


class ReadOnlyForStaff(BasePermissionPolicy):
    """Scheme staff and superusers may look; nobody may add, change or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and is_scheme_staff(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=SCHEME_STAFF)).distinct()


class EmailOutboxViewSet(ModelViewSet):
    model = EmailTask
    icon = "mail"
    menu_label = "Email outbox"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    # Wagtail builds a form class even though no one may add or edit (see the policy).
    form_fields = ["queue_name"]
    list_display = [
        Column("subject", label="Subject", accessor="subject"),
        Column("recipients", label="To", accessor="recipients"),
        Column("state", label="Status", accessor="state"),
        Column("attempt", label="Attempt", accessor="attempt"),
        DateColumn("enqueued_at", label="Queued"),
        DateColumn("next_try", label="Next try", accessor="next_try"),
        DateColumn("finished_at", label="Finished"),
    ]
    inspect_view_fields = [
        "subject",
        "recipients",
        "state",
        "attempt",
        "enqueued_at",
        "started_at",
        "finished_at",
        "next_try",
        "error",
    ]


register_permission_policy(EmailTask, ReadOnlyForStaff(EmailTask), exact_class=True)

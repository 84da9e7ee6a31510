from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .permissions import ensure_role_groups

        post_migrate.connect(_ensure_role_groups, sender=self)
        self._ensure_role_groups = ensure_role_groups


def _ensure_role_groups(sender, **kwargs):
    sender._ensure_role_groups()

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


def _ensure_role_groups(sender, using="default", apps=None, **kwargs):
    """Runs before django.contrib.auth has made this app's permissions on a fresh database
    (our receiver is connected first), so make them here: otherwise "Scheme staff" would
    get no rights over schemes and awards until `migrate` ran a second time."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(sender, verbosity=0, using=using, apps=apps or global_apps)
    sender._ensure_role_groups()

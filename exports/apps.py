from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """A school's data out (a zip it can keep) and back in (restore_school)."""

    name = "exports"
    verbose_name = "School data export"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit, cache, cache_signals, privacy  # noqa: F401 (cache: its check)

        privacy.install()
        from . import wording

        wording.install()
        audit.connect()
        cache_signals.connect()

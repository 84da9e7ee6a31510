from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms.search import admin, signals  # noqa: F401
        from cms.search.permissions import grant_synonym_permissions

        from . import audit, cache_signals, privacy

        privacy.install()
        from . import wording

        wording.install()
        audit.connect()
        cache_signals.connect()
        post_migrate.connect(grant_synonym_permissions, dispatch_uid="cms_search_synonyms")

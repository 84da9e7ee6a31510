from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Practice search: records, engines, the search page and its JSON API."""

    name = "search"
    verbose_name = "Practice search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import admin, signals  # noqa: F401
        from .permissions import grant_synonym_permissions

        post_migrate.connect(grant_synonym_permissions, dispatch_uid="cms_search_synonyms")

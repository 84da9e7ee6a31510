from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network.frameworks import frameworks_loaded

        from .mappings import on_frameworks_loaded
        from .publishing import signals as publishing_signals  # noqa: F401
        from .updates import signals as update_signals

        frameworks_loaded.connect(on_frameworks_loaded, dispatch_uid="practice-element-mappings")
        update_signals.install_comment_mail_filter()
        update_signals.quiet_wagtail_rejection_mail()

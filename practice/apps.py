from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .publishing import signals as publishing_signals  # noqa: F401
        from .updates import signals as update_signals

        update_signals.install_comment_mail_filter()
        update_signals.quiet_wagtail_rejection_mail()

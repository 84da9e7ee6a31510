from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .publishing import signals as publishing_signals  # noqa: F401
        from .publishing.setup import after_migrate
        from .updates import signals as update_signals

        update_signals.install_comment_mail_filter()
        post_migrate.connect(after_migrate, dispatch_uid="practice_after_migrate")
        post_migrate.connect(update_signals.grant_staff_permissions, sender=self)

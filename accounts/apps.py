from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People joining and signing in: invitations by email, and the second factor."""

    name = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="accounts.second_factor")

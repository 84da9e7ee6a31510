from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People joining and signing in: invitations by email, and the second factor."""

    name = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

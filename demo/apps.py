from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network: seed_demo, demo_logins and demo_practice_jsonl."""

    name = "demo"
    verbose_name = "Demo network"
    default_auto_field = "django.db.models.BigAutoField"

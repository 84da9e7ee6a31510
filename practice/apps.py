from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"
    default_auto_field = "django.db.models.BigAutoField"

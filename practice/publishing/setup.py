"""Run after every migrate: the review workflow, its assignments and the curators' rights.

Django creates each app's permissions when post_migrate is sent for that app, in the order of
INSTALLED_APPS, and wagtail.contrib.search_promotions comes after practice. So the work waits
for the signal of the last app (the signal is only sent for apps with models), when every
permission exists.
"""

from django.apps import apps


def after_migrate(sender, **kwargs):
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from django.contrib.auth.models import Permission

    if not Permission.objects.filter(codename="access_admin").exists():
        return
    from .permissions import grant_curation_to_staff
    from .workflow import assign_practice_review_everywhere

    assign_practice_review_everywhere()
    grant_curation_to_staff()

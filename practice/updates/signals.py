"""Keep updates private and on their workflow, and send the reminders that follow events."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import task_rejected, task_submitted

from practice.models import AnnualUpdatePage, AssessorReviewTask, ReminderKind

from .access import protect_update
from .reminders import remind


@receiver(post_save, sender=AnnualUpdatePage)
def make_new_update_private(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        protect_update(instance)


def _update_of(task_state):
    page = task_state.workflow_state.content_object
    page = getattr(page, "specific", page)
    return page if isinstance(page, AnnualUpdatePage) else None


@receiver(task_submitted)
def tell_the_assessor(sender, instance, user=None, **kwargs):
    """On submission (and resubmission) the assessor's task starts: tell the assessor."""
    if not isinstance(instance.task.specific, AssessorReviewTask):
        return
    update = _update_of(instance)
    if update is not None:
        remind(update, ReminderKind.SUBMITTED, occasion=f"task-{instance.pk}")


@receiver(task_rejected)
def tell_the_school_of_changes(sender, instance, user=None, **kwargs):
    update = _update_of(instance)
    if update is not None:
        remind(update, ReminderKind.CHANGES_REQUESTED, occasion=f"task-{instance.pk}")


STAFF_MODELS = ["elementmapping", "ratingscale", "annualreview"]


def grant_staff_permissions(sender=None, **kwargs):
    """Scheme staff edit element mappings and rating scales (and reviews) in the admin."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from network.permissions import SCHEME_STAFF

    if sender is not None:
        # This app's ready() runs before auth's, so its permissions may not exist yet.
        create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    staff = Group.objects.filter(name=SCHEME_STAFF).first()
    if staff is not None:
        staff.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="practice", content_type__model__in=STAFF_MODELS
            )
        )

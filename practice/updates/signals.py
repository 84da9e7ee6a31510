"""Keep updates private and on their workflow, and send the reminders that follow events."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageSubscription
from wagtail.signals import task_rejected, task_submitted, workflow_approved

from network.models import AssessorAssignment
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


@receiver(workflow_approved, dispatch_uid="updates_signed_off_close")
def signed_off_closes_the_update(sender, instance, user=None, **kwargs):
    """Signed off again after staff reopened it: closed again."""
    page = getattr(instance.content_object, "specific", instance.content_object)
    if isinstance(page, AnnualUpdatePage) and page.reopened_at is not None:
        AnnualUpdatePage.objects.filter(pk=page.pk).update(reopened_at=None)


@receiver(task_rejected)
def tell_the_school_of_changes(sender, instance, user=None, **kwargs):
    update = _update_of(instance)
    if update is not None:
        remind(update, ReminderKind.CHANGES_REQUESTED, occasion=f"task-{instance.pk}")


# ------ Comment notifications go to current readers only ------


def forget_lost_readers(subscriptions):
    """Wagtail emails a page's comment subscribers every new comment, whoever they are
    now: drop the subscriptions to updates of those who may no longer read them."""
    from .access import can_view_update

    subscriptions = subscriptions.filter(
        page__in=AnnualUpdatePage.objects.values("pk")
    ).select_related("user")
    updates = AnnualUpdatePage.objects.select_related("school").in_bulk(
        {subscription.page_id for subscription in subscriptions}
    )
    lost = [
        subscription.pk
        for subscription in subscriptions
        if not can_view_update(subscription.user, updates[subscription.page_id])
    ]
    if lost:
        PageSubscription.objects.filter(pk__in=lost).delete()


@receiver(post_delete, sender=AssessorAssignment, dispatch_uid="updates_unassigned_assessor")
def assessor_unassigned(sender, instance, **kwargs):
    forget_lost_readers(
        PageSubscription.objects.filter(
            user_id=instance.assessor_id, page__annualupdatepage__school_id=instance.school_id
        )
    )


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="updates_left_a_group")
def left_a_group(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_remove", "post_clear"):
        return
    if not reverse:
        forget_lost_readers(PageSubscription.objects.filter(user=instance))
    elif pk_set:
        forget_lost_readers(PageSubscription.objects.filter(user_id__in=pk_set))
    else:  # a group emptied of everyone
        forget_lost_readers(PageSubscription.objects.all())


def comment_mail_to_readers_only(send_notification):
    """Wagtail's page editor mails a comment thread to everyone who wrote in it, as well as
    to the page's subscribers, without asking whether they may still read the page. For an
    annual update, only its current readers get the mail: an editor who left the school or
    an assessor no longer assigned to it would otherwise keep receiving its comments."""

    def send_to_readers(recipient_users, notification, extra_context):
        from .access import can_view_update

        page = extra_context.get("page")
        update = getattr(page, "specific_deferred", page)
        if isinstance(update, AnnualUpdatePage):
            recipient_users = [user for user in recipient_users if can_view_update(user, update)]
        return send_notification(recipient_users, notification, extra_context)

    send_to_readers.wrapped = send_notification
    return send_to_readers


def install_comment_mail_filter():
    from wagtail.admin.views.pages import edit

    if not hasattr(edit.send_notification, "wrapped"):
        edit.send_notification = comment_mail_to_readers_only(edit.send_notification)


# ------ One email when changes are asked for ------


def quiet_wagtail_rejection_mail():
    """Asked for changes to an annual update, the school gets the site's own email, which
    says what was asked part by part; Wagtail's "has been rejected" would be a second one."""
    from wagtail.admin import signal_handlers

    notifier = signal_handlers.workflow_rejection_email_notifier
    if getattr(notifier, "_quiet_for_updates", False):
        return
    can_handle = notifier.can_handle

    def can_handle_except_updates(instance, **kwargs):
        page = getattr(instance, "content_object", None)
        if isinstance(getattr(page, "specific_deferred", page), AnnualUpdatePage):
            return False
        return can_handle(instance, **kwargs)

    notifier.can_handle = can_handle_except_updates
    notifier._quiet_for_updates = True

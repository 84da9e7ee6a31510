"""Keeping review and curation in step with the tree, and telling submitters where they stand."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import workflow_submitted

from network.models import ClusterIndexPage, SchoolIndexPage

from .workflow import PRACTICE_REVIEW, assign_practice_review


@receiver(post_save, sender=SchoolIndexPage, dispatch_uid="practice_review_for_schools")
@receiver(post_save, sender=ClusterIndexPage, dispatch_uid="practice_review_for_clusters")
def put_new_index_under_review(sender, instance, created, raw=False, **kwargs):
    """A new directory of schools or of clusters: all that will be made below it inherits
    Practice review, whether made one by one or inserted in bulk."""
    if created and not raw:
        assign_practice_review(instance)


@receiver(workflow_submitted, sender=WorkflowState, dispatch_uid="practice_review_receipt")
def tell_submitter_it_arrived(sender, instance, user=None, **kwargs):
    """Wagtail tells reviewers of a submission; the submitter hears from us that it arrived."""
    if instance.workflow.name != PRACTICE_REVIEW:
        return
    submitter = instance.requested_by
    if submitter is None or not submitter.email:
        return
    page = instance.content_object
    send_mail(
        f'"{page.get_admin_display_title()}" was submitted for {PRACTICE_REVIEW}',
        (
            f'Thank you. "{page.get_admin_display_title()}" is now with scheme staff for '
            f"review. You will hear from us when it is approved and published, or sent back "
            f"with a comment.\n\nYou can follow it here: "
            f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/edit/"
        ),
        None,
        [submitter.email],
    )


def put_added_schools_under_review(sender, schools, **kwargs):
    """Schools inserted in bulk (network/bulk.py) get the review workflow too, in one query."""
    from wagtail.models import WorkflowPage

    from .workflow import practice_review_workflow

    workflow = practice_review_workflow()
    WorkflowPage.objects.bulk_create(
        [WorkflowPage(page_id=school.pk, workflow=workflow) for school in schools],
        ignore_conflicts=True,
    )


def _connect_bulk_receivers():
    from network.bulk import schools_added

    schools_added.connect(
        put_added_schools_under_review, dispatch_uid="practice_review_for_added_schools"
    )


_connect_bulk_receivers()

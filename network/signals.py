"""Keep role groups in step with the page tree."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ClusterPage, SchoolPage
from .permissions import ensure_school_editors_group, sync_cluster_permissions


@receiver(post_save, sender=SchoolPage)
def give_school_its_editors(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or instance.editors_group_id is None:
        ensure_school_editors_group(instance)


@receiver(post_save, sender=ClusterPage)
@receiver(page_published, sender=ClusterPage)
def let_members_add_activities(sender, instance, raw=False, **kwargs):
    if raw:
        return
    sync_cluster_permissions(instance)

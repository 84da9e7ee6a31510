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


# ------ Assessors of one school ------

from django.db.models.signals import post_delete  # noqa: E402

from .models import AssessorAssignment  # noqa: E402
from .permissions import ensure_school_assessors_group  # noqa: E402


@receiver(post_save, sender=AssessorAssignment)
@receiver(post_delete, sender=AssessorAssignment)
def keep_school_assessors_group(sender, instance, raw=False, **kwargs):
    if raw:
        return
    school = SchoolPage.objects.filter(pk=instance.school_id).first()
    if school is not None:
        ensure_school_assessors_group(school)


from .models import Scheme  # noqa: E402
from .permissions import _admin_access  # noqa: E402


@receiver(post_save, sender=Scheme)
def let_scheme_staff_in(sender, instance, raw=False, **kwargs):
    """A scheme's own staff sign in to the admin, to see their scheme's schools' work."""
    if not raw and instance.staff_group_id:
        instance.staff_group.permissions.add(_admin_access())

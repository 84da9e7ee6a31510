"""Permission changes in Wagtail's audit log, beside the page actions it already records.

Wagtail logs submissions, approvals and publications itself (PageLogEntry) and shows them
in the admin's "Site history" report; annual reviews are logged where they are recorded
(practice.updates.views). Who may edit or publish what is decided by group membership,
group page permissions and assessor assignments, which Wagtail does not log; these
receivers do, against the group concerned, as the action "network.permission_change".
Scheme staff get read access to groups (auth.view_group) so those entries are theirs to
read in the report.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

PERMISSION_CHANGE = "network.permission_change"


@hooks.register("register_log_actions")
def register_permission_change(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action(PERMISSION_CHANGE)
    class PermissionChangeFormatter(LogFormatter):
        label = "Permission change"

        def format_message(self, log_entry):
            return log_entry.data.get("summary", "Permissions changed")


def _permission_label(permission):
    return permission.codename.removesuffix("_page").replace("_", " ")


def _log_group(group, summary, **data):
    log(group, PERMISSION_CHANGE, data={"summary": summary, **data})


# ------ Group page permissions ------


@receiver(post_save, sender=GroupPagePermission)
def log_page_permission_granted(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    verb = "may now" if created else "changed: may"
    label = _permission_label(instance.permission)
    _log_group(
        instance.group,
        f"{instance.group.name} {verb} {label} on page “{instance.page.title}” "
        f"(id {instance.page_id})",
        change="granted",
        permission=instance.permission.codename,
        page_id=instance.page_id,
    )


@receiver(post_delete, sender=GroupPagePermission)
def log_page_permission_removed(sender, instance, **kwargs):
    try:
        group, page, permission = instance.group, instance.page, instance.permission
    except ObjectDoesNotExist:  # deleted along with its group, page or permission
        return
    _log_group(
        group,
        f"{group.name} may no longer {_permission_label(permission)} on page “{page.title}” "
        f"(id {page.pk})",
        change="removed",
        permission=permission.codename,
        page_id=page.pk,
    )


# ------ Group membership ------


@receiver(m2m_changed, sender=get_user_model().groups.through)
def log_group_membership(sender, instance, action, reverse, pk_set, **kwargs):
    """Log each user joining or leaving a group, whichever side the change was made from."""
    User = get_user_model()
    if action == "pre_clear":
        # pk_set is empty for a clear: record who is about to leave.
        if reverse:
            pairs = [(user, instance) for user in instance.user_set.all()]
        else:
            pairs = [(instance, group) for group in instance.groups.all()]
        change = "removed"
    elif action in ("post_add", "post_remove") and pk_set:
        if reverse:
            pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set)]
        else:
            pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
        change = "added" if action == "post_add" else "removed"
    else:
        return
    for user, group in pairs:
        preposition = "to" if change == "added" else "from"
        _log_group(
            group,
            f"User {user.get_username()} (id {user.pk}) {change} {preposition} {group.name}",
            change=f"member_{change}",
            user_id=user.pk,
        )


# ------ Assessor assignments ------


def _assignment_parts(instance):
    from network.models import SchoolPage
    from network.permissions import ensure_school_assessors_group, school_assessors_group_name

    school = SchoolPage.objects.filter(pk=instance.school_id).first()
    assessor = get_user_model().objects.filter(pk=instance.assessor_id).first()
    if school is None or assessor is None:  # deleted along with the school or the user
        return None
    # network's own receiver has just brought the group in step; find it, or make it.
    group = Group.objects.filter(name=school_assessors_group_name(school)).first()
    return school, assessor, group or ensure_school_assessors_group(school)


def _log_assignment(instance, change):
    parts = _assignment_parts(instance)
    if parts is None:
        return
    school, assessor, group = parts
    verb = "now assesses" if change == "assigned" else "no longer assesses"
    _log_group(
        group,
        f"User {assessor.get_username()} (id {assessor.pk}) {verb} {school.title} "
        f"(URN {school.urn})",
        change=f"assessor_{change}",
        user_id=assessor.pk,
        school_id=school.pk,
    )


def log_assessor_assigned(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _log_assignment(instance, "assigned")


def log_assessors_assigned(sender, assignments, **kwargs):
    """Assignments made in bulk (network/bulk.py: the award holders import)."""
    for _assignment, school, assessor, group in assignments:
        _log_group(
            group,
            f"User {assessor.get_username()} (id {assessor.pk}) now assesses {school.title} "
            f"(URN {school.urn})",
            change="assessor_assigned",
            user_id=assessor.pk,
            school_id=school.pk,
        )


def log_assessor_unassigned(sender, instance, **kwargs):
    _log_assignment(instance, "unassigned")


def connect():
    """Called from CmsConfig.ready(). Staff read group entries in Site history because their
    group may view groups (network migration 0005)."""
    from network.models import AssessorAssignment

    post_save.connect(
        log_assessor_assigned, sender=AssessorAssignment, dispatch_uid="cms.audit.assigned"
    )
    post_delete.connect(
        log_assessor_unassigned, sender=AssessorAssignment, dispatch_uid="cms.audit.unassigned"
    )
    from network.bulk import assessors_assigned

    assessors_assigned.connect(log_assessors_assigned, dispatch_uid="cms.audit.assigned_in_bulk")

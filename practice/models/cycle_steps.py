"""The school's steps in its cycle: consecutive stages at which the same people act are
one step, and each time the reviewer sends the work back the school moves on to its next
step, if the cycle has one. The editor's form asks for what the current step writes; the
reading page's "Where this stands" (practice.updates.stages) shows the steps."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, TaskState

from network.models import Actor


def groups_of(stages):
    """[(actor, [stage, ...]), ...]: consecutive stages with the same actor, together."""
    groups = []
    for stage in stages:
        if groups and groups[-1][0] == stage.actor:
            groups[-1][1].append(stage)
        else:
            groups.append((stage.actor, [stage]))
    return groups


def times_sent_back(update):
    page_type = ContentType.objects.get_for_model(Page)
    return TaskState.objects.filter(
        workflow_state__base_content_type=page_type,
        workflow_state__object_id=str(update.pk),
        status=TaskState.STATUS_REJECTED,
    ).count()


def writing_now(update):
    """What the school writes in its current step, in order: Artsmark's Statement of
    Commitment (its goals) first, then, once the adviser has sent it back, the Quality
    Principles; a cycle with one step of the school's (IQM, VbE, WCSQM), all it writes."""
    process = update.process if update.process_id else None
    if process is None:
        return update.writes
    steps = [members for actor, members in groups_of(process.stages.all()) if actor == Actor.SCHOOL]
    if len(steps) < 2:
        return update.writes
    members = steps[min(times_sent_back(update), len(steps) - 1)]
    writes = []
    for stage in members:
        if stage.school_writes and stage.school_writes not in writes:
            writes.append(stage.school_writes)
    return writes


def next_step(update):
    """The school's next step's stages while the current one is not its last (Artsmark's
    development period and Statement of Impact, after its Statement of Commitment), else []."""
    process = update.process if update.process_id else None
    if process is None:
        return []
    steps = [members for actor, members in groups_of(process.stages.all()) if actor == Actor.SCHOOL]
    if len(steps) < 2:
        return []
    current = min(times_sent_back(update), len(steps) - 1)
    return steps[current + 1] if current + 1 < len(steps) else []

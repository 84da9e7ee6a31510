"""Where a cycle stands, in its scheme's own stages: done, now, to come.

The stages are data (network.ProcessStage); the state comes from the update's workflow.
Stages next to each other at which the same people act are one step of the round: the
school writes its self-assessment and its plan together, the consultant reviews, visits and
reports. Each time the reviewer sends the work back the school moves to its next group of
stages, if the cycle has one (Artsmark: the Statement of Commitment, then the development
period and the Statement of Impact); a cycle with one such group stays on it (VbE: the
self-assessment, improved before the audit).
"""

from dataclasses import dataclass

from network.models import Actor
from practice.models import UpdateStatus
from practice.models.cycle_steps import groups_of, times_sent_back, writing_now  # noqa: F401

DONE, NOW, TO_COME = "done", "now", "to_come"
STATE_LABELS = {DONE: "Done", NOW: "Now", TO_COME: "To come"}


@dataclass
class StageRow:
    stage: object
    state: str

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def actor_label(self):
        """Who acts, in the cycle's own words: "the consultant", not the scheme's three."""
        process = self.stage.process
        if self.stage.actor == Actor.REVIEWER:
            return f"the {process.reviewer_title}"
        if self.stage.actor == Actor.SCHOOL and process.for_a_person:
            return "the member of staff"
        return self.stage.get_actor_display()


def current_group(groups, status, has_review, sent_back):
    """The index of the group acting now, or len(groups) when the round is over."""
    if status == UpdateStatus.REVIEWED:
        return len(groups)
    school = [index for index, (actor, _) in enumerate(groups) if actor == Actor.SCHOOL]
    if not school:
        return 0
    writing = school[min(sent_back, len(school) - 1)]
    if status in (UpdateStatus.NOT_STARTED, UpdateStatus.DRAFT, UpdateStatus.CHANGES_REQUESTED):
        return writing
    later = list(range(writing + 1, len(groups)))
    if has_review:
        # The report is written: what is left is the last group of staff (the award).
        staff = [index for index in later if groups[index][0] == Actor.STAFF]
        return staff[-1] if staff else len(groups)
    reviewer = [index for index in later if groups[index][0] == Actor.REVIEWER]
    return reviewer[0] if reviewer else (later[0] if later else len(groups))


def stage_rows(update, status, has_review):
    process = update.process if update.process_id else None
    if process is None:
        return []
    stages = list(process.stages.all())
    if not stages:
        return []
    groups = groups_of(stages)
    sent_back = times_sent_back(update) if status != UpdateStatus.NOT_STARTED else 0
    now = current_group(groups, status, has_review, sent_back)
    rows = []
    for index, (_actor, members) in enumerate(groups):
        state = DONE if index < now else NOW if index == now else TO_COME
        rows.extend(StageRow(stage, state) for stage in members)
    return rows

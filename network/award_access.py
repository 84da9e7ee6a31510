"""Who may see a school's awards beyond its public profile, download their certificates,
and record whether a member of staff agrees to be named.

A school's own award is public: its certificate is for the school's editors, scheme staff
(the network's, or the scheme's own) and the school's assessors. An award held by a member
of staff (the Staff Quality Mark) is that person's: outside the school it is shown only with
their agreement, and its certificate, and the agreement itself, are for the school's editors
and scheme staff only.

The rule is worked out once per person and school (`AwardReader`, a few queries), then
asked of each award without further queries, so an awards page costs the same however many
awards the school holds.
"""

from .models import AssessorAssignment, Award
from .permissions import is_editor_of, is_scheme_staff

ALL_SCHEMES = None  # an assessor assigned without a scheme assesses every scheme


class AwardReader:
    """What one person may do with one school's awards."""

    def __init__(self, user, school):
        self.school = school
        self.signed_in = user.is_authenticated and user.is_active
        self.network_staff = self.signed_in and is_scheme_staff(user)
        self.editor = self.signed_in and is_editor_of(user, school)
        if self.signed_in and not (self.network_staff or self.editor):
            self.schemes_run = set(
                user.groups.filter(staffed_schemes__isnull=False).values_list(
                    "staffed_schemes", flat=True
                )
            )
            self.schemes_assessed = set(
                AssessorAssignment.objects.filter(school=school, assessor=user).values_list(
                    "scheme_id", flat=True
                )
            )
        else:
            self.schemes_run, self.schemes_assessed = set(), set()

    # ------ The school's awards page ------

    @property
    def sees_every_award(self):
        """The school's editors and network-wide scheme staff: named or not."""
        return self.network_staff or self.editor

    def may_open(self):
        return self.sees_every_award or bool(self.schemes_assessed) or bool(self.schemes_run)

    def may_see(self, award):
        return self.sees_every_award or award.shown_publicly or self._runs(award)

    # ------ Per award ------

    def _runs(self, award):
        return self.network_staff or award.level.scheme_id in self.schemes_run

    def _assesses(self, award):
        return bool(self.schemes_assessed & {ALL_SCHEMES, award.level.scheme_id})

    def may_download_certificate(self, award):
        if not self.signed_in:
            return False
        if self.editor or self._runs(award):
            return True
        if award.holder_name:
            return False  # a person's certificate stays with their school and the scheme
        return self._assesses(award)

    def may_record_consent(self, award):
        return bool(award.holder_name) and (self.editor or self._runs(award))

    def awards(self):
        """The school's awards this person may see, newest first (staff awards by name)."""
        awards = Award.objects.filter(school=self.school).select_related("level__scheme")
        return [
            award
            for award in awards.order_by("-awarded_on", "holder_name", "pk")
            if self.may_see(award)
        ]


def can_download_certificate(user, award):
    return AwardReader(user, award.school).may_download_certificate(award)


def can_record_consent(user, award):
    return AwardReader(user, award.school).may_record_consent(award)

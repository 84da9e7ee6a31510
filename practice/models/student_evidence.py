"""Evidence recorded per student under a pseudonymous code the school keeps (WCSQM).

Never a name, a date of birth or a photo: the code is all the platform holds, it is checked
to look like a code, and exports leave it out. The share of students completing each area,
and every area, and the level that share reaches, are computed from the rows.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from .updates import AnnualUpdatePage

CODE_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/._]{0,19}$")
DATE_SHAPE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
CODE_HELP = (
    "Use the code your school keeps for this student, such as 9B-014: letters and at least one "
    "number, no spaces. Never a name, a date of birth or a photo."
)


def validate_student_code(value):
    value = (value or "").strip()
    if not value:
        raise ValidationError("Give the student's code. " + CODE_HELP)
    if DATE_SHAPE.search(value):
        raise ValidationError(f"{value!r} looks like a date. " + CODE_HELP)
    if not CODE_SHAPE.match(value) or not any(character.isdigit() for character in value):
        raise ValidationError(f"{value!r} does not look like a code. " + CODE_HELP)


class StudentEvidence(models.Model):
    update = models.ForeignKey(
        AnnualUpdatePage, on_delete=models.CASCADE, related_name="student_evidence"
    )
    code = models.CharField(max_length=20, validators=[validate_student_code], help_text=CODE_HELP)
    areas = models.ManyToManyField(
        "network.Element", blank=True, related_name="+", verbose_name="areas completed"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "student's evidence"
        verbose_name_plural = "students' evidence"
        constraints = [
            models.UniqueConstraint(fields=["update", "code"], name="unique_student_code")
        ]

    def __str__(self):
        return self.code


@dataclass
class AreaShare:
    element: object
    completed: int
    percent: int


@dataclass
class StudentShares:
    students: int
    areas: list
    all_areas: int
    percent: int
    level: object  # the highest level the share reaches, or None
    next_level: object  # the next level up, or None

    @property
    def to_next_level(self):
        """How many more students must complete every area to reach the next level."""
        if self.next_level is None or not self.students:
            return 0
        needed = -(-self.next_level.student_share * self.students // 100)
        return max(0, needed - self.all_areas)


def student_shares(update):
    """The share per area and overall, and the level it reaches, in three queries."""
    elements = list(update.framework.elements.order_by("number"))
    rows = list(update.student_evidence.prefetch_related("areas"))
    wanted = {element.pk for element in elements}
    done = [wanted & {area.pk for area in row.areas.all()} for row in rows]
    total = len(rows)

    def percent(count):
        return round(100 * count / total) if total else 0

    areas = []
    for element in elements:
        count = sum(1 for completed in done if element.pk in completed)
        areas.append(AreaShare(element, count, percent(count)))
    complete = sum(1 for completed in done if wanted and completed == wanted)
    exact = 100 * complete / total if total else 0
    levels = []
    if update.process_id:
        levels = sorted(
            (level for level in update.process.levels.all() if level.student_share is not None),
            key=lambda level: level.student_share,
        )
    reached = [level for level in levels if exact >= level.student_share]
    higher = [level for level in levels if exact < level.student_share]
    return StudentShares(
        students=total,
        areas=areas,
        all_areas=complete,
        percent=percent(complete),
        level=reached[-1] if reached else None,
        next_level=higher[0] if higher else None,
    )

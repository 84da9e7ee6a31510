"""Evidence recorded per student under a pseudonymous code the school keeps (WCSQM).

Never a name, a date of birth or a photo: the code is all the platform holds, it is checked
to look like a code, and exports leave it out. The share of students completing each area,
and every area, and the level that share reaches, are computed from the rows.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from network.models import AwardLevel, Element

from .updates import AnnualUpdatePage

CODE_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/._]{0,19}$")
DATE_SHAPE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
# Words of letters (with hyphens, apostrophes, full stops, a comma) and no number: a name.
WORD = r"[^\W\d_]+(?:[-'\u2019.][^\W\d_]+)*\.?"  # letters, with - ' . inside: Mary-Jane
NAME_SHAPE = re.compile(rf"^{WORD}(?:,?\s+{WORD})+$")  # two words or more, no number
CODE_HELP = (
    "Use the code your school keeps for this student, such as 9B-014: letters and at least one "
    "number, no spaces. Never a name, a date of birth or a photo."
)
MAX_CODE_LENGTH = 20
# National numbers that follow a child: the Unique Pupil Number (a letter, eleven digits, a
# digit or letter) and the Unique Learner Number (ten digits). The school's own code, not these.
UPN_SHAPE = re.compile(r"^[A-Za-z]\d{11}[0-9A-Za-z]$")
ULN_SHAPE = re.compile(r"^\d{10}$")


def student_code_problem(value):
    """Why a code cannot be kept, in a teacher's words, or None if it can."""
    value = (value or "").strip()
    if not value:
        return "The student's code is missing."
    quoted = f"\u201c{value if len(value) <= 40 else value[:39] + chr(0x2026)}\u201d"
    if len(value) > 100:  # a paragraph, not a code: said at once, before any pattern is tried
        return f"{quoted} is longer than {MAX_CODE_LENGTH} characters."
    if "@" in value:
        return f"{quoted} looks like an email address."
    if UPN_SHAPE.match(value):
        return f"{quoted} looks like a Unique Pupil Number, which follows a child."
    if ULN_SHAPE.match(value):
        return f"{quoted} looks like a Unique Learner Number, which follows a child."
    if DATE_SHAPE.search(value):
        return f"{quoted} looks like a date."
    if NAME_SHAPE.match(value):
        return f"{quoted} looks like a name."
    if "\t" in value:
        return f"{quoted} has more than one column: paste one column of codes."
    if any(character.isspace() for character in value):
        return f"{quoted} has a space."
    if not any(character.isdigit() for character in value):
        return f"{quoted} has no number in it, so it could be a name."
    if len(value) > MAX_CODE_LENGTH:
        return f"{quoted} is longer than {MAX_CODE_LENGTH} characters."
    if not CODE_SHAPE.match(value):
        return (
            f"{quoted} has a character a code does not use: letters, numbers and - / . _ only, "
            "starting with a letter or a number."
        )
    return None


def validate_student_code(value):
    problem = student_code_problem(value)
    if problem:
        raise ValidationError(f"{problem} {CODE_HELP}")


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
    levels: list = field(default_factory=list)  # the cycle's levels with a share, lowest first

    @property
    def to_next_level(self):
        """How many more students must complete every area to reach the next level."""
        if self.next_level is None or not self.students:
            return 0
        needed = -(-self.next_level.student_share * self.students // 100)
        return max(0, needed - self.all_areas)

    @property
    def headline(self):
        """The figures in one sentence, such as: 52% of 25 students completed every area:
        Silver. 6 more for Gold."""
        if not self.students:
            return "No student's evidence is recorded yet."
        noun = "student" if self.students == 1 else "students"
        text = f"{self.percent}% of {self.students} {noun} completed every area"
        if self.level is not None:
            text += f": {self.level.name}."
        elif self.levels:
            text += ": no level yet."
        else:
            text += "."
        if self.next_level is not None:
            text += f" {self.to_next_level} more for {self.next_level.name}."
        return text

    @property
    def thresholds(self):
        """The levels' shares as data gives them: Bronze at 35%, Silver at 50%, Gold at 75%."""
        return ", ".join(f"{level.name} at {level.student_share}%" for level in self.levels)


def student_shares(update):
    """The share per area and overall, and the level it reaches, in four queries however many
    students there are. The codes are never read: only which student completed what."""
    elements = list(Element.objects.filter(framework_id=update.framework_id).order_by("number"))
    wanted = {element.pk for element in elements}
    done = {pk: set() for pk in update.student_evidence.values_list("pk", flat=True)}
    links = StudentEvidence.areas.through.objects.filter(studentevidence__update_id=update.pk)
    for student_id, element_id in links.values_list("studentevidence_id", "element_id"):
        if element_id in wanted and student_id in done:
            done[student_id].add(element_id)
    done = list(done.values())
    total = len(done)

    def percent(count):
        # Rounded down, so that the share shown reaches a level exactly when the count does.
        return 100 * count // total if total else 0

    areas = []
    for element in elements:
        count = sum(1 for completed in done if element.pk in completed)
        areas.append(AreaShare(element, count, percent(count)))
    complete = sum(1 for completed in done if wanted and completed == wanted)
    exact = 100 * complete / total if total else 0
    levels = []
    if update.process_id:
        levels = list(
            AwardLevel.objects.filter(
                processes=update.process_id, student_share__isnull=False
            ).order_by("student_share", "sort_order")
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
        levels=levels,
    )

"""The assessor's feedback on an update, kept beside the part of the text it is about.

Wagtail's own comments attach to a form field in the editor and are shown only there; the
school also reads its update on the reading page, where each section shows the feedback on
it. A piece of feedback names its section: an element (by the element, which does not
change between drafts), a key target or research step (by its place in the list), the
summary, or what the school will share next year."""

from django.conf import settings
from django.db import models


class FeedbackSection(models.TextChoices):
    ELEMENT = "element", "Element"
    TARGET = "target", "Key target"
    STEP = "step", "Research step"
    SUMMARY = "summary", "Summary"
    SHARING = "sharing", "What we will share next year"


class UpdateFeedback(models.Model):
    update = models.ForeignKey(
        "practice.AnnualUpdatePage", on_delete=models.CASCADE, related_name="feedback"
    )
    section = models.CharField(max_length=20, choices=FeedbackSection.choices)
    element = models.ForeignKey(
        "network.Element", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Which key target or research step, counting from 1."
    )
    text = models.TextField("feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "feedback on an update"
        verbose_name_plural = "feedback on updates"

    def __str__(self):
        return f"{self.place}: {self.text[:60]}"

    @property
    def key(self):
        if self.section == FeedbackSection.ELEMENT:
            return f"element-{self.element_id}"
        if self.section in (FeedbackSection.TARGET, FeedbackSection.STEP):
            return f"{self.section}-{self.position}"
        return self.section

    @property
    def anchor(self):
        """The id of the section on the reading page."""
        if self.section == FeedbackSection.ELEMENT:
            return f"element-{self.element.number}"
        if self.section in (FeedbackSection.TARGET, FeedbackSection.STEP):
            return f"{self.section}-{self.position}"
        return "summary-heading" if self.section == FeedbackSection.SUMMARY else "sharing"

    @property
    def place(self):
        """The section in the school's words: "Element 3: Learning environment"."""
        iqm = self.update.has_award_kinds
        if self.section == FeedbackSection.ELEMENT:
            if not iqm:
                return self.element.title  # "Wellbeing", a Quality Principle
            return f"Element {self.element.number}: {self.element.title}"
        if self.section == FeedbackSection.TARGET and not iqm:
            return f"Goal {self.position}"
        if self.section in (FeedbackSection.TARGET, FeedbackSection.STEP):
            return f"{self.get_section_display()} {self.position}"
        if self.section == FeedbackSection.SUMMARY and not iqm:
            place = self.update.summary_place
            return place[0].upper() + place[1:]
        return self.get_section_display()

    @property
    def author_name(self):
        if self.author is None:
            return "A former assessor"
        return self.author.get_full_name() or self.author.get_username()

    @property
    def resolved(self):
        return self.resolved_at is not None


def section_key(section, element_id=None, position=None):
    if section == FeedbackSection.ELEMENT:
        return f"element-{element_id}"
    if section in (FeedbackSection.TARGET, FeedbackSection.STEP):
        return f"{section}-{position}"
    return section


def feedback_by_section(update):
    """Every piece of feedback on the update, grouped by section key."""
    grouped = {}
    if not update.pk:
        return grouped
    for item in UpdateFeedback.objects.filter(update_id=update.pk).select_related(
        "author", "resolved_by", "element"
    ):
        grouped.setdefault(item.key, []).append(item)
    return grouped

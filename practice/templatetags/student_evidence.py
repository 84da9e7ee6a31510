"""The student evidence figures of an update (WCSQM), wherever the update is shown: the
reading page, its PDF, the editor. Only the figures: the codes stay on the students' page."""

from django import template

from practice.models import student_shares

register = template.Library()


@register.inclusion_tag("practice/updates/_student_shares.html")
def student_figures(update, shares=None, heading="Student evidence"):
    """Nothing for a cycle in which the school records no students. `shares` where the view
    has worked them out already."""
    if "students" not in getattr(update, "writes", ()):
        return {"shown": False}
    return {
        "shown": True,
        "update": update,
        "shares": shares or student_shares(update),
        "heading": heading,
    }


@register.simple_tag
def student_shares_of(update):
    return student_shares(update)

"""Template tags of the site: navigation, timelines, form errors."""

from django import template

from cms.navigation import nav_items
from cms.timeline import school_timeline as build_school_timeline

register = template.Library()


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    return {"items": nav_items(request, context.get("page")), "request": request}


@register.simple_tag(takes_context=True)
def school_timeline(context, school):
    return build_school_timeline(school, context.get("request"))


@register.filter
def error_anchor(field):
    """The id to link an error to: the field, or the first box of a group of boxes."""
    if field.id_for_label:
        return field.id_for_label
    return f"{field.auto_id}_0"


@register.simple_tag
def activity_attendance(activity):
    """The schools at an activity, each with its page, in one query."""
    return list(activity.attendance.select_related("school").order_by("sort_order", "pk"))


@register.simple_tag
def activity_documents(activity):
    return list(activity.documents.select_related("document").order_by("sort_order", "pk"))

"""Peer suggestions on a school's profile: schools like it, and who can help on an element."""

from django import template

from cms.peers import similar_schools, who_can_help
from network.school_content import elements_for

register = template.Library()


def chosen_element(request, elements):
    """The element asked about (`?element=<id>`), or None; anything else is just not chosen."""
    value = request.GET.get("element", "") if request is not None else ""
    if not (value.isascii() and value.isdigit()):
        return None, bool(value)
    found = next((element for element in elements if element.pk == int(value)), None)
    return found, found is None


def peer_context(school, request, similar_limit=5):
    elements = list(elements_for(school).select_related("framework__scheme"))
    element, unknown = chosen_element(request, elements)
    return {
        "school": school,
        "similar": similar_schools(school, limit=similar_limit),
        "elements": elements,
        "element": element,
        "element_unknown": unknown,
        "helpers": who_can_help(school, element) if element else [],
        "request": request,
    }


@register.inclusion_tag("network/includes/peers.html", takes_context=True)
def school_peers(context, school):
    return peer_context(school, context.get("request"))

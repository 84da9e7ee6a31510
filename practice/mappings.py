"""The element mappings shipped with the frameworks (IQM's ten elements to eight), loaded
whenever the frameworks are, and by a migration on a network that already has them."""

from django.db import IntegrityError, transaction


def load_element_mappings(data, Element=None, ElementMapping=None):
    """Add the mappings the file names that are not there yet; staff's own stay as they are.
    Returns how many were added."""
    if Element is None:
        from network.models import Element
    if ElementMapping is None:
        from practice.models import ElementMapping
    added = 0
    for entry in data.get("schemes", []):
        mapping = entry.get("element_mapping")
        if not mapping:
            continue
        elements = {
            (element.framework.name, element.number): element
            for element in Element.objects.filter(
                framework__scheme__short_name=entry["short_name"],
                framework__name__in=[mapping["from"], mapping["to"]],
            ).select_related("framework")
        }
        for source, target in mapping.get("pairs", []):
            from_element = elements.get((mapping["from"], source))
            to_element = elements.get((mapping["to"], target))
            if from_element is None or to_element is None:
                continue
            try:
                with transaction.atomic():
                    _, created = ElementMapping.objects.get_or_create(
                        from_element=from_element, to_element=to_element
                    )
            except IntegrityError:
                created = False
            added += created
    return added


def on_frameworks_loaded(sender, data, **kwargs):
    load_element_mappings(data)

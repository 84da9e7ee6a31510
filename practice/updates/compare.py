"""Two years of one school's updates, element by element.

Within one framework version elements pair with themselves. Across versions (IQM's ten
elements became eight) they pair through the ElementMapping rows staff keep; an element
that no mapping reaches is shown alone, so nothing written is hidden.
"""

from dataclasses import dataclass, field

from practice.models import ElementMapping


@dataclass
class ComparedRow:
    current: object = None
    previous: list = field(default_factory=list)


def sections(update):
    return list(update.element_progress.select_related("element").order_by("element__number"))


def pair_sections(previous_sections, current_sections):
    """Rows in the order of this year's elements, then last year's unpaired elements."""
    by_element = {section.element_id: section for section in previous_sections}
    same_framework = {s.element.framework_id for s in previous_sections} <= {
        s.element.framework_id for s in current_sections
    }
    links = {}
    if not same_framework:
        for mapping in ElementMapping.objects.filter(
            from_element_id__in=by_element.keys(),
            to_element_id__in=[s.element_id for s in current_sections],
        ):
            links.setdefault(mapping.to_element_id, []).append(mapping.from_element_id)
    rows, used = [], set()
    for section in current_sections:
        if same_framework:
            sources = [section.element_id] if section.element_id in by_element else []
        else:
            sources = sorted(
                links.get(section.element_id, []), key=lambda pk: by_element[pk].element.number
            )
        rows.append(ComparedRow(current=section, previous=[by_element[pk] for pk in sources]))
        used.update(sources)
    unpaired = [s for s in previous_sections if s.element_id not in used]
    rows += [ComparedRow(current=None, previous=[section]) for section in unpaired]
    return rows, unpaired

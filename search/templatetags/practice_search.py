"""Related practice on a case study or research page, drawn by the site (no import upwards)."""

from django import template

from search.models import PracticeRecord

register = template.Library()


@register.inclusion_tag("search/related_practice.html")
def related_practice(page, limit=4):
    from search.service import related

    record = PracticeRecord.objects.filter(page_id=getattr(page, "pk", None)).first()
    return {"related": related(record, limit=limit) if record else []}

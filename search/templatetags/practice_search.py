"""`{% load practice_search %}{% related_practice page %}`: related practice on a case study or
research page. The search app draws it, so no page type imports the search (no import upwards).
"""

from django import template

from search.models import PracticeRecord
from search.service import related

register = template.Library()


@register.inclusion_tag("search/related_practice.html")
def related_practice(page, limit=4):
    record = PracticeRecord.objects.filter(page_id=getattr(page, "pk", None)).first()
    return {"related": related(record, limit=limit) if record else []}

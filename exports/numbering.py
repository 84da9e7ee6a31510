"""The export's own numbers for what its pages point at, filled in with a few queries at the end.

Documents, images and pages get numbers as they are first met (1, 2, 3 in each kind), so
exporting the same content twice numbers it the same way, whatever the ids on either site.
Elements, framework versions, schools and users are written as what names them anywhere;
while the pages are read they are placeholders, filled in by `finish()` with one query per
kind, so that the export's query count does not grow with the number of pages.
"""

from django.contrib.auth import get_user_model
from taggit.models import Tag

from network.models import (
    Award,
    AwardLevel,
    Element,
    FrameworkVersion,
    Process,
    ReportSection,
    SchoolPage,
)

from .content import DOCUMENT, IMAGE, PAGE


class ExportNumbering:
    def __init__(self):
        self.keys = {DOCUMENT: {}, IMAGE: {}, PAGE: {}}
        self.outside_pages = {}  # page id -> key, for links to pages the export does not hold
        self._named = {}  # (kind, pk) -> list of placeholders
        self._tags = []  # (tag ids, placeholder list)

    # ------ Numbers ------

    def key(self, kind, pk):
        pk = int(pk)
        numbers = self.keys[kind]
        if kind == PAGE and pk not in numbers:
            return self._outside_page_key(pk)
        if pk not in numbers:
            numbers[pk] = len(numbers) + 1
        return numbers[pk]

    def held_page(self, page_id):
        """A page the export holds: numbered before any text is read, so links find it."""
        self.keys[PAGE].setdefault(int(page_id), len(self.keys[PAGE]) + 1)
        return self.keys[PAGE][int(page_id)]

    def _outside_page_key(self, pk):
        if pk not in self.outside_pages:
            self.outside_pages[pk] = f"outside-{len(self.outside_pages) + 1}"
        return self.outside_pages[pk]

    def export_mapper(self, kind, value):
        if not str(value).isdigit():
            return None
        return str(self.key(kind, value))

    # ------ Names, filled in at the end ------

    def named(self, kind, pk):
        placeholder = {}
        self._named.setdefault((kind, int(pk)), []).append(placeholder)
        return placeholder

    def tag_names(self, tag_ids):
        names = []
        self._tags.append(([int(pk) for pk in tag_ids], names))
        return names

    def finish(self):
        """Fill every placeholder: one query per kind of thing named."""
        wanted = {}
        for kind, pk in self._named:
            wanted.setdefault(kind, set()).add(pk)
        found = {}
        if "element" in wanted:
            for element in Element.objects.filter(pk__in=wanted["element"]).select_related(
                "framework__scheme"
            ):
                found["element", element.pk] = {
                    "scheme": element.framework.scheme.short_name,
                    "framework": element.framework.name,
                    "number": element.number,
                }
        if "framework" in wanted:
            for version in FrameworkVersion.objects.filter(
                pk__in=wanted["framework"]
            ).select_related("scheme"):
                found["framework", version.pk] = {
                    "scheme": version.scheme.short_name,
                    "name": version.name,
                }
        if "process" in wanted:
            for process in Process.objects.filter(pk__in=wanted["process"]):
                found["process", process.pk] = {"key": process.key, "name": process.name}
        if "level" in wanted:
            for level in AwardLevel.objects.filter(pk__in=wanted["level"]).select_related("scheme"):
                found["level", level.pk] = {"scheme": level.scheme.short_name, "name": level.name}
        if "award" in wanted:
            for award in Award.objects.filter(pk__in=wanted["award"]).select_related(
                "level__scheme", "school"
            ):
                found["award", award.pk] = {
                    "school": award.school.urn,
                    "scheme": award.level.scheme.short_name,
                    "level": award.level.name,
                    "awarded_on": award.awarded_on.isoformat(),
                    "member_of_staff": award.holder_name,
                }
        if "report_section" in wanted:
            for section in ReportSection.objects.filter(
                pk__in=wanted["report_section"]
            ).select_related("process"):
                found["report_section", section.pk] = {
                    "process": section.process.key,
                    "title": section.title,
                }
        if "school" in wanted:
            for urn, title, pk in SchoolPage.objects.filter(pk__in=wanted["school"]).values_list(
                "urn", "title", "pk"
            ):
                found["school", pk] = {"urn": urn, "title": title}
        if "user" in wanted:
            for user in get_user_model().objects.filter(pk__in=wanted["user"]):
                found["user", user.pk] = {
                    "username": user.get_username(),
                    "name": user.get_full_name(),
                }
        for key, placeholders in self._named.items():
            for placeholder in placeholders:
                placeholder.update(found.get(key, {"missing": True}))
        all_tags = {pk for ids, _ in self._tags for pk in ids}
        names = (
            dict(Tag.objects.filter(pk__in=all_tags).values_list("pk", "name")) if all_tags else {}
        )
        for ids, placeholder in self._tags:
            placeholder.extend(sorted(names[pk] for pk in ids if pk in names))

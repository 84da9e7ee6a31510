"""What the export's names and numbers are on the restoring site."""

from django.contrib.auth import get_user_model

from network.models import (
    Award,
    AwardLevel,
    Element,
    FrameworkVersion,
    Process,
    ReportSection,
    SchoolPage,
)

from .content import reference_kind
from .reading import RestoreError
from .references import Href

LOAD_FRAMEWORKS = "run `manage.py load_frameworks` (or add it in the admin) first"


def _process(value):
    return Process.objects.filter(key=value.get("key")).values_list("pk", flat=True).first()


def _level(value):
    return (
        AwardLevel.objects.filter(scheme__short_name=value.get("scheme"), name=value.get("name"))
        .values_list("pk", flat=True)
        .first()
    )


def _award(value):
    return (
        Award.objects.filter(
            school__urn=value.get("school"),
            level__scheme__short_name=value.get("scheme"),
            level__name=value.get("level"),
            awarded_on=value.get("awarded_on"),
            holder_name=value.get("member_of_staff") or "",
        )
        .values_list("pk", flat=True)
        .first()
    )


def _report_section(value):
    return (
        ReportSection.objects.filter(process__key=value.get("process"), title=value.get("title"))
        .values_list("pk", flat=True)
        .first()
    )


NAMED_BY_LOOKUP = {
    "process": _process,
    "level": _level,
    "award": _award,
    "report_section": _report_section,
}


class RestoreResolver:
    def __init__(self, outside_pages):
        self.keys = {"document": {}, "image": {}, "page": {}}
        self.outside_pages = {entry["key"]: entry for entry in outside_pages}
        self._outside_found = {}
        self._elements = None
        self._frameworks = None

    # ------ Fields that name a row ------

    def pk(self, kind, value):
        if kind in self.keys:
            return self.keys[kind].get(value)
        if kind == "element":
            return self._element(value)
        if kind == "framework":
            return self._framework(value)
        if kind in NAMED_BY_LOOKUP:
            # Left empty where this site does not have it: the round keeps its text.
            return NAMED_BY_LOOKUP[kind](value or {})
        if kind == "school":
            return (
                SchoolPage.objects.filter(urn=value.get("urn")).values_list("pk", flat=True).first()
            )
        if kind == "user":
            return (
                get_user_model()
                .objects.filter(username=value.get("username"))
                .values_list("pk", flat=True)
                .first()
            )
        raise RestoreError(f"The export names a {kind}, which this site cannot restore.")

    def _element(self, value):
        if self._elements is None:
            self._elements = {
                (e.framework.scheme.short_name, e.framework.name, e.number): e.pk
                for e in Element.objects.select_related("framework__scheme")
            }
        key = (value.get("scheme"), value.get("framework"), value.get("number"))
        if key not in self._elements:
            raise RestoreError(
                f'This site has no element {key[2]} in framework "{key[1]}" of scheme {key[0]}: '
                f"{LOAD_FRAMEWORKS}."
            )
        return self._elements[key]

    def _framework(self, value):
        if self._frameworks is None:
            self._frameworks = {
                (version.scheme.short_name, version.name): version.pk
                for version in FrameworkVersion.objects.select_related("scheme")
            }
        key = (value.get("scheme"), value.get("name"))
        if key not in self._frameworks:
            raise RestoreError(
                f'This site has no framework version "{key[1]}" of scheme {key[0]}, which the '
                f"school's annual updates are written against: {LOAD_FRAMEWORKS}."
            )
        return self._frameworks[key]

    def usable(self, model, content):
        """A child row whose required references all exist here (a school attending an
        activity may not be on this site: that row is left out)."""
        for field in model._meta.concrete_fields:
            if field.is_relation and not field.null and field.name in content:
                kind = reference_kind(field.related_model)
                if kind in ("school", "document", "image", "report_section") and not self.pk(
                    kind, content[field.name]
                ):
                    return False
        return True

    def missing(self, model, field, value):
        return RestoreError(
            f"{model._meta.verbose_name} needs its {field.verbose_name} ({value}), "
            "which the export does not hold."
        )

    # ------ Ids inside rich text and streams ------

    def restore_mapper(self, kind, value):
        if kind == "page" and value in self.outside_pages:
            return self._outside_page(value)
        key = int(value) if str(value).isdigit() else value
        new = self.keys.get(kind, {}).get(key)
        return str(new) if new else None

    def _outside_page(self, key):
        if key not in self._outside_found:
            from wagtail.models import Page

            entry = self.outside_pages[key]
            pk = (
                Page.objects.filter(url_path=entry["url_path"]).values_list("pk", flat=True).first()
            )
            self._outside_found[key] = str(pk) if pk else Href(entry["url"])
        return self._outside_found[key]

"""Bringing practice in from elsewhere: one JSON object a line (see docs/practice-import.md).

Each line is upserted by its `ref`: a new ref creates a page, a known ref updates that page,
and a line that would change nothing saves nothing (no revision), so importing the same file
twice is harmless. A bad line is reported with its number and reason and the others go in.
Research is named by its label ("research.ResearchProjectPage"): practice may not import it.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from network.models import Element, Region, Scheme, SchoolIndexPage, SchoolPage
from network.provision import phase_and_provision
from network.school_content import import_choice

KINDS = {"case_study": "practice.CaseStudyPage", "research": "research.ResearchProjectPage"}
COMMON_KEYS = {"ref", "kind", "title", "school", "summary", "elements", "tags", "published"}
KIND_KEYS = {
    "case_study": {"sections", "evidence_stage", "outcome", "work_in_progress"},
    "research": {"research"},
}


class LineError(ValueError):
    """What is wrong with one line, in words for whoever prepared the file."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list = field(default_factory=list)

    def summary(self):
        return (
            f"created: {self.created}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, rejected: {self.rejected}"
        )


# No record needs a line this long; a longer one is refused before it is parsed.
MAX_LINE_CHARS = 1_000_000


def import_practice(lines, draft=False):
    """Import an iterable of text lines; returns the report."""
    report = ImportReport()
    importer = _Importer(draft=draft)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            if len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
                raise LineError(f"longer than {MAX_LINE_CHARS:,} characters")
            with transaction.atomic():
                outcome = importer.import_line(line)
        except LineError as error:
            report.rejected += 1
            report.errors.append((number, str(error)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


class _Importer:
    def __init__(self, draft=False):
        self.draft = draft
        self._elements = None

    # ------ Reading a line ------

    def import_line(self, line):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from error
        except RecursionError as error:
            raise LineError("not valid JSON here: nested too deeply") from error
        except ValueError as error:  # e.g. a number of more than 4300 digits
            raise LineError(f"not valid JSON ({error})") from error
        if not isinstance(record, dict):
            raise LineError("a line must be one JSON object")
        _check_strings(record)
        kind = record.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise LineError(f'"kind" must be "case_study" or "research", not {kind!r}')
        unknown = set(record) - COMMON_KEYS - KIND_KEYS[kind]
        if unknown:
            raise LineError(f"unknown keys for a {kind} line: {', '.join(sorted(unknown))}")
        model = apps.get_model(KINDS[kind])
        ref = self._text(record, "ref", required=True, max_length=100)
        values = {
            "title": self._text(record, "title", required=True, max_length=255),
            "summary": self._text(record, "summary"),
        }
        if not values["summary"]:
            # Exports often leave it out: the write-up's own first sentences stand in for it.
            values["summary"] = summary_from(record, kind) or values["title"]
        try:
            values.update(model.imported_values(record))
        except ValueError as error:
            raise LineError(str(error)) from error
        published = self._date(record.get("published"))
        values["published_on"] = published
        element_ids = self._element_ids(record.get("elements", []))
        tags = self._tags(record.get("tags", []))
        existing = self._existing(ref, kind, model)
        school = self._school(record.get("school"))
        if existing is None:
            self._create(model, ref, school, values, element_ids, tags, published)
            return "created"
        return self._update(existing, school, values, element_ids, tags, published)

    def _text(self, record, key, required=False, max_length=None):
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise LineError(f'"{key}" is missing')
            return ""
        if not isinstance(value, str):
            raise LineError(f'"{key}" must be a string')
        value = value.strip()
        if max_length and len(value) > max_length:
            raise LineError(f'"{key}" is longer than {max_length} characters')
        return value

    def _date(self, value):
        if value in (None, ""):
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError) as error:
            raise LineError(f'"published" must be a date as YYYY-MM-DD, not {value!r}') from error

    def _element_ids(self, numbers):
        if not isinstance(numbers, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in numbers
        ):
            raise LineError('"elements" must be a list of element numbers, e.g. [1, 4]')
        if self._elements is None:
            scheme = Scheme.objects.default()
            framework_id = scheme.update_framework_id if scheme else None
            self._elements = dict(
                Element.objects.filter(framework_id=framework_id).values_list("number", "pk")
            )
        missing = sorted(set(numbers) - set(self._elements))
        if missing:
            known = f"1 to {max(self._elements)}" if self._elements else "none are loaded"
            raise LineError(
                f"no element numbered {', '.join(map(str, missing))} in the default framework "
                f"({known})"
            )
        return {self._elements[n] for n in numbers}

    def _tags(self, tags):
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise LineError('"tags" must be a list of strings')
        cleaned = {" ".join(t.split())[:100] for t in tags}
        return {t for t in cleaned if t}

    def _existing(self, ref, kind, model):
        for other_kind, label in KINDS.items():
            page = apps.get_model(label).objects.filter(ref=ref).first()
            if page is not None:
                if other_kind != kind:
                    raise LineError(f'ref "{ref}" is already used by a {other_kind} line')
                return page
        return None

    # ------ Schools ------

    def _school(self, data):
        if not isinstance(data, dict):
            raise LineError('"school" must be an object with at least "urn"')
        urn = str(data.get("urn", "")).strip()
        if not (len(urn) == 6 and urn.isdigit()):
            raise LineError(f'"school.urn" must be six digits, not {urn!r}')
        school = SchoolPage.objects.filter(urn=urn).first()
        if school is not None:
            return school
        for key in ("name", "local_authority", "postcode"):
            if not isinstance(data.get(key) or "", str):
                raise LineError(f'"school.{key}" must be a string')
        name = (data.get("name") or "").strip()
        if not name:
            raise LineError(f'school {urn} is not known yet, and the line gives no "school.name"')
        try:
            # "Special", "PRU", "AP" say what kind of school it is; "Secondary" its phase.
            phase, provision = phase_and_provision(data.get("phase"), data.get("provision"))
            region = import_choice(data.get("region"), Region.choices, "school.region")
        except ValueError as error:
            raise LineError(str(error)) from error
        if not phase:
            raise LineError(f'school {urn} is not known yet, and the line gives no "school.phase"')
        index = SchoolIndexPage.objects.first()
        if index is None:
            raise LineError("there is no school directory page to add the school to")
        school = SchoolPage(
            title=name[:255],
            slug=_free_slug(index, name, urn),
            urn=urn,
            phase=phase,
            provision=provision,
            region=region,
            local_authority=(data.get("local_authority") or "")[:120],
            postcode=(data.get("postcode") or "")[:10],
            live=True,
        )
        index.add_child(instance=school)
        return school

    # ------ Writing pages ------

    def _create(self, model, ref, school, values, element_ids, tags, published):
        page = model(ref=ref, slug=_free_slug(school, values["title"], ref), live=False, **values)
        if published and not self.draft:
            page.first_published_at = _moment(published)
        school.add_child(instance=page)
        # Memberships are set once the page exists; the revision records them.
        page.elements.set(sorted(element_ids))
        page.tags.set(sorted(tags))
        revision = page.save_revision(log_action=True)
        if not self.draft:
            revision.publish(log_action=True)

    def _update(self, page, school, values, element_ids, tags, published):
        current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        moved = page.get_parent().pk != school.pk
        same = (
            all(getattr(current, name) == value for name, value in values.items())
            and {e.pk for e in current.elements.all()} == element_ids
            and {t.name for t in current.tags.all()} == tags
            and not moved
        )
        if same and (self.draft or (page.live and not page.has_unpublished_changes)):
            return "unchanged"
        if moved:
            free = _free_slug(school, page.slug, page.ref)
            if free != page.slug:
                # The new school already has a page at this address: take the next free one.
                page.slug = free
                page.save(update_fields=["slug"])
            page.move(school, pos="last-child")
            page.refresh_from_db()
            current = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        for name, value in values.items():
            setattr(current, name, value)
        current.elements.set(sorted(element_ids))
        current.tags.set(sorted(tags))
        if published and not self.draft and not page.live:
            current.first_published_at = _moment(published)
        revision = current.save_revision(log_action=True)
        if not self.draft:
            revision.publish(log_action=True)
        return "updated"


SUMMARY_CHARACTERS = 300
SUMMARY_SENTENCES = 2
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def summary_from(record, kind):
    """The first two sentences (at most SUMMARY_CHARACTERS) of a line's write-up, or ''."""
    part = record.get("research" if kind == "research" else "sections")
    if not isinstance(part, dict):
        return ""
    names = ["question", *part] if kind == "research" else list(part)
    texts = [part[name].strip() for name in dict.fromkeys(names) if isinstance(part.get(name), str)]
    text = " ".join(" ".join(t.split()) for t in texts if t)
    summary = ""
    for sentence in SENTENCE_END.split(text)[:SUMMARY_SENTENCES]:
        if summary and len(summary) + 1 + len(sentence) > SUMMARY_CHARACTERS:
            break
        summary = f"{summary} {sentence}".strip()
    if len(summary) > SUMMARY_CHARACTERS:
        summary = summary[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0] + " …"
    return summary


def _check_strings(value, where=""):
    """Refuse NUL characters and lone surrogates, which no database column stores."""
    if isinstance(value, str):
        if "\x00" in value:
            raise LineError(f'"{where}" contains a NUL character')
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise LineError(f'"{where}" is not valid Unicode (a lone surrogate)') from error
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, f"{where}{key!r} (a key)")
            _check_strings(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _check_strings(item, f"{where}[{number}]")


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _free_slug(parent, title, fallback):
    from django.utils.text import slugify
    from wagtail.models import Page

    base = (slugify(title)[:180] or slugify(fallback) or "page").strip("-")
    # child_of, not get_children: a parent read before this run's additions still thinks
    # it is a leaf, and get_children() would then say every slug is free.
    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug

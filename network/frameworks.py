"""Load schemes, award levels and framework versions from a JSON file of published facts."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.dispatch import Signal

from .models import (
    AwardKind,
    AwardLevel,
    Element,
    FrameworkVersion,
    Process,
    ProcessOutcome,
    ProcessStage,
    ReportSection,
    Scheme,
)

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "frameworks.json"


class FrameworkFileError(ValueError):
    pass


# Sent after a load with the file's data: apps above the network load what they keep of it
# (practice: the element mappings between framework versions).
frameworks_loaded = Signal()


@dataclass
class LoadResult:
    schemes: int = 0
    frameworks: int = 0
    elements: int = 0
    created: int = 0
    processes: int = 0


def read_file(path):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as error:
        raise FrameworkFileError(f"No such file: {path}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FrameworkFileError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("schemes"), list):
        raise FrameworkFileError(f"{path} must hold an object with a list of 'schemes'.")
    return data


@transaction.atomic
def load_frameworks(path=DEFAULT_FILE):
    """Upsert by scheme short name, framework name and element number. Running it twice
    changes nothing; elements dropped from the file are left alone (updates cite them)."""
    data = read_file(path)
    result = LoadResult()
    for position, entry in enumerate(data["schemes"], start=1):
        try:
            short_name = entry["short_name"]
            name = entry["name"]
        except (KeyError, TypeError) as error:
            raise FrameworkFileError(f"Scheme {position} needs 'name' and 'short_name'.") from error
        scheme, created = Scheme.objects.update_or_create(
            short_name=short_name,
            defaults={
                "name": name,
                "description": "\n\n".join(entry.get("notes", [])),
                "is_default": bool(entry.get("is_default", False)),
            },
        )
        result.schemes += 1
        result.created += created
        if entry.get("rating_scale") and not scheme.rating_labels:
            scheme.rating_labels = list(entry["rating_scale"])
            scheme.save(update_fields=["rating_labels"])
        kinds = entry.get("award_kinds", {})
        validity = entry.get("award_validity_years", {})
        shares = entry.get("student_shares", {})
        personal = set(entry.get("personal_levels", []))
        for order, level_name in enumerate(entry.get("award_levels", [])):
            _, created = AwardLevel.objects.update_or_create(
                scheme=scheme,
                name=level_name,
                defaults={
                    "sort_order": order,
                    "kind": kinds.get(level_name, AwardKind.STANDARD),
                    "validity_years": int(validity.get(level_name, 1)),
                    "student_share": shares.get(level_name),
                    "for_a_person": level_name in personal,
                },
            )
            result.created += created
        for framework_entry in entry.get("frameworks", []):
            framework, created = FrameworkVersion.objects.update_or_create(
                scheme=scheme,
                name=framework_entry["name"],
                defaults={"source": framework_entry.get("source", "")[:300]},
            )
            result.frameworks += 1
            result.created += created
            for number, element in enumerate(framework_entry.get("elements", []), start=1):
                title = element if isinstance(element, str) else element["title"]
                _, created = Element.objects.update_or_create(
                    framework=framework, number=number, defaults={"title": title}
                )
                result.elements += 1
                result.created += created
        wanted = entry.get("update_framework")
        if wanted:
            framework = FrameworkVersion.objects.filter(scheme=scheme, name=wanted).first()
            if framework is None:
                raise FrameworkFileError(f"{short_name}: no framework named {wanted!r}.")
            if scheme.update_framework_id != framework.pk:
                scheme.update_framework = framework
                scheme.save(update_fields=["update_framework"])
        for order, process_entry in enumerate(entry.get("processes", [])):
            result.created += load_process(scheme, process_entry, order, MODELS)
            result.processes += 1
    frameworks_loaded.send(sender=load_frameworks, data=data)
    return result


@dataclass
class ProcessModels:
    """The models a process is written into: the app's own, or a migration's historical ones."""

    Process: type
    ProcessStage: type
    ReportSection: type
    ProcessOutcome: type
    AwardLevel: type
    FrameworkVersion: type


MODELS = ProcessModels(
    Process, ProcessStage, ReportSection, ProcessOutcome, AwardLevel, FrameworkVersion
)

PROCESS_FIELDS = (
    "name",
    "description",
    "holder",
    "open_to_new_schools",
    "cycle_years",
    "reviewer_title",
    "plan_label",
    "submit_label",
    "summary_label",
    "sharing_label",
)


def join_levels(process, entry, level, models):
    """The levels the entry names, added through the join table (which a migration's
    historical model has too; its relation manager would keep them in memory)."""
    through = models.Process.levels.through
    for name in entry.get("levels", []):
        found = level(name)
        if found is not None:
            through.objects.get_or_create(process_id=process.pk, awardlevel_id=found.pk)


def load_process(scheme, entry, order, models, strict=True):
    """Create a scheme's process from its entry, once. After that it is scheme staff's: a
    second load adds only the outcomes and levels it lacks and changes nothing they edited.
    Not strict (a migration on a network whose levels were named by hand), what it cannot
    find is left out."""
    try:
        key = entry["key"]
        entry["name"]
    except (KeyError, TypeError) as error:
        raise FrameworkFileError(
            f"{scheme.short_name}: each process needs a key and a name."
        ) from error

    def level(name):
        if not name:
            return None
        found = models.AwardLevel.objects.filter(scheme=scheme, name=name).first()
        if found is None and strict:
            raise FrameworkFileError(f"{scheme.short_name} {key}: no award level named {name!r}.")
        return found

    def framework(name):
        if not name:
            return None
        found = models.FrameworkVersion.objects.filter(scheme=scheme, name=name).first()
        if found is None and strict:
            raise FrameworkFileError(f"{scheme.short_name} {key}: no framework named {name!r}.")
        return found

    process = models.Process.objects.filter(key=key).first()
    created = process is None
    if created:
        values = {name: entry[name] for name in PROCESS_FIELDS if name in entry}
        process = models.Process.objects.create(
            scheme=scheme,
            key=key,
            sort_order=order,
            framework=framework(entry.get("framework")),
            framework_for_younger=framework(entry.get("framework_for_younger")),
            **values,
        )
        join_levels(process, entry, level, models)
        for position, stage in enumerate(entry.get("stages", [])):
            models.ProcessStage.objects.create(
                process=process,
                sort_order=position,
                name=stage["name"],
                actor=stage["actor"],
                school_writes=stage.get("writes", ""),
                guidance=stage.get("guidance", ""),
                weeks=stage.get("weeks"),
            )
        for position, section in enumerate(entry.get("report_sections", [])):
            models.ReportSection.objects.create(
                process=process,
                sort_order=position,
                title=section["title"],
                guidance=section.get("guidance", ""),
                required=section.get("required", True),
            )
    known = set(
        models.ProcessOutcome.objects.filter(process=process).values_list("code", flat=True)
    )
    for position, outcome in enumerate(entry.get("outcomes", [])):
        if outcome["code"] in known:
            continue
        models.ProcessOutcome.objects.create(
            process=process,
            sort_order=position,
            code=outcome["code"],
            label=outcome["label"],
            effect=outcome.get("effect", "renew"),
            level=level(outcome.get("level")),
            offers=level(outcome.get("offers")),
            offer_after_years=outcome.get("offer_after_years"),
            carries_plan=outcome.get("carries_plan", True),
        )
    return int(created)

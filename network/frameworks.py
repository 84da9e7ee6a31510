"""Load schemes, award levels and framework versions from a JSON file of published facts."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import AwardKind, AwardLevel, Element, FrameworkVersion, Scheme

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "frameworks.json"


class FrameworkFileError(ValueError):
    pass


@dataclass
class LoadResult:
    schemes: int = 0
    frameworks: int = 0
    elements: int = 0
    created: int = 0


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
        kinds = entry.get("award_kinds", {})
        validity = entry.get("award_validity_years", {})
        for order, level_name in enumerate(entry.get("award_levels", [])):
            _, created = AwardLevel.objects.update_or_create(
                scheme=scheme,
                name=level_name,
                defaults={
                    "sort_order": order,
                    "kind": kinds.get(level_name, AwardKind.STANDARD),
                    "validity_years": int(validity.get(level_name, 1)),
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
    return result

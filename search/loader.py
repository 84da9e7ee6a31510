"""Records straight from the practice import format (JSON lines), without pages.

For benchmarks and the engine contract tests only: in production a record is always built
from a live, public page (see sync.py). The format is the one `import_practice` reads:
{"ref", "kind", "title", "school": {"urn", "name", "phase", "provision", "region",
"local_authority", "postcode"}, "summary", "elements": [numbers], "tags", "published",
"sections" | "research", "evidence_stage", "outcome"}; a school may also carry "latitude" and
"longitude". A school's phase and provision are read as the import reads them ("Special" is a
special school, phase not applicable), so a record has what the page would have had.
"""

import datetime
import json
from functools import lru_cache

from network.models import Element, Scheme
from network.provision import phase_and_provision

from .postcodes import postcode_district
from .records import bulk_load, fill_meanings, save

SECTION_ORDER = ("context", "aims", "actions", "impact", "what_did_not_work", "next_steps")
RESEARCH_ORDER = ("question", "context", "participants", "method", "findings", "impact")


def default_elements():
    """{number: element id} in the default scheme's framework for annual updates."""
    scheme = Scheme.objects.default()
    if scheme is None:
        return {}, ""
    framework = scheme.update_framework or scheme.frameworks.order_by("-pk").first()
    if framework is None:
        return {}, scheme.short_name
    elements = Element.objects.filter(framework=framework).values_list("number", "pk")
    return dict(elements), scheme.short_name


# A corpus names a few labels many times over.
school_kind = lru_cache(maxsize=256)(phase_and_provision)


def data_from_line(item, elements=None, scheme=""):
    if elements is None:
        elements, scheme = default_elements()
    school = item.get("school") or {}
    phase, provision = school_kind(school.get("phase"), school.get("provision"))
    if item.get("kind") == "research":
        fields = item.get("research") or {}
        body = "\n\n".join(str(fields[n]) for n in RESEARCH_ORDER if fields.get(n))
        status = fields.get("status") or ""
    else:
        fields = item.get("sections") or {}
        body = "\n\n".join(str(fields[n]) for n in SECTION_ORDER if fields.get(n))
        status = ""
    element_ids = [elements[n] for n in item.get("elements") or [] if n in elements]
    return {
        "key": f"ref-{item['ref']}",
        "page_id": None,
        "kind": item.get("kind") or "case_study",
        "title": item["title"],
        "summary": item.get("summary") or "",
        "body": body.strip(),
        "url": f"/practice/{item['ref']}/",
        "school_name": school.get("name") or "",
        "school_urn": school.get("urn") or "",
        "phase": phase,
        "provision": provision,
        "region": school.get("region") or "",
        "local_authority": school.get("local_authority") or "",
        "postcode_district": postcode_district(school.get("postcode")),
        "latitude": school.get("latitude"),
        "longitude": school.get("longitude"),
        "cluster_slug": item.get("cluster") or "",
        "cluster_title": item.get("cluster_title") or "",
        "scheme": scheme if element_ids else (item.get("scheme") or ""),
        "evidence_stage": item.get("evidence_stage") or "",
        "outcome": item.get("outcome") or "",
        "status": status,
        "published": datetime.date.fromisoformat(item["published"]),
        "tags": list(item.get("tags") or []),
        "element_ids": element_ids,
    }


def read_lines(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load(items, replace=True, progress=None, meanings=None):
    """Records for import-format items: all at once (replace) or one by one (as publishing does).
    `meanings`: how a batch's meanings are worked out, when all are replaced (the model's)."""
    elements, scheme = default_elements()
    datas = (data_from_line(item, elements, scheme) for item in items)
    if replace:
        count = bulk_load(datas, progress=progress, meanings=meanings)
        fill_meanings()
        return count
    count = 0
    for data in datas:
        save(data)
        count += 1
    return count

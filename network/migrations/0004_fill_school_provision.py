"""Each school's provision, from the type of establishment GIAS gave it.

The rule is network.provision.provision_from_gias as it stood when this was written, copied
here so that later changes to it do not change what this migration did. A school without a
type of establishment is left "not known". The school's revisions get the same value, so the
editor (which opens the latest revision) does not show the field empty and blank it on the
next publish.
"""

import re

from django.db import migrations


def provision_for(establishment_type):
    kind = " ".join(re.sub(r"[^a-z0-9]+", " ", (establishment_type or "").lower()).split())
    if not kind:
        return ""
    if kind == "pupil referral unit":
        return "pru"
    if "alternative provision" in kind:
        return "alternative_provision"
    if re.search(r"\bspecial\b", kind):
        return "special"
    return "mainstream"


def fill(apps, schema_editor):
    SchoolPage = apps.get_model("network", "SchoolPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    schools = list(SchoolPage.objects.filter(provision="").only("pk", "establishment_type"))
    for school in schools:
        school.provision = provision_for(school.establishment_type)
    SchoolPage.objects.bulk_update(
        [school for school in schools if school.provision], ["provision"], batch_size=500
    )
    school_type = ContentType.objects.filter(app_label="network", model="schoolpage").first()
    if school_type is None:
        return
    revisions = Revision.objects.filter(content_type=school_type)
    ids = list(revisions.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        changed = []
        for revision in revisions.filter(pk__in=ids[start : start + 500]):
            content = revision.content
            if not isinstance(content, dict) or content.get("provision"):
                continue
            value = provision_for(content.get("establishment_type"))
            if value:
                content["provision"] = value
                changed.append(revision)
        Revision.objects.bulk_update(changed, ["content"])


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("network", "0003_schoolpage_provision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

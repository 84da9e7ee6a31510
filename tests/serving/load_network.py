"""The network the load test's server holds, and what it saved: run beside the server.

    python -m tests.serving.load_network seed EDITORS     # prints the plan as JSON
    python -m tests.serving.load_network verify           # reads update ids, prints revisions

Both run with the server's own environment (production settings, its DATABASE_URL), so
they read and write the database gunicorn serves. `seed` migrates, then builds a small,
realistic network in one transaction: the demo network's schools, awards and clusters
(demo, 40 schools), two dozen demo case studies and research projects through the
practice importer, the practice search index, and for EDITORS schools that owe an annual
update this year a draft of it and an editor (a user with this run's random password).
It prints what the clients need: logins, each update's edit form as the browser posts
it, and the public pages and search terms to ask for. `verify` prints, for each annual
update id given on stdin, the load marker each of its revisions holds and which revision
is the latest.
"""

import datetime
import json
import re
import secrets
import sys

SCHOOLS = 40
CASE_STUDIES = 16
RESEARCH_PROJECTS = 8
MARKER = re.compile(r"load-marker-[0-9a-z-]+")


def seed(editor_count):
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from demo import DemoContext, run_seeders
    from demo.practice import ensure_indexes, practice_records, school_fields
    from network.models import ClusterPage, SchoolPage
    from practice.importing import import_practice
    from practice.models import CaseStudyPage
    from research.models import ResearchProjectPage
    from search.rebuild import rebuild

    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    context = DemoContext(seed=2026, options={"schools": SCHOOLS})
    password = secrets.token_urlsafe(16)
    with transaction.atomic():
        run_seeders(context, ["demo.network.seed", "demo.clusters.seed"])
        # Wagtail's reference index (which pages use which) plays no part in the load, and
        # keeping it up to date is much of the cost of saving pages one by one.
        with disable_reference_index_auto_update():
            ensure_indexes()
            records = practice_records(
                [school_fields(school) for school in context.schools],
                today,
                case_studies=CASE_STUDIES,
                research=RESEARCH_PROJECTS,
            )
            for record in records:
                record.pop("_pico", None)
            report = import_practice(json.dumps(record) for record in records)
            if report.rejected:
                raise RuntimeError(f"Demo practice rejected: {report.errors}")
            updates = open_updates(today, editor_count)
        # One password for this run's editors, hashed once: production's hasher is slow
        # on purpose, and ten hashes would be a good part of the seeding time.
        hashed = make_password(password)
        editors = [make_editor(number, update, hashed) for number, update in enumerate(updates)]
    rebuild(report=lambda line: None)

    def urls(queryset):
        return [page.url for page in queryset.live().public().order_by("pk")]

    case_studies = CaseStudyPage.objects.live().public()
    tags = sorted({tag.name for page in case_studies for tag in page.tags.all()})
    words = sorted(
        {
            word.lower()
            for title in case_studies.values_list("title", flat=True)
            for word in re.findall(r"[A-Za-z]{7,}", title)
        }
    )
    return {
        "password": password,
        "editors": editors,
        "pages": {
            "schools": [(page.url, page.title) for page in SchoolPage.objects.live()],
            "case_studies": urls(CaseStudyPage.objects),
            "research": urls(ResearchProjectPage.objects),
            "clusters": urls(ClusterPage.objects),
        },
        "search": {
            "tags": tags,
            "words": words,
            "phases": sorted({school.phase for school in context.schools}),
            "regions": sorted({school.region for school in context.schools}),
            "urns": sorted(school.urn for school in context.schools),
        },
    }


def open_updates(today, count):
    """This year's draft update for the first `count` schools that owe one, each with two
    key targets, as opening the year makes them (practice.updates.year). Only those: the
    other schools' drafts would cost seeding time and play no part in the load."""
    from demo.updates import PLANS, academic_year_of
    from practice.models import UpdateTarget
    from practice.updates.year import awards_due, build_update

    academic_year, first = academic_year_of(today)
    deadline = datetime.date(first + 1, 6, 30)
    due = sorted(awards_due(today).values(), key=lambda award: award.school.urn)
    if len(due) < count:
        raise RuntimeError(f"Only {len(due)} schools owe an update this year.")
    updates = []
    for number, award in enumerate(due[:count]):
        update = build_update(
            award.school,
            academic_year,
            deadline,
            award.level.scheme.update_framework,
            award.level.kind,
            None,
            [],
        )
        for order in range(2):
            text = PLANS[(number + order) % len(PLANS)]
            UpdateTarget.objects.create(update=update, text=text, sort_order=order)
        updates.append(update)
    return updates


def make_editor(number, update, hashed_password):
    """A user in the school's editors group, and the update's edit form as posted.

    The form is what tests.factories.update_edit_data builds (the editor's fields as a
    browser sends them), with a narrative for every element; `marker_field` names the
    field (element 1's narrative) into which the client writes each save's marker."""
    from django.contrib.auth import get_user_model

    from tests.factories import update_edit_data

    school = update.school
    user = get_user_model().objects.create(
        username=f"load-editor-{number}",
        email=f"load-editor-{number}@example.org",
        password=hashed_password,
        first_name="Editor",
        last_name=school.title[:150],
    )
    user.groups.add(school.editors_group)
    numbers = [section.element.number for section in update.element_progress.all()]
    sentinel = f"load-marker-field-{number}"
    narratives = {
        element: f"<p>At {school.title} this year we have worked on element {element}.</p>"
        for element in numbers
    }
    narratives[min(numbers)] = f"<p>{sentinel}</p>"
    form = update_edit_data(update, narratives=narratives)
    [marker_field] = [key for key, value in form.items() if sentinel in value]
    return {
        "username": user.username,
        "update_id": update.pk,
        "school_url": school.url,
        "school": school.title,
        "form": form,
        "marker_field": marker_field,
    }


def verify(update_ids):
    """{update id: {"revisions": [marker or None, oldest first], "latest": marker}}."""
    from practice.models import AnnualUpdatePage

    found = {}
    for update in AnnualUpdatePage.objects.filter(pk__in=update_ids):
        revisions = update.revisions.order_by("created_at", "pk")
        latest = update.get_latest_revision()
        found[str(update.pk)] = {
            "revisions": [revision_marker(revision) for revision in revisions],
            "latest": revision_marker(latest) if latest else None,
            "latest_is_newest": latest is not None and latest.pk == revisions.last().pk,
        }
    return found


def revision_marker(revision):
    """The marker in the revision's narratives (one at most), else None."""
    markers = {
        marker
        for section in revision.content.get("element_progress", [])
        for marker in MARKER.findall(section.get("narrative") or "")
    }
    if len(markers) > 1:
        raise RuntimeError(f"Revision {revision.pk} holds several markers: {markers}")
    return markers.pop() if markers else None


def main(argv):
    import django

    django.setup()
    if argv[1:2] == ["seed"]:
        result = seed(int(argv[2]))
    elif argv[1:2] == ["verify"]:
        result = verify([int(pk) for pk in json.load(sys.stdin)])
    else:
        raise SystemExit(__doc__)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)

"""Adding many pages without paying per page for what can be done once.

`parent.add_child()` costs about ten queries a page (the last sibling, validation, unique
checks, the locale, a log entry) and then the search index and signals; 2,000 schools took
two minutes on PostgreSQL that way. Here the tree fields are computed exactly as treebeard
and Wagtail compute them (path, depth, numchild, url_path), the rows go in with a few bulk
inserts, and the caller does once what the per-page signals would have done (editors groups,
the search index). Nothing is validated here: callers validate first (the award holders
import does; the demo's data is its own).

`add_schools` is the whole of it for new school pages: validated, inserted, each with a first
revision (so its history starts with the import), editors groups, the search index, and the
`schools_added` signal, on which the apps above put the schools under review and refresh
the pages that list them.
"""

import django.dispatch
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from modelsearch.backends import get_search_backends
from wagtail.models import Page

BATCH = 500


@transaction.atomic
def add_pages_in_bulk(parent, pages):
    """Add unsaved `pages` (all of one specific type) as the last children of `parent`;
    returns them saved, in the same order."""
    if not pages:
        return []
    model = type(pages[0])
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    depth = parent.depth + 1
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = []
    for page in pages:
        position += 1
        page.path = Page._get_path(parent.path, depth, position)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.draft_title or page.title
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.has_unpublished_changes = not page.live
        if page.live:
            page.first_published_at = page.last_published_at = now
        rows.append(Page(**{field.attname: getattr(page, field.attname) for field in base_fields}))
    Page.objects.bulk_create(rows, batch_size=BATCH)
    for page, row in zip(pages, rows, strict=True):
        page.pk = page.id = page.page_ptr_id = row.pk
    _insert_own_fields(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def _insert_own_fields(model, pages):
    """The specific page type's own table: Django's bulk_create refuses multi-table
    inheritance, so insert the child rows the way its compiler would."""
    fields = list(model._meta.local_concrete_fields)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from model meta)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [field.get_db_prep_save(getattr(page, field.attname), connection) for field in fields]
        for page in pages
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


def index_in_bulk(model, pages):
    """What each page's save would have sent to the search index, in one call a backend."""
    if pages:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)


# Sent with `schools` (saved SchoolPages) after add_schools: per-page post_save receivers
# (review workflow, stored pages) are not called for pages inserted in bulk.
schools_added = django.dispatch.Signal()

# Sent with `assignments`: [(AssessorAssignment, school, assessor, the school's assessors
# group)] made in bulk, after the groups are in step (for the audit log, cms/audit.py).
assessors_assigned = django.dispatch.Signal()


def assign_assessors(pairs):
    """Assign each (school, assessor) not yet assigned; returns how many were new."""
    from .models import AssessorAssignment
    from .permissions import ensure_assessors_groups

    pairs = list(dict.fromkeys((school, user) for school, user in pairs))
    if not pairs:
        return 0
    schools = {school.pk: school for school, _ in pairs}
    have = set(
        AssessorAssignment.objects.filter(school_id__in=list(schools)).values_list(
            "school_id", "assessor_id"
        )
    )
    new = [
        AssessorAssignment(school=school, assessor=user)
        for school, user in pairs
        if (school.pk, user.pk) not in have
    ]
    if not new:
        return 0
    with transaction.atomic():
        AssessorAssignment.objects.bulk_create(new, batch_size=BATCH)
        groups = ensure_assessors_groups([schools[pk] for pk in {a.school_id for a in new}])
        assessors_assigned.send(
            sender=AssessorAssignment,
            assignments=[(a, a.school, a.assessor, groups[a.school_id]) for a in new],
        )
    return len(new)


def add_schools(parent, schools):
    """Insert unsaved SchoolPages under the directory; returns them saved."""
    from wagtail.models import Revision

    from .permissions import ensure_editors_groups

    if not schools:
        return []
    with transaction.atomic():
        add_pages_in_bulk(parent, schools)
        base_type = schools[0].get_base_content_type()
        now = timezone.now()
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type_id=school.content_type_id,
                    base_content_type=base_type,
                    object_id=str(school.pk),
                    content=school.serializable_data(),
                    object_str=str(school),
                    created_at=now,
                )
                for school in schools
            ],
            batch_size=BATCH,
        )
        for school, revision in zip(schools, revisions, strict=True):
            school.latest_revision = school.live_revision = revision
            school.latest_revision_created_at = now
            Page.objects.filter(pk=school.pk).update(
                latest_revision=revision, live_revision=revision, latest_revision_created_at=now
            )
        ensure_editors_groups(schools)
        index_in_bulk(type(schools[0]), schools)
        schools_added.send(sender=type(schools[0]), schools=schools)
    return schools

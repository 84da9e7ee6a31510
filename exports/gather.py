"""Reading everything a school has written, in a number of queries that does not grow with it.

The school's subtree is read one page type at a time with its child relations, many-to-manys
and tags prefetched; drafts come from their revisions in one query; documents, images and
everything named by URN, username or element number are read once each at the end.
"""

import json
import os

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from modelcluster.models import get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from network.models import ClusterActivityPage, ClusterPage, SchoolPage
from practice.models import AnnualReview, AnnualUpdatePage
from practice.updates.status import status_of, workflow_states_for

from .content import DOCUMENT, IMAGE, export_version, m2m_fields
from .numbering import ExportNumbering
from .student_counts import student_counts


def _json_form(data):
    """What a revision stores: the serializable data, JSON-encoded (dates become strings)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def stored_data(obj):
    """`serializable_data()` with the stored value of auto_now fields: serialising runs each
    field's pre_save, which would otherwise stamp them with the time of the export."""
    stamped = {
        field.name: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if getattr(field, "auto_now", False)
    }
    data = obj.serializable_data()
    for name, value in stamped.items():
        setattr(obj, name, value)
        data[name] = value
    return _json_form(data)


def _prefetches(model):
    names = [rel.get_accessor_name() for rel in get_all_child_relations(model)]
    return names + [field.name for field in m2m_fields(model)]


def school_pages(school):
    """The school page and the pages below it, specific and prefetched, in tree order."""
    pages = [SchoolPage.objects.prefetch_related(*_prefetches(SchoolPage)).get(pk=school.pk)]
    type_ids = (
        Page.objects.descendant_of(school)
        .order_by()
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    below = []
    for content_type in ContentType.objects.filter(pk__in=list(type_ids)):
        model = content_type.model_class()
        if model is None:
            continue
        below += list(model.objects.descendant_of(school).prefetch_related(*_prefetches(model)))
    return pages + sorted(below, key=lambda page: page.path)


def cluster_activities(school):
    """Activities the school added: those whose owner is one of the school's editors."""
    if school.editors_group_id is None:
        return [], {}
    activities = list(
        ClusterActivityPage.objects.filter(owner__groups=school.editors_group_id)
        .distinct()
        .prefetch_related(*_prefetches(ClusterActivityPage))
        .order_by("path")
    )
    parent_paths = {page.path[: -Page.steplen] for page in activities}
    clusters = {
        cluster.path: cluster for cluster in ClusterPage.objects.filter(path__in=parent_paths)
    }
    return activities, {page.pk: clusters.get(page.path[: -Page.steplen]) for page in activities}


def page_status(page):
    if not page.live:
        return "draft"
    return "published, with unpublished changes" if page.has_unpublished_changes else "published"


def wants_draft(page):
    """An unpublished draft is part of what the school wrote: the latest revision, if it
    differs from the live page (or the page was never published)."""
    return bool(page.latest_revision_id) and (page.has_unpublished_changes or not page.live)


def gather(school):
    """The export document (a dict ready for JSON) and the files to put beside it."""
    numbering = ExportNumbering()
    pages = school_pages(school)
    activities, clusters = cluster_activities(school)
    for page in pages + activities:
        numbering.held_page(page.pk)

    revisions = Revision.objects.in_bulk(
        [page.latest_revision_id for page in pages + activities if wants_draft(page)]
    )
    updates = [page for page in pages if isinstance(page, AnnualUpdatePage)]
    states = workflow_states_for(updates)
    students = student_counts(updates)  # counts only: the codes never leave the site
    keys_by_path = {page.path: numbering.held_page(page.pk) for page in pages}

    entries = []
    for page in pages + activities:
        entry = page_entry(page, numbering, revisions.get(page.latest_revision_id))
        if page.pk == school.pk:
            entry["parent"] = {"school_index": True}
        elif isinstance(page, ClusterActivityPage):
            cluster = clusters.get(page.pk)
            entry["parent"] = {
                "cluster": {"slug": cluster.slug, "title": cluster.title} if cluster else None
            }
        else:
            entry["parent"] = {"page": keys_by_path[page.path[: -Page.steplen]]}
        if isinstance(page, AnnualUpdatePage):
            entry["update_status"] = str(status_of(page, states.get(page.pk)))
            if page.pk in students:
                entry["student_evidence"] = students[page.pk]
        entry["owner"] = numbering.named("user", page.owner_id) if page.owner_id else None
        entries.append(entry)

    reviews = [
        {
            "update": numbering.key("page", review.update_id),
            **export_version(AnnualReview, stored_data(review), numbering, is_page=False),
        }
        for review in AnnualReview.objects.filter(update__in=updates)
        .prefetch_related("development_targets")
        .order_by("update__path")
    ]

    school_page = pages[0]
    document = {
        "school": {"urn": school_page.urn, "title": school_page.title},
        "editors": sorted(
            school_page.editors_group.user_set.values_list("username", flat=True)
            if school_page.editors_group_id
            else []
        ),
        "awards": [
            {
                "scheme": award.level.scheme.short_name,
                "level": award.level.name,
                "awarded_on": award.awarded_on.isoformat(),
                "valid_until": award.valid_until.isoformat(),
                "status": award.status_label(),
                # A member of staff's award (the school's own export, for its records).
                **(
                    {
                        "member_of_staff": award.holder_name,
                        "agrees_to_be_named": award.holder_consents,
                    }
                    if award.holder_name
                    else {}
                ),
            }
            for award in school_page.awards.select_related("level__scheme").order_by(
                "awarded_on", "level__name"
            )
        ],
        "pages": entries,
        "reviews": reviews,
    }
    files = {}
    document["documents"], files[DOCUMENT] = media_entries(
        get_document_model(), numbering.keys[DOCUMENT], "documents"
    )
    document["images"], files[IMAGE] = media_entries(
        get_image_model(), numbering.keys[IMAGE], "images"
    )
    document["outside_pages"] = outside_pages(numbering.outside_pages)
    numbering.finish()
    return _json_form(document), files[DOCUMENT] + files[IMAGE]


def page_entry(page, numbering, revision):
    model = type(page)
    live = stored_data(page) if page.live else None
    draft = None
    if revision is not None:
        draft = revision.content
    elif not page.live:
        draft = stored_data(page)
    return {
        "key": numbering.held_page(page.pk),
        "type": model._meta.label_lower,
        "status": page_status(page),
        "live": page.live,
        "first_published_at": page.first_published_at,
        "last_published_at": page.last_published_at,
        "latest_revision_created_at": page.latest_revision_created_at,
        "live_version": export_version(model, live, numbering) if live else None,
        "draft_version": export_version(model, draft, numbering) if draft else None,
    }


def media_entries(model, keys, folder):
    """The documents or images the pages point at, with the names of their files in the zip."""
    rows = model.objects.filter(pk__in=keys).select_related("collection").prefetch_related("tags")
    entries, files = [], []
    for item in sorted(rows, key=lambda row: keys[row.pk]):
        key = keys[item.pk]
        filename = os.path.basename(item.file.name)
        path = f"{folder}/{key}-{filename}"
        entry = {
            "key": key,
            "title": item.title,
            "file": path if item.file.storage.exists(item.file.name) else None,
            "filename": filename,
            "collection": item.collection.name,
            "tags": sorted(tag.name for tag in item.tags.all()),
            "created_at": item.created_at,
        }
        if model is get_image_model():
            entry["description"] = item.description
            entry["focal_point"] = (
                {
                    "x": item.focal_point_x,
                    "y": item.focal_point_y,
                    "width": item.focal_point_width,
                    "height": item.focal_point_height,
                }
                if item.focal_point_x is not None
                else None
            )
        entries.append(entry)
        if entry["file"]:
            files.append((path, item.file))
    return entries, files


def outside_pages(keys):
    """Pages outside the export that its rich text links to, so a restore can find them."""
    if not keys:
        return []
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.url_path if site else "/"
    rows = Page.objects.filter(pk__in=keys).values_list("pk", "title", "url_path")
    return [
        {
            "key": keys[pk],
            "title": title,
            "url_path": url_path,
            "url": "/" + url_path[len(root) :] if url_path.startswith(root) else url_path,
        }
        for pk, title, url_path in sorted(rows, key=lambda row: keys[row[0]])
    ]

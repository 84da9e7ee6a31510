"""Reading a school's export into a site: the school, its pages, files, awards and reviews.

Everything happens in one transaction: a restore that stops part way (a framework version
the site lacks, a file missing from the zip) leaves no pages, rows or files behind. A school
whose URN is already on the site is refused: restoring is for a site without that school,
and merging two versions of a school's pages is not something to do silently.
"""

import io
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from network.gias import GiasFileError, school_index
from network.models import (
    Award,
    AwardLevel,
    ClusterActivityPage,
    ClusterPage,
    SchoolPage,
)
from practice.models import AnnualReview

from .content import apply_version
from .reading import RestoreError, open_export
from .resolver import RestoreResolver

SCHOOL_TYPE = SchoolPage._meta.label_lower
ACTIVITY_TYPE = ClusterActivityPage._meta.label_lower


@dataclass
class RestoreResult:
    school: SchoolPage = None
    pages: Counter = field(default_factory=Counter)
    documents: int = 0
    images: int = 0
    awards: int = 0
    reviews: int = 0
    editors: int = 0
    notes: list = field(default_factory=list)

    def summary(self):
        pages = ", ".join(f"{label} {count}" for label, count in sorted(self.pages.items()))
        return (
            f"pages: {sum(self.pages.values())} ({pages}); documents: {self.documents}; "
            f"images: {self.images}; awards: {self.awards}; reviews: {self.reviews}; "
            f"editors added: {self.editors}"
        )


def allowed_page_types():
    """The page types an export may hold: those a school page allows, the school, activities."""
    labels = {model._meta.label_lower for model in SchoolPage.allowed_subpage_models()}
    return labels | {SCHOOL_TYPE, ACTIVITY_TYPE}


def restore_school(source):
    """Restore the export in `source` (a path or a binary file); RestoreError says why not."""
    opened = open_export(source)
    document = opened.document
    urn = str(document["school"].get("urn", ""))
    existing = SchoolPage.objects.filter(urn=urn).first()
    if existing is not None:
        raise RestoreError(
            f"A school with URN {urn} is already on this site ({existing.title}). Restoring "
            "creates the school afresh; delete or rename the existing school first."
        )
    unknown = {entry["type"] for entry in document["pages"]} - allowed_page_types()
    if unknown:
        raise RestoreError(f"The export holds page types this site does not: {sorted(unknown)}.")
    saved_files = []
    try:
        with transaction.atomic():
            return _restore(opened, saved_files)
    except Exception:
        for stored in saved_files:
            stored.storage.delete(stored.name)
        raise


def _restore(opened, saved_files):
    document = opened.document
    result = RestoreResult()
    resolver = RestoreResolver(document.get("outside_pages", []))
    _restore_media(opened, document["documents"], get_document_model(), resolver, saved_files)
    _restore_media(opened, document["images"], get_image_model(), resolver, saved_files)
    result.documents = len(resolver.keys["document"])
    result.images = len(resolver.keys["image"])

    created = []
    for entry in document["pages"]:
        parent = _parent_for(entry, resolver, result)
        if parent is None:
            continue
        model = apps.get_model(entry["type"])
        page = model()
        apply_version(page, entry["live_version"] or entry["draft_version"], resolver)
        page.slug = _free_slug(parent, page.slug or slugify(page.title))
        page.live = False
        parent.add_child(instance=page)
        resolver.keys["page"][entry["key"]] = page.pk
        created.append((entry, model, page.slug))
        result.pages[model._meta.verbose_name_plural] += 1
        if entry["type"] == SCHOOL_TYPE:
            result.school = page
    if result.school is None:
        raise RestoreError("The export holds no school page.")
    for entry, model, slug in created:
        _write_versions(entry, model, slug, resolver)

    # The awards first: a review names the award its outcome gave.
    _restore_awards(result.school, document.get("awards", []), result)
    for content in document.get("reviews", []):
        review = AnnualReview()
        apply_version(review, content, resolver, is_page=False)
        review.save()
        if content.get("recorded_at"):
            AnnualReview.objects.filter(pk=review.pk).update(
                recorded_at=parse_datetime(content["recorded_at"])
            )
        result.reviews += 1
    _restore_editors(result.school, document.get("editors", []), result)
    return result


# ------ Pages ------


def _parent_for(entry, resolver, result):
    parent = entry.get("parent") or {}
    if parent.get("school_index"):
        return _school_index()
    if "page" in parent:
        pk = resolver.keys["page"].get(parent["page"])
        return Page.objects.get(pk=pk).specific if pk else None
    cluster = parent.get("cluster") or {}
    found = ClusterPage.objects.filter(slug=cluster.get("slug", "")).first()
    if found is None:
        result.notes.append(
            f"Cluster activity {entry['key']} not restored: no cluster "
            f'"{cluster.get("title") or cluster.get("slug")}" on this site.'
        )
    return found


def _school_index():
    """The directory, made as the GIAS import makes it when this site has none yet."""
    try:
        return school_index()
    except GiasFileError as error:
        raise RestoreError(str(error)) from error


def _free_slug(parent, slug):
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _write_versions(entry, model, slug, resolver):
    """The live version published through a revision, then the draft saved on top."""
    pk = resolver.keys["page"][entry["key"]]
    live, draft = entry["live_version"], entry["draft_version"]
    page = model.objects.get(pk=pk)
    if live:
        apply_version(page, live, resolver)
        page.slug = slug
        page.save_revision(clean=False).publish(log_action=False, skip_permission_checks=True)
        if draft:
            page = model.objects.get(pk=pk)
            apply_version(page, draft, resolver)
            page.slug = slug
            page.save_revision(clean=False)
    else:
        apply_version(page, draft, resolver)
        page.slug = slug
        page.save(clean=False)
        page.save_revision(clean=False)
    owner = entry.get("owner") or {}
    Page.objects.filter(pk=pk).update(
        first_published_at=_moment(entry.get("first_published_at")),
        last_published_at=_moment(entry.get("last_published_at")),
        latest_revision_created_at=_moment(entry.get("latest_revision_created_at")),
        owner_id=resolver.pk("user", owner) if owner else None,
    )


def _moment(value):
    return parse_datetime(value) if value else None


# ------ Files ------


def _restore_media(opened, entries, model, resolver, saved_files):
    is_image = model is get_image_model()
    kind = "image" if is_image else "document"
    for entry in entries:
        if not entry.get("file"):
            continue  # the file was missing on the exporting site: its references are dropped
        data = opened.file_bytes(entry["file"])
        item = model(title=entry["title"], collection=_collection(entry.get("collection")))
        if is_image:
            item.file = ImageFile(io.BytesIO(data), name=entry["filename"])
            item.description = entry.get("description", "")
            point = entry.get("focal_point") or {}
            item.focal_point_x = point.get("x")
            item.focal_point_y = point.get("y")
            item.focal_point_width = point.get("width")
            item.focal_point_height = point.get("height")
            item._set_image_file_metadata()
        else:
            item.file = ContentFile(data, name=entry["filename"])
            item._set_document_file_metadata()
        item.save()
        saved_files.append(item.file)
        item.tags.set(entry.get("tags", []))
        if entry.get("created_at"):
            model.objects.filter(pk=item.pk).update(created_at=parse_datetime(entry["created_at"]))
        resolver.keys[kind][entry["key"]] = item.pk


def _collection(name):
    root = Collection.get_first_root_node()
    if name and name != root.name:
        found = Collection.objects.filter(name=name).first()
        if found is not None:
            return found
    return root


# ------ Awards and editors ------


def _restore_awards(school, awards, result):
    levels = {
        (level.scheme.short_name, level.name): level
        for level in AwardLevel.objects.select_related("scheme")
    }
    for award in awards:
        level = levels.get((award["scheme"], award["level"]))
        if level is None:
            result.notes.append(
                f"Award {award['scheme']} {award['level']} ({award['awarded_on']}) not restored: "
                "this site has no such award level."
            )
            continue
        Award.objects.create(
            school=school,
            level=level,
            awarded_on=award["awarded_on"],
            valid_until=award["valid_until"],
            holder_name=award.get("member_of_staff") or "",
            holder_consents=bool(award.get("agrees_to_be_named")),
        )
        result.awards += 1


def _restore_editors(school, usernames, result):
    from django.contrib.auth import get_user_model

    school.refresh_from_db()
    users = list(get_user_model().objects.filter(username__in=usernames))
    if school.editors_group_id and users:
        school.editors_group.user_set.add(*users)
    result.editors = len(users)
    missing = len(set(usernames)) - len(users)
    if missing:
        result.notes.append(
            f"{missing} of the school's editors have no account on this site; "
            "add them to the school's editors group when they do."
        )

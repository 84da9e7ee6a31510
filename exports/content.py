"""One version of a page (or a review) between Wagtail's own JSON form and the export's.

Wagtail stores a page version as `serializable_data()`: every column, each child relation as
a list, each parental many-to-many as a list of ids. The export keeps that shape and its
values (rich text as stored HTML, streams as raw block data with their block ids) and changes
only what names a row of this site: ids of documents, images and pages become the export's
own numbers; elements, framework versions, schools and users become what identifies them on
any site (scheme, version name and number; URN; username). The restore reverses it.
"""

import copy
import json

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from taggit.managers import TaggableManager
from wagtail.fields import RichTextField, StreamField
from wagtail.models import COMMENTS_RELATION_NAME, Page

from .references import rewrite_rich_text, rewrite_stream

# The parts of Page that are the page's content; the rest is tree, locking and workflow
# bookkeeping that the restoring site keeps for itself.
PAGE_CONTENT_FIELDS = ("title", "slug", "seo_title", "search_description", "show_in_menus")
PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}

# Models another row may name, and what the export calls them by.
DOCUMENT, IMAGE, PAGE = "document", "image", "page"
NAMED_MODELS = {
    "network.element": "element",
    "network.frameworkversion": "framework",
    "network.schoolpage": "school",
    # A round's cycle, the award its outcome gave, a level it offered, a report's section.
    "network.process": "process",
    "network.award": "award",
    "network.awardlevel": "level",
    "network.reportsection": "report_section",
    settings.AUTH_USER_MODEL.lower(): "user",
    "wagtaildocs.document": DOCUMENT,
    "wagtailimages.image": IMAGE,
}


class ExportError(Exception):
    """The school holds something the export cannot write down faithfully."""


def reference_kind(model):
    label = model._meta.label_lower
    if label in NAMED_MODELS:
        return NAMED_MODELS[label]
    if issubclass(model, Page):
        return PAGE
    return None


def tag_manager(model):
    """The model's tag field and the child relation holding its tagged items, or (None, None)."""
    for field in model._meta.get_fields():
        if isinstance(field, TaggableManager):
            return field, field.through
    return None, None


# Set by staff, not by editing, yet part of what a page is: an update's cycle.
KEPT = {"process"}


def content_fields(model, is_page):
    """The concrete fields of one version that the export writes."""
    chosen = []
    for field in model._meta.concrete_fields:
        if field.primary_key or isinstance(field, ParentalKey):
            continue
        if is_page and field.name in PAGE_FIELDS and field.name not in PAGE_CONTENT_FIELDS:
            continue
        if isinstance(field, models.OneToOneField) and field.remote_field.parent_link:
            continue
        if is_page and field.is_relation and not field.editable and field.name not in KEPT:
            # The school above a page and a school's editors group: the tree says them.
            continue
        if field.name == "sort_order":
            continue  # a child's order is its place in the list
        chosen.append(field)
    return chosen


def child_relations(model):
    """(accessor name, child model) for each child relation the export writes."""
    _, tagged = tag_manager(model)
    return [
        (rel.get_accessor_name(), rel.related_model)
        for rel in get_all_child_relations(model)
        if rel.get_accessor_name() != COMMENTS_RELATION_NAME and rel.related_model is not tagged
    ]


def m2m_fields(model):
    return [
        field for field in model._meta.many_to_many if isinstance(field, ParentalManyToManyField)
    ]


def _tagged_relation_name(model):
    _, tagged = tag_manager(model)
    for rel in get_all_child_relations(model):
        if rel.related_model is tagged:
            return rel.get_accessor_name()
    return None


# ------ Export: Wagtail's form to the export's ------


def export_version(model, data, refs, is_page=True):
    """The export's form of `data` (a `serializable_data()` dict, JSON-encoded once)."""
    out = {}
    for field in content_fields(model, is_page):
        value = data.get(field.name)
        out[field.name] = _export_value(model, field, value, refs)
    for field in m2m_fields(model):
        kind = _kind_or_fail(model, field)
        out[field.name] = [refs.named(kind, pk) for pk in data.get(field.name) or []]
    manager, _ = tag_manager(model)
    tagged_name = _tagged_relation_name(model)
    if manager is not None and tagged_name:
        out[manager.name] = refs.tag_names([item["tag"] for item in data.get(tagged_name) or []])
    for name, child_model in child_relations(model):
        out[name] = [
            export_version(child_model, child, refs, is_page=False)
            for child in data.get(name) or []
        ]
    return out


def _kind_or_fail(model, field):
    kind = reference_kind(field.related_model)
    if kind is None:
        raise ExportError(
            f"{model._meta.label}.{field.name} names a {field.related_model._meta.label}, "
            "which the school export does not know how to write."
        )
    return kind


def _export_value(model, field, value, refs):
    if isinstance(field, RichTextField):
        return rewrite_rich_text(value or "", refs.export_mapper)
    if isinstance(field, StreamField):
        raw = json.loads(value) if isinstance(value, str) else (value or [])
        return rewrite_stream(field.stream_block, raw, refs.export_mapper)
    if field.is_relation:
        if value is None:
            return None
        kind = _kind_or_fail(model, field)
        if kind in (DOCUMENT, IMAGE, PAGE):
            return refs.key(kind, value)
        return refs.named(kind, value)
    return value


# ------ Restore: the export's form to a model instance ------


def apply_version(instance, content, resolver, is_page=True):
    """Set `instance`'s fields, children, many-to-manys and tags from the export's form."""
    model = type(instance)
    for field in content_fields(model, is_page):
        if field.name not in content:
            continue
        value = content[field.name]
        if isinstance(field, RichTextField):
            value = rewrite_rich_text(value or "", resolver.restore_mapper)
        elif isinstance(field, StreamField):
            # The same content is applied more than once (page shell, then its versions).
            value = rewrite_stream(
                field.stream_block, copy.deepcopy(value or []), resolver.restore_mapper
            )
        elif field.is_relation:
            value = (
                None if value is None else resolver.pk(reference_kind(field.related_model), value)
            )
            if value is None and not field.null:
                raise resolver.missing(model, field, content[field.name])
            setattr(instance, field.attname, value)
            continue
        setattr(instance, field.attname, field.to_python(value))
    for field in m2m_fields(model):
        if field.name in content:
            kind = reference_kind(field.related_model)
            pks = [resolver.pk(kind, value) for value in content[field.name]]
            setattr(
                instance,
                field.name,
                list(field.related_model._default_manager.filter(pk__in=[p for p in pks if p])),
            )
    manager, _ = tag_manager(model)
    if manager is not None and manager.name in content:
        getattr(instance, manager.name).set(content[manager.name])
    for name, child_model in child_relations(model):
        if name not in content:
            continue
        children = []
        for order, child_content in enumerate(content[name]):
            child = child_model()
            if resolver.usable(child_model, child_content):
                apply_version(child, child_content, resolver, is_page=False)
                if hasattr(child, "sort_order"):
                    child.sort_order = order
                children.append(child)
        setattr(instance, name, children)
    return instance

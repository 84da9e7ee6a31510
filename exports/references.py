"""Rewriting the ids inside rich text and StreamField data, in both directions.

A school's pages point at documents, images and other pages by database id: in rich text
(`<a linktype="document" id="3">`, `<embed embedtype="image" id="7" .../>`) and in stream
blocks (a document chooser's value is the document's id). Ids mean nothing on another site,
so the export replaces them with its own numbers and the restore replaces those with the new
site's ids. Everything else in the HTML and the stream stays byte for byte as stored.

A mapper is `mapper(kind, value) -> new value`: kind is "page", "document" or "image", value
the id as a string. It returns the replacement as a string, None to drop the reference (a
link loses its target, an image embed goes), or `Href(url)` to turn a page link into an
ordinary link.
"""

import re
from dataclasses import dataclass

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs

ID_ATTRIBUTE = re.compile(r'(?<![\w-])id="([^"]*)"')
LINK_KINDS = {"page": "page", "document": "document"}
EMBED_KINDS = {"image": "image"}


@dataclass(frozen=True)
class Href:
    """A page link that becomes a plain link, when the page it named is not on the new site."""

    url: str


def _rewrite_tags(html, pattern, type_attribute, kinds, mapper, drop_whole_tag):
    def replace(match):
        tag = match.group(0)
        attrs = extract_attrs(match.group(1))
        kind = kinds.get(attrs.get(type_attribute))
        if kind is None or "id" not in attrs:
            return tag
        new = mapper(kind, attrs["id"])
        if isinstance(new, Href):
            return f'<a href="{_escape_attribute(new.url)}">'
        if new is None:
            return "" if drop_whole_tag else ID_ATTRIBUTE.sub("", tag, count=1).replace("  ", " ")
        return ID_ATTRIBUTE.sub(f'id="{new}"', tag, count=1)

    return pattern.sub(replace, html)


def _escape_attribute(value):
    return (
        str(value)
        .replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def rewrite_rich_text(html, mapper):
    """The stored HTML with its page, document and image ids passed through `mapper`."""
    if not html:
        return html
    html = _rewrite_tags(html, FIND_A_TAG, "linktype", LINK_KINDS, mapper, drop_whole_tag=False)
    return _rewrite_tags(
        html, FIND_EMBED_TAG, "embedtype", EMBED_KINDS, mapper, drop_whole_tag=True
    )


def chooser_kind(block):
    """Which kind of reference a chooser block's value is, or None for other blocks."""
    if not isinstance(block, blocks.ChooserBlock):
        return None
    target = block.model_class
    if issubclass(target, get_document_model()):
        return "document"
    if issubclass(target, get_image_model()):
        return "image"
    if issubclass(target, Page):
        return "page"
    return None


def rewrite_stream(block, value, mapper):
    """Raw stream data (as `get_prep_value` gives it) with its references passed through."""
    if value is None:
        return None
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                child["value"] = rewrite_stream(child_block, child.get("value"), mapper)
        return value
    if isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            if name in value:
                value[name] = rewrite_stream(child_block, value[name], mapper)
        return value
    if isinstance(block, blocks.ListBlock):
        for index, item in enumerate(value):
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item["value"] = rewrite_stream(block.child_block, item["value"], mapper)
            else:
                value[index] = rewrite_stream(block.child_block, item, mapper)
        return value
    if isinstance(block, blocks.RichTextBlock):
        return rewrite_rich_text(value, mapper)
    kind = chooser_kind(block)
    if kind is not None and value not in (None, ""):
        new = mapper(kind, str(value))
        return int(new) if isinstance(new, str) and new.isdigit() else None
    return value

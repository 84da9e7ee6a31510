"""What every page a school publishes below its profile has in common.

Case studies (practice) and research projects (research) may not import each other, so the
parts they share live here, in the layer both stand on: the school they belong to, the
framework elements a school may tag them with and the form that offers only those elements,
their sections, tags, images and documents, the record practice search keeps of them, and
the reading of their sections from an import line.
"""

from django import forms
from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, Page
from wagtail.rich_text import get_text_for_indexing

from network.models import Element, Scheme, SchoolPage


def scheme_of(school):
    """The scheme a school's practice is tagged against: that of its newest award (its own,
    not one of its staff's)."""
    if school is not None:
        award = (
            school.awards.of_schools()
            .select_related("level__scheme")
            .order_by("-awarded_on")
            .first()
        )
        if award is not None:
            return award.level.scheme
    return Scheme.objects.default()


def elements_for(school):
    """The elements of the school's scheme's current framework (the default scheme's if none)."""
    scheme = scheme_of(school)
    if scheme is None or scheme.update_framework_id is None:
        return Element.objects.none()
    return Element.objects.filter(framework_id=scheme.update_framework_id).order_by("number")


class SchoolContentForm(WagtailAdminPageForm):
    """Offers as elements only those of the school's own framework, as a list of checkboxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("elements")
        if field is None:
            return
        school = self.instance.school if self.instance.school_id else None
        if school is None and self.parent_page is not None:
            school = school_above(self.parent_page, inclusive=True)
        allowed = elements_for(school)
        chosen = self.instance.elements.all() if self.instance.pk else []
        field.queryset = (allowed | field.queryset.filter(pk__in=[e.pk for e in chosen])).distinct()
        field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices
        field.help_text = "The elements of your framework this work addresses."


def school_above(page, inclusive=False):
    """The SchoolPage at or above a page in the tree, or None."""
    if page is None or not page.path:
        return None
    return SchoolPage.objects.ancestor_of(page, inclusive=inclusive).first()


class SchoolContentMixin(models.Model):
    """The school a page belongs to, kept on the page so listings need no tree walk; and
    what case studies and research share: sections, elements, tags, listings, the practice
    search record and the import of sections.

    A page type names its SECTIONS ((field name, heading), in reading order) and its
    search_kind, and has `elements` and `tags`."""

    SECTIONS = []
    search_kind = ""

    school = models.ForeignKey(
        "network.SchoolPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ref = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The identifier of an imported record, so that importing again updates it.",
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an imported record was first published elsewhere.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.path:
            school = school_above(Page(path=self.path, depth=self.depth), inclusive=False)
            self.school = school
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "school" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "school"]
        return super().save(*args, **kwargs)

    @property
    def effective_phase(self):
        """The phase the page names, else its school's."""
        own = getattr(self, "phase", "")
        if own:
            return own
        return self.school.phase if self.school_id and self.school else ""

    @property
    def published_date(self):
        if self.published_on:
            return self.published_on
        if self.first_published_at:
            return self.first_published_at.date()
        return None

    @classmethod
    def listing_queryset(cls):
        """Live, public pages of this type with what a card shows, in a fixed number of
        queries."""
        return (
            cls.objects.live()
            .public()
            .select_related("school")
            .prefetch_related("elements", "tags")
            .order_by("-first_published_at", "-pk")
        )

    @classmethod
    def imported_sections(cls, part, names, where):
        """Sections from an import line's part, plain text made rich text."""
        return {name: paragraphs_html(import_text(part, name, where)) for name in names}

    def sections(self):
        """The filled-in sections, for the page and its contents list."""
        return [
            {"name": name, "heading": heading, "text": getattr(self, name)}
            for name, heading in self.SECTIONS
            if getattr(self, name)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections()
        context["elements"] = list(self.elements.all())
        context["tag_names"] = [tag.name for tag in self.tags.all()]
        return context

    # ------ Practice search ------

    def section_texts(self):
        """The sections as plain text, in reading order."""
        return [get_text_for_indexing(getattr(self, name) or "") for name, _ in self.SECTIONS]

    def search_body_texts(self):
        """The texts a search reads as the body; a page type may add its own."""
        return self.section_texts()

    def search_labels(self):
        """The record's evidence stage, outcome and status, where the page type has them."""
        return {"evidence_stage": "", "outcome": "", "status": ""}

    def search_record(self):
        """The practice search's record of this page: plain values, plain text."""
        return {
            "kind": self.search_kind,
            "title": self.title,
            "summary": self.summary,
            "body": "\n\n".join(text for text in self.search_body_texts() if text),
            "school": self.school,
            "cluster": None,
            "elements": list(self.elements.all()),
            "tags": sorted(tag.name for tag in self.tags.all()),
            **self.search_labels(),
            "phase": str(self.effective_phase),
            "published": self.published_date,
        }


class SchoolContentImage(Orderable):
    """An image on a school's page, with its caption and alternative text; a page type adds
    its ParentalKey `page` (related_name "images")."""

    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=255, blank=True)
    alt_text = models.CharField(
        max_length=255, blank=True, help_text="What the image shows, for people who cannot see it."
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("alt_text")]

    class Meta(Orderable.Meta):
        abstract = True


class SchoolContentDocument(Orderable):
    """A document on a school's page, with its caption; a page type adds its ParentalKey
    `page`."""

    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        abstract = True


def paragraphs_html(text):
    """Plain text from an import as rich text: blank lines part paragraphs."""
    from html import escape

    if not text:
        return ""
    paragraphs = [" ".join(block.split()) for block in str(text).split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)


def import_choice(value, choices, field_name, default=""):
    """An import's choice given by value or label, e.g. "in_progress" or "In progress"."""
    if value in (None, ""):
        return default
    if not isinstance(value, str):
        raise ValueError(f'"{field_name}" must be a string')
    for stored, label in choices:
        if value.strip().lower() in (stored, label.lower()):
            return stored
    allowed = ", ".join(stored for stored, _ in choices)
    raise ValueError(f'"{field_name}" is "{value}"; expected one of: {allowed}')


def import_text(record, key, where=""):
    value = record.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f'"{where}{key}" must be a string')
    return value

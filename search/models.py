"""What practice search stores: one record per searchable page, the synonym list, the query log.

The tables keep the names they had when search lived inside the `cms` app (search/0001 took
them over without touching a row), so the full-text index and its SQL (fulltext.py) still
name `cms_practicerecord`.

The record is denormalised on purpose: a search and its facet counts must not join across the
page tree. Every engine keeps these rows (Elasticsearch too), so the database engine can always
answer when Elasticsearch cannot.
"""

from django import forms
from django.db import models
from django.db.models import TextField, Value
from django.db.models.functions import Cast, Concat
from wagtail.admin.panels import FieldPanel

__all__ = [
    "PracticeRecord",
    "RecordElement",
    "RecordKind",
    "RecordTag",
    "SearchQueryLog",
    "SearchSynonym",
    "SearchTerm",
]


class RecordKind(models.TextChoices):
    CASE_STUDY = "case_study", "Case study"
    RESEARCH = "research", "Research"
    CLUSTER_ACTIVITY = "cluster_activity", "Cluster activity"


# Between the values of a record's facet signatures (never in a value: the ASCII unit separator).
FACET_SEPARATOR = "\x1f"
# A record's single-valued facets, in two signatures the database keeps from its own columns:
# few records share all ten values, many share each half, so a text query's counts are taken
# over the distinct signatures of its matches (search/engines/database.py).
RECORD_SIGNATURE = ("kind", "evidence_stage", "outcome", "year", "scheme")
SCHOOL_SIGNATURE = ("phase", "provision", "region", "local_authority", "cluster_slug")


def _signature(columns):
    parts = []
    for column in columns:
        if parts:
            parts.append(Value(FACET_SEPARATOR))
        parts.append(Cast(column, TextField()) if column == "year" else models.F(column))
    return Concat(*parts, output_field=TextField())


class PracticeRecord(models.Model):
    """Everything the search needs to know about one piece of shared practice."""

    key = models.CharField(max_length=80, unique=True, help_text="page-<id>, or ref-<ref>.")
    page = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="practice_record",
    )
    kind = models.CharField(max_length=20, choices=RecordKind.choices, db_index=True)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    school_name = models.CharField(max_length=255, blank=True)
    school_urn = models.CharField(max_length=6, blank=True, db_index=True)
    phase = models.CharField(max_length=30, blank=True, db_index=True)
    # The school's kind: mainstream, special, pru, alternative_provision ("" not known).
    provision = models.CharField(max_length=30, blank=True, db_index=True)
    region = models.CharField(max_length=40, blank=True, db_index=True)
    # The school's context from GIAS: {"type_group", "type", "resourced_provision",
    # "sen_needs": [...], "number_on_roll", "percentage_fsm"} ({} when there is no school).
    school_context = models.JSONField(default=dict, blank=True)
    local_authority = models.CharField(max_length=120, blank=True, db_index=True)
    postcode_district = models.CharField(max_length=4, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True, db_index=True)
    longitude = models.FloatField(null=True, blank=True)
    cluster_slug = models.CharField(max_length=255, blank=True, db_index=True)
    cluster_title = models.CharField(max_length=255, blank=True)
    scheme = models.CharField(max_length=30, blank=True, db_index=True)
    evidence_stage = models.CharField(max_length=40, blank=True, db_index=True)
    outcome = models.CharField(max_length=40, blank=True, db_index=True)
    status = models.CharField(max_length=40, blank=True)
    published = models.DateField(db_index=True)
    year = models.PositiveSmallIntegerField(db_index=True)
    tags = models.JSONField(default=list, blank=True)
    elements = models.ManyToManyField(
        "network.Element", through="RecordElement", related_name="practice_records"
    )
    # The ids of `elements`, ascending, comma-separated: written with the element links
    # (search/records.py), read by the facet counts of a text query.
    element_ids = models.CharField(max_length=500, blank=True, default="", editable=False)
    record_signature = models.GeneratedField(
        expression=_signature(RECORD_SIGNATURE), output_field=TextField(), db_persist=True
    )
    school_signature = models.GeneratedField(
        expression=_signature(SCHOOL_SIGNATURE), output_field=TextField(), db_persist=True
    )
    # What the record means, as the sentence-embedding model puts it (`search.semantic`): 384
    # little-endian float32s; empty until it is worked out, and where the model is absent.
    meaning = models.BinaryField(null=True, blank=True, editable=False)
    # What `meaning` was worked out from (`semantic.digest`): a record written again with the
    # same text keeps it, and a rebuild reuses it.
    meaning_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cms_practicerecord"
        verbose_name = "practice search record"
        indexes = [models.Index(fields=["-published", "-id"], name="practice_newest")]

    def __str__(self):
        return self.title


class RecordElement(models.Model):
    record = models.ForeignKey(
        PracticeRecord, on_delete=models.CASCADE, related_name="element_links"
    )
    element = models.ForeignKey("network.Element", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "cms_recordelement"
        constraints = [
            models.UniqueConstraint(fields=["record", "element"], name="unique_record_element")
        ]

    def __str__(self):
        return f"{self.record_id}: element {self.element_id}"


class RecordTag(models.Model):
    """A tag on a record, one row each, so tag filters and counts stay in SQL."""

    record = models.ForeignKey(PracticeRecord, on_delete=models.CASCADE, related_name="tag_rows")
    name = models.CharField(max_length=100, db_index=True)

    class Meta:
        db_table = "cms_recordtag"
        constraints = [models.UniqueConstraint(fields=["record", "name"], name="unique_record_tag")]

    def __str__(self):
        return self.name


class SearchTerm(models.Model):
    """The words the records use, with how many records use each: the "did you mean" vocabulary."""

    word = models.CharField(max_length=40, unique=True)
    stem = models.CharField(max_length=40, blank=True, db_index=True)
    length = models.PositiveSmallIntegerField(db_index=True)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "cms_searchterm"

    def __str__(self):
        return self.word


class SearchSynonym(models.Model):
    """A thesaurus entry: the words and phrases the sector uses for one thing.

    A search for any term finds what was written with any other; a search for this entry also
    finds, at less weight, what was written with a narrower entry's terms."""

    terms = models.CharField(
        "words that mean the same",
        max_length=2000,
        unique=True,
        help_text="Comma-separated, the usual name first, e.g. "
        "SEND, SEN, special educational needs.",
    )
    broader = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="narrower",
        verbose_name="broader entries",
        help_text="More general entries: a search for one of them also finds this one's words.",
    )
    capitals = models.CharField(
        "abbreviations found only in capitals",
        max_length=200,
        blank=True,
        help_text="Abbreviations that are also everyday words, comma-separated, as schools "
        "write them, e.g. SALT, SaLT. A search typed that way finds this entry; the word "
        "typed in small letters (salt) is only the word.",
    )
    source = models.CharField(
        "where it comes from",
        max_length=300,
        blank=True,
        help_text="The glossary or guidance the terms are taken from.",
    )
    note = models.CharField(max_length=200, blank=True)

    panels = [
        FieldPanel("terms", widget=forms.Textarea(attrs={"rows": 4})),
        FieldPanel("capitals"),
        FieldPanel("broader"),
        FieldPanel("source"),
        FieldPanel("note"),
    ]

    class Meta:
        db_table = "cms_searchsynonym"
        ordering = ["terms"]
        verbose_name = "thesaurus entry"
        verbose_name_plural = "thesaurus entries"

    def __str__(self):
        """The usual name, and how many other terms the entry has ("emotionally based school
        avoidance (and 44 more)"): the whole list is for the form, not a heading."""
        terms = [term.strip() for term in self.terms.split(",") if term.strip()]
        if len(terms) <= 1:
            return terms[0] if terms else ""
        return f"{terms[0]} (and {len(terms) - 1} more)"

    def clean(self):
        from django.core.exceptions import ValidationError

        written = [t.strip() for t in self.capitals.replace(";", ",").split(",") if t.strip()]
        wrong = [term for term in written if term not in capital_terms(term)]
        if wrong:
            raise ValidationError(
                {
                    "capitals": f"Write each abbreviation with its capitals, as schools write "
                    f"it (SALT or SaLT, not salt), one word each: {', '.join(wrong[:3])}."
                }
            )

    def term_list(self):
        return [term.strip().lower() for term in self.terms.split(",") if term.strip()]

    def capital_list(self):
        """The abbreviations found only in capitals, as written (SALT, SaLT)."""
        return capital_terms(self.capitals)


def capital_terms(value):
    """'SALT, SaLT; salt' -> ['SALT', 'SaLT']: whole words with a capital letter after the
    first (a word in small letters or only capitalised, "Salt", is the everyday word)."""
    found = []
    for term in str(value or "").replace(";", ",").split(","):
        term = term.strip()
        if term.isalnum() and any(char.isupper() for char in term[1:]) and term not in found:
            found.append(term)
    return found


class MissedIndexChange(models.Model):
    """A record Elasticsearch did not hear about (it was down when the record changed).

    Sent again (indexed, or deleted if gone) before Elasticsearch next answers a search, so a
    node that comes back with its data does not serve what it missed; a rebuild clears all."""

    key = models.CharField(max_length=80, unique=True)
    missed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cms_missedindexchange"

    def __str__(self):
        return self.key


class SearchQueryLog(models.Model):
    """One search a person made, for the staff report of common and fruitless queries."""

    query = models.CharField(max_length=200, db_index=True)
    filtered = models.BooleanField(default=False)
    results = models.PositiveIntegerField()
    low_confidence = models.BooleanField(default=False)
    searched_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "cms_searchquerylog"
        ordering = ["-searched_at"]
        verbose_name = "search query"

    def __str__(self):
        return f"{self.query} ({self.results})"

"""What a searcher asked for: the query string read, checked and turned into a `SearchQuery`.

Everything a URL can carry is checked here, so a bad parameter is a clear message (a 400 in
the API, a note on the page) and never reaches an engine.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field

from network.models import Element, Region
from network.provision import (
    ACCEPTED_PHASES,
    ACCEPTED_PROVISIONS,
    phase_from_label,
    provision_from_label,
)

from .models import PracticeRecord, RecordKind
from .records import postcode_district
from .text import MAX_QUERY_LENGTH

PER_PAGE = 20
MAX_PAGE = 500
MAX_VALUES = 50
DEFAULT_RADIUS_KM = 25.0
MAX_RADIUS_KM = 1000.0
SORTS = ("relevance", "newest", "distance")

# Filters by name, with the record column each narrows (element and tag are many-valued).
FILTERS = (
    "kind",
    "element",
    "tag",
    "phase",
    "provision",
    "region",
    "local_authority",
    "cluster",
    "evidence_stage",
    "outcome",
    "scheme",
)
FACETS = tuple(name for name in FILTERS if name != "scheme") + ("year", "scheme")


@dataclass
class Place:
    label: str
    latitude: float
    longitude: float
    note: str = ""  # said beside the results: a postcode placed at its district's centre


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict = field(default_factory=dict)  # name -> list of values
    year_from: int | None = None
    year_to: int | None = None
    near: Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    sort: str = ""  # "" chooses: distance near a place, relevance for text, else newest
    page: int = 1
    per_page: int = PER_PAGE
    exclude_keys: tuple = ()
    parsed: object = None  # text.ParsedText, set by the service

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def is_browse(self):
        """The empty query without filters: the most common request, answered from cache."""
        return (
            not self.parsed
            and not any(self.filters.values())
            and self.year_from is None
            and self.year_to is None
            and self.near is None
            and not self.exclude_keys
        )

    def has_filters(self):
        return bool(
            any(self.filters.values())
            or self.year_from is not None
            or self.year_to is not None
            or self.near is not None
        )

    def effective_sort(self):
        """Nearest first near a place, best first for text, else newest first, unless told."""
        if self.sort == "newest" or (self.sort == "relevance" and not self.parsed):
            return "newest"
        if self.sort == "distance" or (not self.sort and self.near is not None):
            return "distance"
        return "relevance" if self.parsed else "newest"


class BadQuery(Exception):
    """The parameters cannot be searched; `errors` maps each parameter to what is wrong."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _int(value, name, errors, low, high):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[name] = f"Give {name.replace('_', ' ')} as a whole number."
        return None
    if not low <= number <= high:
        errors[name] = f"{name.replace('_', ' ').capitalize()} must be from {low} to {high}."
        return None
    return number


def clean(value):
    """Text without control characters or lone surrogates, which no database can store."""
    return "".join(
        char if unicodedata.category(char) not in ("Cc", "Cs", "Co", "Cn") else " "
        for char in value or ""
    ).strip()


def _values(data, name):
    values = []
    for value in data.getlist(name):
        value = clean(value)
        if value and value not in values:
            values.append(value[:200])
    return values


def read_query(data):
    """A `SearchQuery` from request parameters (a QueryDict), or BadQuery."""
    errors = {}
    query = SearchQuery()
    text = data.get("q", "") or ""
    if len(text) > MAX_QUERY_LENGTH:
        errors["q"] = f"Search for at most {MAX_QUERY_LENGTH} characters (this is {len(text)})."
    query.text = clean(text[: MAX_QUERY_LENGTH * 2])[:MAX_QUERY_LENGTH]

    for name in FILTERS:
        values = _values(data, name)
        if len(values) > MAX_VALUES:
            errors[name] = f"Choose at most {MAX_VALUES} values for {name}."
        query.filters[name] = values[:MAX_VALUES]
    _check_choices(query.filters, errors)

    if data.get("year_from", "").strip():
        query.year_from = _int(data["year_from"], "year_from", errors, 1900, 2100)
    if data.get("year_to", "").strip():
        query.year_to = _int(data["year_to"], "year_to", errors, 1900, 2100)
    if query.year_from and query.year_to and query.year_from > query.year_to:
        errors["year_to"] = "The last year cannot come before the first."

    radius = data.get("radius_km", "").strip()
    if radius:
        try:
            query.radius_km = float(radius)
        except ValueError:
            errors["radius_km"] = "Give the radius in kilometres, e.g. 25."
        else:
            if not math.isfinite(query.radius_km) or not 0 < query.radius_km <= MAX_RADIUS_KM:
                errors["radius_km"] = (
                    f"The radius must be more than 0 and at most {MAX_RADIUS_KM:g} km."
                )
    near = clean(data.get("near", ""))[:40]
    if near:
        query.near = find_place(near)
        if query.near is None:
            errors["near"] = (
                f"We do not know where “{near[:40]}” is: give a postcode in England "
                "(e.g. SW1A 1AA), its district (SW1A) or a school's URN."
            )

    sort = data.get("sort", "").strip()
    if sort and sort not in SORTS:
        errors["sort"] = "Sort by relevance, newest or distance."
    elif sort == "distance" and not near:
        errors["sort"] = "Sorting by distance needs a place to measure from (near)."
    query.sort = sort

    if data.get("page", "").strip():
        query.page = _int(data["page"], "page", errors, 1, MAX_PAGE) or 1
    if errors:
        raise BadQuery(errors)
    return query


def _check_choices(filters, errors):
    _read_school_kinds(filters, errors)
    known = {
        "kind": set(RecordKind.values),
        "region": set(Region.values),
    }
    for name, allowed in known.items():
        unknown = [value for value in filters[name] if value not in allowed]
        if unknown:
            errors[name] = f"Unknown {name}: {', '.join(unknown[:3])}."
    element_ids = []
    for value in filters["element"]:
        # isascii: "²" is a digit to isdigit() but not a number to int().
        if not (value.isascii() and value.isdigit()) or len(value) > 9:
            errors["element"] = f"Unknown element: {value[:20]}."
            return
        element_ids.append(int(value))
    if element_ids:
        found = set(Element.objects.filter(pk__in=element_ids).values_list("pk", flat=True))
        missing = [str(pk) for pk in element_ids if pk not in found]
        if missing:
            errors["element"] = f"Unknown element: {', '.join(missing[:3])}."
        filters["element"] = element_ids


def _read_school_kinds(filters, errors):
    """Phases and provisions as codes, from codes or labels in any case ("Primary",
    "all_through", "All-through"). A kind of school asked for as a phase ("Special", "PRU",
    "alternative provision", "AP") is read as the provision filter: `?phase=Special` finds the
    practice of special schools."""
    phases, provisions = [], []
    unknown_phases, unknown_provisions = [], []
    for value in filters["phase"]:
        phase = phase_from_label(value)
        provision = None if phase else provision_from_label(value)
        if phase:
            phases.append(phase)
        elif provision:
            provisions.append(provision)
        else:
            unknown_phases.append(value)
    for value in filters["provision"]:
        provision = provision_from_label(value)
        if provision:
            provisions.append(provision)
        else:
            unknown_provisions.append(value)
    if unknown_phases:
        errors["phase"] = (
            f"Unknown phase: {', '.join(unknown_phases[:3])}. Give a phase ({ACCEPTED_PHASES}) "
            f"or a kind of school ({ACCEPTED_PROVISIONS})."
        )
    if unknown_provisions:
        errors["provision"] = (
            f"Unknown provision: {', '.join(unknown_provisions[:3])}. Give one of: "
            f"{ACCEPTED_PROVISIONS}."
        )
    filters["phase"] = list(dict.fromkeys(phases))
    filters["provision"] = list(dict.fromkeys(provisions))[:MAX_VALUES]


URN = re.compile(r"^\d{6}$")


def find_place(value):
    """A school (by URN), a full postcode or a postcode district in England, or None.

    Postcodes come from the loaded centroid table (places, `load_postcodes`); a full postcode
    missing from it is placed at its district's centre, with a note saying so. A district the
    table lacks is placed among the network's own schools in it.
    """
    from django.db.models import Avg

    from network.models import SchoolPage
    from places.lookup import locate, normalise

    value = value.strip().upper()
    if URN.match(value):
        school = SchoolPage.objects.filter(urn=value, latitude__isnull=False).first()
        if school:
            return Place(school.title, school.latitude, school.longitude)
        record = PracticeRecord.objects.filter(school_urn=value, latitude__isnull=False).first()
        if record:
            return Place(record.school_name, record.latitude, record.longitude)
        return None
    located = locate(value)
    if located is not None:
        return Place(located.label, located.latitude, located.longitude, located.note)
    district = postcode_district(value)
    if not district:
        return None
    note = ""
    full = normalise(value)
    if full:
        note = (
            f"We have no position for the postcode {full}, so distances are measured from "
            f"the middle of {district}."
        )
    centres = []
    schools = SchoolPage.objects.filter(latitude__isnull=False, postcode__istartswith=district)
    for school in schools.only("postcode", "latitude", "longitude"):
        if postcode_district(school.postcode) == district:
            centres.append((school.latitude, school.longitude))
    if not centres:
        centre = PracticeRecord.objects.filter(
            postcode_district=district, latitude__isnull=False
        ).aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
        if centre["lat"] is None:
            return None
        return Place(district, centre["lat"], centre["lon"], note)
    return Place(
        district,
        sum(c[0] for c in centres) / len(centres),
        sum(c[1] for c in centres) / len(centres),
        note,
    )


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))

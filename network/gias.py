"""Import schools from a Get Information About Schools (GIAS) establishment CSV.

GIAS is the Department for Education's register of establishments; its "all establishment
data" extract is the only authoritative source of URNs, local authorities and locations.
The import upserts a `SchoolPage` per URN so running it again (or on next month's extract)
only changes what GIAS changed, and each change to a school already in the directory is
published as a revision so that the page's history says what the import did.

Decisions worth knowing:
- Only `URN`, `EstablishmentName` and `PhaseOfEducation (name)` must be present as columns;
  the other columns are optional, so a trimmed extract still imports.
- Closed establishments (`EstablishmentStatus (name)` "Closed") are skipped with a reason:
  a closed school cannot join the network, and one already in the directory keeps its page
  and awards (scheme staff decide whether to unpublish it, not an import).
- A school's provision (special school, pupil referral unit, alternative provision or
  mainstream) follows from `TypeOfEstablishment (name)`, or `EstablishmentTypeGroup (name)`
  when the type is not given (network/provision.py); an extract with neither leaves it as it is.
- GIAS fields overwrite the school's own ones, except that an empty website or location in
  GIAS never blanks what the school has; the slug, "about" text and contact email are the
  school's and never touched.
- A school with unpublished edits keeps them: the import publishes GIAS's facts and then
  saves the editors' draft again, with the same facts, as the newest revision.
"""

import csv
import io
import math
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from wagtail.models import Page, Site

from .models import Phase, Region, SchoolIndexPage, SchoolPage
from .models.context import RESOURCED_FROM_GIAS, SenNeedsField, sen_from_gias
from .provision import provision_from_gias

# The full GIAS extract of every establishment is about 60 MB; the file is read whole.
MAX_FILE_BYTES = 200 * 1024 * 1024
REQUIRED_COLUMNS = ("URN", "EstablishmentName", "PhaseOfEducation (name)")
KNOWN_COLUMNS = (
    "URN",
    "LA (code)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "PhaseOfEducation (name)",
    "LA (name)",
    "GOR (name)",
    "Trusts (name)",
    "Street",
    "Town",
    "Postcode",
    "SchoolWebsite",
    "Easting",
    "Northing",
    "EstablishmentStatus (name)",
    "TypeOfResourcedProvision (name)",
    *(f"SEN{number} (name)" for number in range(1, 14)),
    "NumberOfPupils",
    "PercentageFSM",
)
# The school's context, each from its column; a file without the column leaves it alone.
CONTEXT_COLUMNS = {
    "establishment_type_group": "EstablishmentTypeGroup (name)",
    "resourced_provision": "TypeOfResourcedProvision (name)",
    "sen_needs": "SEN1 (name)",
    "number_on_roll": "NumberOfPupils",
    "percentage_fsm": "PercentageFSM",
}
SEN_COLUMNS = tuple(f"SEN{number} (name)" for number in range(1, 14))

# Fields the import owns; anything else on the page belongs to the school.
GIAS_FIELDS = (
    "title",
    "laestab",
    "la_code",
    "phase",
    "provision",
    "establishment_type",
    "establishment_type_group",
    "resourced_provision",
    "sen_needs",
    "number_on_roll",
    "percentage_fsm",
    "local_authority",
    "region",
    "trust",
    "street",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "website",
)

# GIAS "GOR (name)" values with no English region: imported with the region left blank.
NO_REGION = {"", "not applicable", "wales (pseudo)", "scotland (pseudo)", "northern ireland"}
CLOSED = "closed"

# British National Grid bounds (metres); anything outside is a typo, not a school.
EASTING_RANGE = (0, 700_000)
NORTHING_RANGE = (0, 1_300_000)


class GiasFileError(ValueError):
    """The file as a whole cannot be read as a GIAS establishment CSV."""


class RowError(ValueError):
    """One row cannot be imported; the message is the reason shown to the user."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # (line, reason): closed establishments
    rejected: list = field(default_factory=list)  # (line, reason)
    warnings: list = field(default_factory=list)  # (line, note): imported, with a field dropped

    @property
    def summary(self):
        return f"created {self.created}, updated {self.updated}, rejected {len(self.rejected)}"


def _normalise(label):
    return re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()


PHASES = {_normalise(label): value for value, label in Phase.choices}
PHASES.update({_normalise("Middle deemed primary"): Phase.MIDDLE_PRIMARY})
REGIONS = {_normalise(label): value for value, label in Region.choices}
# GIAS has written "Yorkshire and The Humber" and "East of England" over the years.
REGIONS.update({"yorkshire and humber": Region.YORKSHIRE, "eastern": Region.EAST_OF_ENGLAND})


@cache
def _grid_to_wgs84():
    """One transformer for the whole run: building one costs far more than using it."""
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def grid_to_latlong(easting, northing):
    """British National Grid metres to (latitude, longitude) in WGS84 degrees."""
    longitude, latitude = _grid_to_wgs84().transform(easting, northing)
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise RowError(f"easting {easting} and northing {northing} give no place on the map")
    return round(latitude, 6), round(longitude, 6)


# ------ Reading the file ------


def decode(raw):
    """GIAS publishes Windows-1252; people re-save as UTF-8, with or without a BOM."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise GiasFileError(
            "The file is neither UTF-8 nor Windows-1252 text; is it the CSV from GIAS?"
        ) from error


def read_rows(path):
    """Yield (line number, row dict) for each record; raise GiasFileError for the whole file."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise GiasFileError(
                f"{path} is {filesizeformat(size)}; the import reads files of up to "
                f"{filesizeformat(MAX_FILE_BYTES)} (the whole GIAS extract is about 60 MB)."
            )
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError as error:
        raise GiasFileError(f"No such file: {path}") from error
    except IsADirectoryError as error:
        raise GiasFileError(f"{path} is a folder, not a CSV file.") from error
    except OSError as error:
        raise GiasFileError(f"Cannot read {path}: {error.strerror}") from error
    if b"\x00" in raw[:4096]:
        raise GiasFileError(f"{path} is not a CSV file (it holds binary data).")
    text = decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise GiasFileError(f"{path} is not a readable CSV file: {error}") from error
    header = [name.strip() for name in header or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise GiasFileError(
            f"{path} is not a GIAS establishment CSV: it has no column "
            + ", ".join(f"'{name}'" for name in missing)
            + ". Download 'all establishment data' from Get Information About Schools."
        )
    previous_line = reader.line_num
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = f"Line {reader.line_num}: the CSV is malformed ({error})."
            raise GiasFileError(message) from error
        line = previous_line + 1
        previous_line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) < len(header):
            # A row cut short (the file ends early, or a quote is never closed) would import a
            # school with its last fields missing or cut: the row is refused instead.
            reason = f"it has {len(values)} values where the header has {len(header)} columns"
            yield line, RowError(f"{reason}; is the file cut short?")
            continue
        yield line, dict(zip(header, (value.strip() for value in values), strict=False))


# ------ One row ------


def _digits(value, label, width):
    if not value:
        return ""
    if not (value.isascii() and value.isdigit()) or len(value) > width:
        raise RowError(f"{label} {value!r} is not a number of up to {width} digits")
    return value.zfill(width)


def _metres(row, column):
    value = row.get(column, "")
    if not value:
        return None
    try:
        number = float(value.replace(",", ""))
    except ValueError as error:
        raise RowError(f"{column} {value!r} is not a number") from error
    if not math.isfinite(number):
        raise RowError(f"{column} {value!r} is not a number")
    return number


def _whole_number(row, column):
    """GIAS leaves a count blank when it is not known; anything else must be a number."""
    value = row.get(column, "").replace(",", "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise RowError(f"{column} {row[column]!r} is not a whole number")
    if int(value) > 100_000:
        raise RowError(f"{column} {row[column]!r} is more pupils than any school has")
    return int(value)


def _percentage(row, column):
    """ "23.4"; GIAS writes "SUPP" (suppressed) or leaves it blank where it publishes none."""
    value = row.get(column, "").rstrip("%").strip()
    if not value or value.upper() in {"SUPP", "NE", "NA", "N/A", "X"}:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation as error:
        raise RowError(f"{column} {row[column]!r} is not a percentage") from error
    if not number.is_finite() or not 0 <= number <= 100:
        raise RowError(f"{column} {row[column]!r} is not a percentage between 0 and 100")
    return number.quantize(Decimal("0.1"))


def _resourced_provision(row):
    value = _normalise(row.get("TypeOfResourcedProvision (name)", ""))
    return str(RESOURCED_FROM_GIAS.get(value, ""))


def _sen_needs(row):
    return SenNeedsField.split([sen_from_gias(row.get(column, "")) for column in SEN_COLUMNS])


def _website(value):
    if not value:
        return "", None
    url = value if re.match(r"^https?://", value, re.IGNORECASE) else f"http://{value}"
    try:
        URLValidator()(url)
    except ValidationError:
        return "", f"website {value!r} left out: it is not a web address"
    if len(url) > SchoolPage._meta.get_field("website").max_length:
        return "", f"website {value!r} left out: it is too long"
    return url, None


def parse_row(row):
    """The page fields a GIAS row describes, and a note if a field was dropped.

    Raises RowError with the reason the row cannot be imported.
    """
    for column, value in row.items():
        if "\x00" in value:
            raise RowError(f"{column} holds a NUL character")
    urn = row.get("URN", "")
    if not urn:
        raise RowError("URN is missing")
    if not re.fullmatch(r"[0-9]{6}", urn):
        raise RowError(f"URN {urn!r} is not six digits")
    name = row.get("EstablishmentName", "")
    if not name:
        raise RowError("EstablishmentName is missing")
    phase_name = row.get("PhaseOfEducation (name)", "")
    phase = PHASES.get(_normalise(phase_name))
    if phase is None:
        raise RowError(f"unknown phase of education {phase_name!r}")
    region_name = row.get("GOR (name)", "")
    if _normalise(region_name) in {_normalise(name) for name in NO_REGION}:
        region = ""
    else:
        region = REGIONS.get(_normalise(region_name))
        if region is None:
            raise RowError(f"unknown region {region_name!r}")
    la_code = _digits(row.get("LA (code)", ""), "LA code", 3)
    number = _digits(row.get("EstablishmentNumber", ""), "EstablishmentNumber", 4)
    laestab = la_code + number if la_code and number else ""
    easting, northing = _metres(row, "Easting"), _metres(row, "Northing")
    latitude = longitude = None
    if (easting is None) != (northing is None):
        raise RowError("give both Easting and Northing, or neither")
    if easting is not None:
        if not EASTING_RANGE[0] <= easting <= EASTING_RANGE[1]:
            raise RowError(f"Easting {row['Easting']!r} is outside Great Britain")
        if not NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]:
            raise RowError(f"Northing {row['Northing']!r} is outside Great Britain")
        if easting or northing:  # GIAS writes 0,0 for "not known"
            latitude, longitude = grid_to_latlong(easting, northing)
    website, note = _website(row.get("SchoolWebsite", ""))
    fields = {
        "urn": urn,
        "title": name,
        "laestab": laestab,
        "la_code": la_code,
        "phase": phase,
        "establishment_type": row.get("TypeOfEstablishment (name)", ""),
        "establishment_type_group": row.get("EstablishmentTypeGroup (name)", ""),
        "resourced_provision": _resourced_provision(row),
        "sen_needs": _sen_needs(row),
        "number_on_roll": _whole_number(row, "NumberOfPupils"),
        "percentage_fsm": _percentage(row, "PercentageFSM"),
        "local_authority": row.get("LA (name)", ""),
        "region": region,
        "trust": row.get("Trusts (name)", ""),
        "street": row.get("Street", ""),
        "town": row.get("Town", ""),
        "postcode": row.get("Postcode", "").upper(),
        "latitude": latitude,
        "longitude": longitude,
        "website": website,
    }
    for name, column in CONTEXT_COLUMNS.items():
        if column not in row:  # a trimmed extract leaves what it does not carry as it is
            fields.pop(name)
    provision = provision_from_gias(
        row.get("TypeOfEstablishment (name)", ""), row.get("EstablishmentTypeGroup (name)", "")
    )
    if provision:
        fields["provision"] = provision
    for name, value in fields.items():
        limit = getattr(SchoolPage._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            raise RowError(f"{name.replace('_', ' ')} is longer than {limit} characters")
    return fields, note


def is_closed(row):
    return row.get("EstablishmentStatus (name)", "").strip().lower() == CLOSED


# ------ Writing pages ------


def school_index():
    """The directory; made under the default site's home page when there is none."""
    index = SchoolIndexPage.objects.first()
    if index is not None:
        return index
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise GiasFileError("There is no default site to put the school directory under.")
    parent = site.root_page
    slug = "schools"
    if Page.objects.child_of(parent).filter(slug=slug).exists():
        slug = "school-directory"
    index = SchoolIndexPage(title="Schools", slug=slug)
    parent.add_child(instance=index)
    index.save_revision(log_action=False).publish(log_action=False)
    return index


class SchoolWriter:
    """Creates and updates school pages under one directory, keeping slugs unique."""

    def __init__(self, index, bulk=False):
        self.index = index
        self.slugs = set(Page.objects.child_of(index).values_list("slug", flat=True))
        self.by_urn = {}
        # In bulk, new schools are checked as they come and inserted together by flush()
        # (network/bulk.py): hundreds of schools in seconds rather than minutes.
        self.bulk = bulk
        self.pending = []

    def prefetch(self, urns):
        for school in SchoolPage.objects.filter(urn__in=urns):
            self.by_urn[school.urn] = school

    def _slug_for(self, fields):
        base = slugify(fields["title"])[:200] or "school"
        slug = base if base not in self.slugs else f"{base}-{fields['urn']}"
        suffix = 2
        while slug in self.slugs:
            slug = f"{base}-{fields['urn']}-{suffix}"
            suffix += 1
        return slug

    def write(self, fields):
        """Returns "created", "updated" or "unchanged"; raises RowError on invalid data."""
        school = self.by_urn.get(fields["urn"])
        if school is None and self.bulk:
            school = self._check_new(fields)
            self.pending.append(school)
            self.by_urn[school.urn] = school
            return "created"
        try:
            with transaction.atomic():
                if school is None:
                    outcome, school = "created", self._create(fields)
                else:
                    outcome = "updated" if self._update(school, fields) else "unchanged"
        except ValidationError as error:
            raise RowError("; ".join(_messages(error))) from error
        except DatabaseError as error:
            raise RowError(f"the database refused it ({error})") from error
        self.by_urn[school.urn] = school
        return outcome

    def _create(self, fields):
        school = SchoolPage(slug=self._slug_for(fields), live=True, **fields)
        self.index.add_child(instance=school)
        school.save_revision(log_action=False).publish(log_action=False)
        self.slugs.add(school.slug)
        return school

    def _check_new(self, fields):
        school = SchoolPage(slug=self._slug_for(fields), live=True, **fields)
        page_fields = {f.name for f in Page._meta.fields} - {"title", "slug"}
        try:
            school.clean_fields(exclude=page_fields)
        except ValidationError as error:
            raise RowError("; ".join(_messages(error))) from error
        self.slugs.add(school.slug)
        return school

    def flush(self):
        """Insert the schools checked in bulk; returns them."""
        from .bulk import add_schools

        added, self.pending = self.pending, []
        return add_schools(self.index, added)

    def _update(self, school, fields):
        school.refresh_from_db()
        wanted = dict(fields)
        if not wanted["website"]:
            wanted.pop("website")
        if wanted["latitude"] is None:
            wanted.pop("latitude")
            wanted.pop("longitude")
        changed = {name: value for name, value in wanted.items() if getattr(school, name) != value}
        if not changed:
            return False
        draft = school.get_latest_revision_as_object() if school.has_unpublished_changes else None
        for name, value in changed.items():
            setattr(school, name, value)
        school.full_clean()
        school.save_revision(log_action=True).publish(log_action=True)
        if draft is not None:
            for name, value in changed.items():
                setattr(draft, name, value)
            draft.save_revision(log_action=True)
        return True


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return list(error.messages)


def import_schools(path):
    """Import every row it can; collect the reasons for the rows it cannot."""
    rows = list(read_rows(path))
    result = ImportResult()
    index = school_index()
    writer = SchoolWriter(index)
    writer.prefetch({row.get("URN", "") for _, row in rows if isinstance(row, dict)})
    for line, row in rows:
        if isinstance(row, RowError):
            result.rejected.append((line, str(row)))
            continue
        if is_closed(row):
            result.skipped.append((line, f"URN {row.get('URN') or '?'} is closed; not imported"))
            continue
        try:
            fields, note = parse_row(row)
            outcome = writer.write(fields)
        except RowError as error:
            result.rejected.append((line, str(error)))
            continue
        if note:
            result.warnings.append((line, note))
        if outcome == "created":
            result.created += 1
        elif outcome == "updated":
            result.updated += 1
        else:
            result.unchanged += 1
    return result


# ------ Streaming the full extract for a few URNs ------


def _open_text(path, encoding):
    return open(path, encoding=encoding, newline="")


def _check_header(path, header):
    header = [name.strip() for name in header or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise GiasFileError(
            f"{path} is not a GIAS establishment CSV: it has no column "
            + ", ".join(f"'{name}'" for name in missing)
            + ". Download 'all establishment data' from Get Information About Schools."
        )
    return header


def _scan(path, encoding, wanted):
    found = {}
    with _open_text(path, encoding) as handle:
        reader = csv.reader(handle)
        try:
            header = _check_header(path, next(reader, None))
        except csv.Error as error:
            raise GiasFileError(f"{path} is not a readable CSV file: {error}") from error
        urn_at = header.index("URN")
        width = len(header)
        previous_line = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return found
            except csv.Error as error:
                raise GiasFileError(
                    f"Line {reader.line_num}: the CSV is malformed ({error})."
                ) from error
            line = previous_line + 1
            previous_line = reader.line_num
            if len(values) <= urn_at:
                continue
            urn = values[urn_at].strip()
            if urn not in wanted:
                continue
            if len(values) < width:
                reason = f"it has {len(values)} values where the header has {width} columns"
                found[urn] = (line, RowError(f"{reason}; is the file cut short?"))
                continue
            found[urn] = (
                line,
                dict(zip(header, (value.strip() for value in values), strict=False)),
            )


def rows_for_urns(path, urns):
    """{urn: (line, row or RowError)} for the wanted URNs, read from the full GIAS extract a
    line at a time: the 60 MB file is never held in memory, and other rows are not parsed
    beyond their URN. Windows-1252 (as GIAS publishes it), UTF-8 and UTF-8 with a BOM."""
    wanted = {str(urn).strip() for urn in urns}
    try:
        with open(path, "rb") as handle:
            start = handle.read(4096)
    except FileNotFoundError as error:
        raise GiasFileError(f"No such file: {path}") from error
    except IsADirectoryError as error:
        raise GiasFileError(f"{path} is a folder, not a CSV file.") from error
    except OSError as error:
        raise GiasFileError(f"Cannot read {path}: {error.strerror}") from error
    if b"\x00" in start:
        raise GiasFileError(f"{path} is not a CSV file (it holds binary data).")
    # UTF-8 first: a Windows-1252 file with any accent fails it (usually in the first few
    # hundred rows), and is read again as Windows-1252.
    bom = start.startswith(b"\xef\xbb\xbf")
    encodings = ["utf-8-sig"] if bom else ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return _scan(path, encoding, wanted)
        except UnicodeDecodeError:
            continue
    raise GiasFileError("The file is neither UTF-8 nor Windows-1252 text; is it the CSV from GIAS?")

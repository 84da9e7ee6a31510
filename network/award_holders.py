"""Import a scheme's award holders from a spreadsheet: one row per award a school holds.

Columns (a header row, in any order, in any case): URN, scheme, level, awarded on, valid
until, assessor's email. Only the first four are needed; "valid until" left blank follows
from the level's validity, and the assessor's email assigns that assessor to the school.

Decisions worth knowing:
- All or nothing. Every row is checked first, and every bad row is reported by its line
  number with the reason; if any row is bad, nothing is saved. Then everything is written in
  one transaction.
- The same file twice changes nothing: an award is found by school, level and the day it
  was given; a school by URN; an assessor by email.
- The files people really have: Windows-1252 (Excel's "CSV"), UTF-8 with or without a BOM;
  dates as 31/08/2026 or 2026-08-31 (or 31 August 2026); schemes by their short or full
  name ("IQM", "Inclusion Quality Mark"); levels by name or initials ("Centre of
  Excellence", "CoE"); any case, stray spaces.
- Schools not yet in the directory are added from the GIAS establishment file given beside
  the spreadsheet (network/gias.py), which is read for those URNs only; a school already in
  the directory is brought up to date from it.
- An assessor with no account yet gets one, with no password, in the Assessors group: they
  cannot sign in until they set a password (an invitation, or "forgotten password").
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .bulk import assign_assessors
from .gias import (
    GiasFileError,
    RowError,
    SchoolWriter,
    decode,
    is_closed,
    parse_row,
    rows_for_urns,
    school_index,
)
from .models import Award, AwardLevel, Scheme, SchoolPage
from .models.schools import add_years
from .permissions import ASSESSORS

MAX_FILE_BYTES = 20 * 1024 * 1024

# What people call each column: their words, lower case, punctuation as spaces.
COLUMNS = {
    "urn": ("urn", "school urn", "urn number"),
    "scheme": ("scheme", "award scheme", "quality mark", "mark"),
    "level": ("level", "award level", "award", "status"),
    "awarded_on": ("awarded on", "awarded", "date awarded", "award date", "date of award"),
    "valid_until": (
        "valid until",
        "valid to",
        "expires",
        "expires on",
        "expiry",
        "expiry date",
        "renewal date",
        "review date",
    ),
    "assessor_email": (
        "assessor s email",
        "assessors email",
        "assessor email",
        "assessor email address",
        "assessor",
    ),
}
REQUIRED = ("urn", "scheme", "level", "awarded_on")
LABELS = {
    "urn": "URN",
    "scheme": "scheme",
    "level": "level",
    "awarded_on": "awarded on",
    "valid_until": "valid until",
    "assessor_email": "assessor's email",
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


class AwardFileError(ValueError):
    """The file as a whole cannot be read as a list of award holders."""


@dataclass
class AwardImportResult:
    rows: int = 0
    schools_created: int = 0
    schools_updated: int = 0
    awards_created: int = 0
    awards_updated: int = 0
    awards_unchanged: int = 0
    assessors_created: int = 0
    assignments_created: int = 0
    errors: list = field(default_factory=list)  # (line, reason): nothing was saved
    notes: list = field(default_factory=list)  # (line, note): saved, with something to know

    @property
    def saved(self):
        return not self.errors

    @property
    def summary(self):
        if self.errors:
            return (
                f"Nothing imported: {len(self.errors)} of {self.rows} rows need correcting "
                "(fix them and import the whole file again)."
            )
        return (
            f"{self.rows} rows: awards added {self.awards_created}, updated "
            f"{self.awards_updated}, unchanged {self.awards_unchanged}; schools added "
            f"{self.schools_created}, updated from GIAS {self.schools_updated}; assessor "
            f"accounts added {self.assessors_created}, assessors assigned "
            f"{self.assignments_created}."
        )


def words(text):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


# ------ Reading the file ------


def read_award_rows(path):
    """(header map, [(line, {column: value})]); raises AwardFileError for the whole file."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as error:
        raise AwardFileError(f"No such file: {path}") from error
    except IsADirectoryError as error:
        raise AwardFileError(f"{path} is a folder, not a CSV file.") from error
    except OSError as error:
        raise AwardFileError(f"Cannot read {path}: {error.strerror}") from error
    if len(raw) > MAX_FILE_BYTES:
        raise AwardFileError(f"{path} is over 20 MB: is it the list of award holders?")
    if b"\x00" in raw[:4096]:
        raise AwardFileError(
            f"{path} is not a CSV file (it holds binary data). In Excel, use File > Save As > CSV."
        )
    try:
        text = decode(raw)
    except GiasFileError as error:
        raise AwardFileError(str(error).replace("from GIAS", "of award holders")) from error
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise AwardFileError(f"{path} is not a readable CSV file: {error}") from error
    if not header:
        raise AwardFileError(f"{path} is empty.")
    positions = {}
    for position, name in enumerate(header):
        name = words(name)
        for column, names in COLUMNS.items():
            if name in names and column not in positions:
                positions[column] = position
    missing = [LABELS[column] for column in REQUIRED if column not in positions]
    if missing:
        raise AwardFileError(
            f"{path} has no column for {', '.join(missing)}. The first row must name the "
            "columns: URN, scheme, level, awarded on, valid until, assessor's email."
        )
    rows = []
    previous_line = reader.line_num
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise AwardFileError(
                f"Line {reader.line_num}: the CSV is malformed ({error})."
            ) from error
        line = previous_line + 1
        previous_line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        row = {
            column: (values[position].strip() if position < len(values) else "")
            for column, position in positions.items()
        }
        rows.append((line, row))
    return rows


# ------ Reading one row ------


def parse_date(value, label):
    """31/08/2026, 31/8/26, 31-08-2026, 31.08.2026, 2026-08-31, 31 August 2026, 31 Aug 2026."""
    text = " ".join(value.split())
    if not text:
        raise RowError(f"{label} is empty")
    day = month = year = None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text):
        year, month, day = (int(part) for part in match.groups())
    elif match := re.fullmatch(
        r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: 00:00(?::00)?)?", text
    ):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        if month > 12 and day <= 12:
            raise RowError(
                f"{label} {value!r} looks like month/day/year; write the day first, as "
                f"{month:02d}/{day:02d}/{year}, or as {year}-{day:02d}-{month:02d}"
            )
    elif match := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+),? (\d{4})", text):
        day, year = int(match.group(1)), int(match.group(3))
        month = MONTHS.get(match.group(2).lower())
    if month is None:
        raise RowError(f"{label} {value!r} is not a date: write it as 31/08/2026 or 2026-08-31")
    try:
        date = datetime.date(year, month, day)
    except ValueError as error:
        raise RowError(
            f"{label} {value!r} is not a date in the calendar (day/month/year)"
        ) from error
    if not 1990 <= date.year <= 2100:
        raise RowError(f"{label} {value!r} is not a year the network has awards in")
    return date


class Lookups:
    """Schemes, levels and accounts, read once for the whole file."""

    def __init__(self):
        self.schemes = {}
        self.scheme_names = []
        for scheme in Scheme.objects.prefetch_related("award_levels"):
            self.scheme_names.append(scheme.short_name)
            for name in (scheme.short_name, scheme.name, _initials(scheme.name)):
                self.schemes.setdefault(words(name), scheme)
            # "Inclusion Quality Mark" is also written "IQM award", "the Inclusion Quality Mark"
            self.schemes.setdefault(words(scheme.name).removeprefix("the "), scheme)
        self.levels = {}
        for level in AwardLevel.objects.select_related("scheme"):
            aliases = self.levels.setdefault(level.scheme_id, {})
            name = words(level.name)
            short = " ".join(w for w in name.split() if w not in ("school", "award", "status"))
            for alias in {name, short, _initials(level.name), name.replace("centre", "center")}:
                if alias:
                    aliases.setdefault(alias, []).append(level)

    def scheme(self, value):
        name = words(value)
        for candidate in (name, name.removeprefix("the "), name.removesuffix(" award")):
            if candidate in self.schemes:
                return self.schemes[candidate]
        if not name:
            raise RowError("scheme is empty")
        raise RowError(
            f"scheme {value!r} is not one the network knows; give one of "
            + ", ".join(sorted(self.scheme_names))
        )

    def level(self, scheme, value):
        name = words(value)
        if not name:
            raise RowError("level is empty")
        found = self.levels.get(scheme.pk, {}).get(name, [])
        if len(found) == 1:
            return found[0]
        names = ", ".join(level.name for level in scheme.award_levels.all())
        if len(found) > 1:
            raise RowError(f"level {value!r} could be more than one {scheme} level: {names}")
        raise RowError(f"{scheme} has no level {value!r}; its levels are {names}")


def _initials(name):
    parts = words(name).split()
    return "".join(part[0] for part in parts) if len(parts) > 1 else ""


@dataclass
class AwardRow:
    line: int
    urn: str
    level: AwardLevel
    awarded_on: datetime.date
    valid_until: datetime.date
    assessor_email: str


def parse_award_row(line, row, lookups):
    urn = re.sub(r"\s+", "", row.get("urn", ""))
    if urn.endswith(".0"):  # a URN that went through a spreadsheet as a number
        urn = urn[:-2]
    if not urn:
        raise RowError("URN is empty")
    if not re.fullmatch(r"\d{6}", urn):
        raise RowError(f"URN {row['urn']!r} is not six digits")
    scheme = lookups.scheme(row.get("scheme", ""))
    level = lookups.level(scheme, row.get("level", ""))
    awarded_on = parse_date(row.get("awarded_on", ""), "awarded on")
    if row.get("valid_until", "").strip():
        valid_until = parse_date(row["valid_until"], "valid until")
        if valid_until <= awarded_on:
            raise RowError(
                f"valid until ({valid_until:%d/%m/%Y}) is not after awarded on "
                f"({awarded_on:%d/%m/%Y})"
            )
    else:
        valid_until = add_years(awarded_on, level.validity_years)
    email = row.get("assessor_email", "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise RowError(
                f"assessor's email {row['assessor_email']!r} is not an email address"
            ) from error
    return AwardRow(line, urn, level, awarded_on, valid_until, email)


# ------ The import ------


class _Rollback(Exception):
    pass


def import_award_holders(path, gias_path=None):
    """Check every row, then save all of them or none. Returns an AwardImportResult."""
    result = AwardImportResult()
    rows = read_award_rows(path)
    result.rows = len(rows)
    lookups = Lookups()
    awards = []
    seen = {}
    for line, row in rows:
        try:
            award = parse_award_row(line, row, lookups)
        except RowError as error:
            result.errors.append((line, str(error)))
            continue
        key = (award.urn, award.level.pk, award.awarded_on)
        if key in seen:
            result.notes.append((line, f"the same award as line {seen[key]}; taken once"))
            continue
        seen[key] = line
        awards.append(award)

    urns = {award.urn for award in awards}
    known = set(SchoolPage.objects.filter(urn__in=urns).values_list("urn", flat=True))
    gias = rows_for_urns(gias_path, urns) if gias_path else {}
    school_fields = {}
    for award in awards:
        if award.urn in school_fields:
            continue
        found = gias.get(award.urn)
        if found is None:
            if award.urn not in known:
                where = "the GIAS file" if gias_path else "the school directory"
                more = (
                    "is the URN right, and is the file the full establishment extract?"
                    if gias_path
                    else "give the GIAS establishment file as well to add the school"
                )
                result.errors.append((award.line, f"URN {award.urn} is not in {where}: {more}"))
            school_fields[award.urn] = None
            continue
        gias_line, gias_row = found
        try:
            if isinstance(gias_row, RowError):
                raise gias_row
            if is_closed(gias_row):
                raise RowError("GIAS lists the school as closed")
            fields, note = parse_row(gias_row)
        except RowError as error:
            result.errors.append(
                (award.line, f"URN {award.urn}: GIAS line {gias_line} cannot be read: {error}")
            )
            school_fields[award.urn] = None
            continue
        school_fields[award.urn] = fields
        if note:
            result.notes.append((award.line, f"URN {award.urn}: {note}"))
    if result.errors:
        result.errors.sort()
        return result

    try:
        with transaction.atomic():
            _write(result, awards, school_fields)
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.schools_created = result.schools_updated = 0
        result.awards_created = result.awards_updated = result.awards_unchanged = 0
        result.assessors_created = result.assignments_created = 0
    return result


def _write(result, awards, school_fields):
    writer = None
    wanted = [fields for fields in school_fields.values() if fields]
    if wanted:
        writer = SchoolWriter(school_index(), bulk=True)
        writer.prefetch([fields["urn"] for fields in wanted])
    first_line = {}
    for award in awards:
        first_line.setdefault(award.urn, award.line)
    for fields in wanted:
        try:
            outcome = writer.write(fields)
        except RowError as error:
            result.errors.append((first_line[fields["urn"]], f"URN {fields['urn']}: {error}"))
            continue
        if outcome == "created":
            result.schools_created += 1
        elif outcome == "updated":
            result.schools_updated += 1
    if result.errors:
        return
    if writer is not None:
        writer.added = writer.flush()
    schools = {school.urn: school for school in SchoolPage.objects.filter(urn__in=first_line)}
    existing = {
        (award.school_id, award.level_id, award.awarded_on): award
        for award in Award.objects.filter(school__in=schools.values())
    }
    assessors = Group.objects.filter(name=ASSESSORS).first()
    users = {}
    pairs = []
    added = {school.pk for school in (writer.added if writer else [])}
    in_bulk = []
    for row in awards:
        school = schools[row.urn]
        award = existing.get((school.pk, row.level.pk, row.awarded_on))
        if award is None:
            award = Award(
                school=school,
                level=row.level,
                awarded_on=row.awarded_on,
                valid_until=row.valid_until,
            )
            # A school added just now has no stored pages to refresh: its awards go in
            # together; an award for a school already listed is saved (and refreshes them).
            if school.pk in added:
                in_bulk.append(award)
            else:
                award.save()
            result.awards_created += 1
        elif award.valid_until != row.valid_until:
            award.valid_until = row.valid_until
            award.save(update_fields=["valid_until"])
            result.awards_updated += 1
        else:
            result.awards_unchanged += 1
        if row.assessor_email:
            user = users.get(row.assessor_email)
            if user is None:
                user = users[row.assessor_email] = _assessor(result, row, assessors)
            if user is None:
                continue
            pairs.append((school, user))
    Award.objects.bulk_create(in_bulk, batch_size=500)
    result.assignments_created = assign_assessors(pairs)


def _assessor(result, row, group):
    User = get_user_model()
    matches = list(User.objects.filter(email__iexact=row.assessor_email).order_by("pk")[:2])
    if len(matches) > 1:
        result.errors.append(
            (
                row.line,
                f"two accounts have the email {row.assessor_email}: say which one in the admin",
            )
        )
        return None
    if matches:
        user = matches[0]
    else:
        username = row.assessor_email[: User._meta.get_field(User.USERNAME_FIELD).max_length]
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            result.errors.append(
                (row.line, f"the user name {username} is taken by an account with another email")
            )
            return None
        user = User(**{User.USERNAME_FIELD: username}, email=row.assessor_email)
        user.set_unusable_password()
        user.save()
        result.assessors_created += 1
    if group is not None:
        user.groups.add(group)
    return user

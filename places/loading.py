"""Streaming a postcode centroid file into the table, a batch at a time.

Two open formats are read, told apart by their first line:
- the ONS Postcode Directory (ONSPD) CSV: a header naming `pcds` (or `pcd`), `lat`, `long`,
  `ctry` and `doterm`; terminated postcodes (a `doterm`) and those without a grid reference
  (latitude 99.999999) are skipped;
- OS Code-Point Open CSV: no header; postcode, positional quality, eastings, northings,
  country code, ... (British National Grid, turned into latitude and longitude with pyproj).
A `.zip` (as Code-Point Open comes) is read member by member.

Only England's postcodes are kept unless told otherwise (country code E92000001).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Avg, Count

from .lookup import normalise
from .models import Postcode, PostcodeDistrict

ENGLAND = "E92000001"
BATCH = 5000
NO_POSITION = 99.0  # ONSPD's latitude for a postcode without a grid reference is 99.999999


class NotAPostcodeFile(ValueError):
    pass


@dataclass
class LoadReport:
    read: int = 0
    loaded: int = 0
    skipped: dict = field(default_factory=dict)  # reason -> count
    problems: list = field(default_factory=list)  # (file, line, message), the first few
    districts: int = 0

    def skip(self, reason, where=None, line=None):
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        if where is not None and len(self.problems) < 20:
            self.problems.append((where, line, reason))


def _grid_transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def _text_streams(path):
    """(name, text stream) for a CSV file, or for each CSV inside a zip."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in sorted(archive.namelist()):
                if member.lower().endswith(".csv"):
                    with archive.open(member) as raw:
                        yield (
                            f"{path.name}:{member}",
                            io.TextIOWrapper(
                                raw, encoding="utf-8-sig", errors="replace", newline=""
                            ),
                        )
        return
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        yield path.name, handle


def _rows(name, stream, country, report):
    """(postcode, latitude, longitude) or (postcode, easting, northing, 'grid') per usable line."""
    reader = csv.reader(stream)
    first = next(reader, None)
    if first is None:
        return
    header = [cell.strip().lower() for cell in first]
    if "lat" in header and "long" in header and ("pcds" in header or "pcd" in header):
        yield from _onspd_rows(name, reader, header, country, report)
    elif header and normalise(first[0]) and len(first) >= 4:
        yield from _codepoint_rows(name, [first], reader, country, report)
    else:
        raise NotAPostcodeFile(
            f"{name}: this is neither an ONS Postcode Directory file (a header with pcds, lat "
            "and long) nor a Code-Point Open file (postcode, quality, eastings, northings)."
        )


def _onspd_rows(name, reader, header, country, report):
    column = {title: index for index, title in enumerate(header)}
    postcode_at = column.get("pcds", column.get("pcd"))
    lat_at, long_at = column["lat"], column["long"]
    country_at, ended_at = column.get("ctry"), column.get("doterm")
    for line, row in enumerate(reader, start=2):
        report.read += 1
        try:
            postcode = normalise(row[postcode_at])
            if not postcode:
                report.skip("not a postcode", name, line)
                continue
            if ended_at is not None and row[ended_at].strip():
                report.skip("no longer in use")
                continue
            if country and country_at is not None and row[country_at].strip() != country:
                report.skip("outside the country loaded")
                continue
            latitude, longitude = float(row[lat_at]), float(row[long_at])
        except (IndexError, ValueError):
            report.skip("unreadable line", name, line)
            continue
        if latitude >= NO_POSITION or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            report.skip("no position")
            continue
        yield postcode, latitude, longitude


def _codepoint_rows(name, head, reader, country, report):
    transformer = _grid_transformer()
    pending = []

    def flush():
        if not pending:
            return
        eastings = [item[1] for item in pending]
        northings = [item[2] for item in pending]
        longitudes, latitudes = transformer.transform(eastings, northings)
        for (postcode, _, _), latitude, longitude in zip(
            pending, latitudes, longitudes, strict=True
        ):
            yield postcode, round(latitude, 6), round(longitude, 6)
        pending.clear()

    line = 0
    for chunk in (head, reader):
        for row in chunk:
            line += 1
            report.read += 1
            try:
                postcode = normalise(row[0])
                if not postcode:
                    report.skip("not a postcode", name, line)
                    continue
                if country and len(row) > 4 and row[4].strip() and row[4].strip() != country:
                    report.skip("outside the country loaded")
                    continue
                easting, northing = float(row[2]), float(row[3])
            except (IndexError, ValueError):
                report.skip("unreadable line", name, line)
                continue
            if easting <= 0 and northing <= 0:
                report.skip("no position")
                continue
            pending.append((postcode, easting, northing))
            if len(pending) >= BATCH:
                yield from flush()
    yield from flush()


def _save(batch):
    Postcode.objects.bulk_create(
        [
            Postcode(postcode=p, district=p.split(" ")[0], latitude=a, longitude=o)
            for p, a, o in batch
        ],
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["district", "latitude", "longitude"],
    )


def load_postcodes(paths, country=ENGLAND, replace=False):
    """Load every file in one transaction: a file failing half-way leaves the table as it was."""
    report = LoadReport()
    with transaction.atomic():
        if replace:
            Postcode.objects.all().delete()
        for path in paths:
            for name, stream in _text_streams(path):
                batch = []
                for item in _rows(name, stream, country, report):
                    batch.append(item)
                    if len(batch) >= BATCH:
                        _save(batch)
                        report.loaded += len(batch)
                        batch = []
                if batch:
                    _save(batch)
                    report.loaded += len(batch)
        report.districts = rebuild_districts()
    return report


def rebuild_districts():
    """Each district's centre: the mean position of its loaded postcodes."""
    centres = (
        Postcode.objects.values("district")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("postcode"))
        .order_by()
    )
    PostcodeDistrict.objects.all().delete()
    made = PostcodeDistrict.objects.bulk_create(
        [
            PostcodeDistrict(
                district=row["district"],
                latitude=row["lat"],
                longitude=row["lon"],
                postcodes=row["n"],
            )
            for row in centres.iterator()
        ],
        batch_size=BATCH,
    )
    return len(made)

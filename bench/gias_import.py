"""Time reading the full GIAS file for an award holders import, beside a bare CSV read.

    python bench/gias_import.py [--file /tmp/edubasealldata20260901.csv] [--holders 500]

Writes the full-size file first if it is not there (bench/gias_file.py: 50,000 rows, about
60 MB, Windows-1252). Prints, in seconds:
- floor: Python's csv.reader over the whole file, doing nothing with the rows;
- scan: network.gias.rows_for_urns, the streamed read of the file for the holders' URNs;
- import: `import_award_holders` of an award holders CSV of --holders rows with --gias,
  into an empty directory on a throwaway database (the schools are created, with their
  revisions), then the same files again (nothing changes).
The issue's target: the import in under a minute.
"""

import argparse
import csv
import os
import tempfile
import time

try:
    from bench import gias_file
    from bench.setup import django_database
except ImportError:  # run as a script
    import gias_file
    from setup import django_database


def floor(path):
    started = time.perf_counter()
    rows = 0
    with open(path, encoding="cp1252", newline="") as handle:
        for _ in csv.reader(handle):
            rows += 1
    return time.perf_counter() - started, rows - 1


def holders_csv(urns, directory):
    """An award holders export as scheme staff have them: Windows-1252, UK dates."""
    path = os.path.join(directory, "award-holders.csv")
    levels = [
        ("IQM", "Centre of Excellence"),
        ("Inclusion Quality Mark", "Flagship School"),
        ("iqm", "Inclusive School Award"),
        ("Artsmark", "Gold"),
    ]
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["URN", "Scheme", "Level", "Awarded on", "Valid until", "Assessor's email"])
        for number, urn in enumerate(urns):
            scheme, level = levels[number % len(levels)]
            writer.writerow(
                [
                    urn,
                    scheme,
                    level,
                    f"{1 + number % 28:02d}/0{1 + number % 9}/2025",
                    "",
                    f"assessor{number % 12}@iqm.example.org",
                ]
            )
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default=gias_file.DEFAULT_PATH)
    parser.add_argument("--holders", type=int, default=500)
    args = parser.parse_args(argv)
    if not os.path.exists(args.file):
        print(f"Writing {args.file} ...")
        gias_file.write_file(args.file)
    size = os.path.getsize(args.file) / 1e6
    urns = gias_file.open_school_urns(args.file, limit=args.holders)

    seconds, rows = floor(args.file)
    print(f"GIAS file: {rows:,} rows, {size:.1f} MB")
    print(f"  floor   csv.reader over the whole file          {seconds:6.2f} s")

    with django_database(), tempfile.TemporaryDirectory() as directory:
        from network.award_holders import import_award_holders
        from network.gias import rows_for_urns
        from network.models import Award, SchoolPage

        started = time.perf_counter()
        found = rows_for_urns(args.file, urns)
        print(
            f"  scan    rows_for_urns, {len(urns)} URNs ({len(found)} found)        "
            f"{time.perf_counter() - started:6.2f} s"
        )
        from cms.start import start_network

        start_network()
        path = holders_csv(urns, directory)
        for attempt in ("first", "again"):
            started = time.perf_counter()
            result = import_award_holders(path, args.file)
            took = time.perf_counter() - started
            print(f"  import  {attempt}: {result.summary}")
            print(f"          {took:6.2f} s  (target: under 60 s)")
            if result.errors:
                for line, reason in result.errors[:5]:
                    print(f"          line {line}: {reason}")
                break
        print(f"  schools {SchoolPage.objects.count()}, awards {Award.objects.count()}")


if __name__ == "__main__":
    main()

"""SQL queries and time per page type, in process, against an already seeded database.

    DJANGO_SETTINGS_MODULE=bench.settings PAGE_CACHE_ENABLED=0 DATABASE_URL=... \
        SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 python -m bench.queries [--runs 30] [--query W]

bench/load.py runs this for each database, before it starts gunicorn, with the page cache
off so that the real work of each page is counted. It prints one line of JSON: the URLs it
chose (a real school, case study, research project and cluster, each public and live) and,
per page type, the status, the number of SQL queries of one request and the median and p95
time of a request through Django's test client (no HTTP, no gunicorn).
"""

import argparse
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import percentile  # noqa: E402

HOST = "127.0.0.1"


def first_public(model):
    """The first live, public page of a model that an anonymous visitor can read."""
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    for page in model.objects.live().public().order_by("pk")[:20]:
        url = page.get_url()
        if url and client.get(url, secure=True).status_code == 200:
            return url
    raise SystemExit(f"No public {model.__name__} answers 200: is the database seeded?")


def targets(query):
    """Page type -> URL, for the pages of the demo network that load and queries measure."""
    from network.models import ClusterPage, SchoolPage
    from practice.models import CaseStudyPage
    from research.models import ResearchProjectPage

    search = "?" + urlencode({"q": query})
    return {
        "home": "/",
        "directory": "/schools/",
        "school page": first_public(SchoolPage),
        "case study": first_public(CaseStudyPage),
        "research page": first_public(ResearchProjectPage),
        "cluster": first_public(ClusterPage),
        "search page": "/search/" + search,
        "search API": "/api/search/" + search,
    }


def measure(url, runs):
    """(status, queries of one request, bytes, times in ms) for `runs` requests after one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    client.get(url, secure=True)  # first request: imports, template loading, query plans
    counts, times = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - start) * 1000)
        counts.append(len(captured))
    return response.status_code, counts, len(response.content), times


def search_hits(query):
    from django.test import Client

    response = Client(HTTP_HOST=HOST).get("/api/search/", {"q": query}, secure=True)
    return response.json().get("count") if response.status_code == 200 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--query", default="attendance")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    if settings.PAGE_CACHE_ENABLED:
        raise SystemExit("Run with PAGE_CACHE_ENABLED=0: the page cache would hide the work.")
    from django.db import connection

    chosen = targets(args.query)
    pages = []
    for name, url in chosen.items():
        status, counts, size, times = measure(url, args.runs)
        pages.append(
            {
                "page": name,
                "url": url,
                "status": status,
                "queries": counts[-1],
                "queries_min": min(counts),
                "queries_max": max(counts),
                "bytes": size,
                "median_ms": percentile(times, 50),
                "p95_ms": percentile(times, 95),
                "runs": args.runs,
            }
        )
    result = {
        "database": connection.vendor,
        "targets": chosen,
        "search_hits": search_hits(args.query),
        "pages": pages,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

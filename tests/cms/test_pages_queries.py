"""No page runs more SQL queries as its content grows: each page type at 10 and 100 items."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.timeline import TIMELINE_LENGTH
from network.models import ClusterActivityAttendance, ClusterActivityDocument
from network.models.directory import PER_PAGE
from tests.factories import (
    AwardFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    SchoolPageFactory,
    award_level,
    cluster_index,
    home_page,
    school_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # What is measured is the page being built, not the stored copy.
    settings.PAGE_CACHE_ENABLED = False


def count_queries(client, url, shows=None, expected=None):
    client.get(url)  # warm the site-root cache, as any running site has
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    if shows is not None:
        # The items are really on the page: a count that stays flat over nothing proves nothing.
        assert response.content.decode().count(shows) == expected, (shows, expected)
    return len(context.captured_queries)


def grows_not(client, url_for, add_items, shows=None, shown=lambda n: n):
    """Add 10 items, count; add 90 more, count again: the counts must be equal."""
    add_items(10)
    ten = count_queries(client, url_for(), shows, shown(10))
    add_items(90)
    hundred = count_queries(client, url_for(), shows, shown(100))
    print(f"\n{url_for()}: {ten} queries with 10 items, {hundred} with 100")
    if ten != hundred:
        with CaptureQueriesContext(connection) as context:
            client.get(url_for())
        for query in context.captured_queries:
            print(query["sql"][:160])
    assert ten == hundred
    return ten


def recent(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_home_page(client, frameworks):
    flagship = award_level(name="Flagship School")

    def add(count):
        for n in range(count):
            school = SchoolPageFactory()
            AwardFactory(school=school, awarded_on=recent(10))
            if n % 3 == 0:
                AwardFactory(school=school, level=flagship, awarded_on=recent(5))

    school_index(), cluster_index()
    grows_not(client, lambda: home_page().url, add)


def test_directory(client, frameworks):
    def add(count):
        for _ in range(count):
            AwardFactory(school=SchoolPageFactory(), awarded_on=recent(10))

    grows_not(
        client,
        lambda: school_index().url,
        add,
        shows='class="card school-card"',
        shown=lambda n: min(n, PER_PAGE),
    )
    grows_not(client, lambda: f"{school_index().url}?phase=primary&region=london", lambda n: None)


def test_school_page(client, frameworks):
    school = SchoolPageFactory(title="Alder Primary")
    state = {"made": 0}

    def add(count):
        cluster = ClusterPageFactory(member_schools=[school])
        for _ in range(count):
            state["made"] += 1
            ClusterPageFactory(member_schools=[school])
            activity = ClusterActivityPageFactory(parent=cluster, title=f"Visit {state['made']}")
            ClusterActivityAttendance.objects.create(activity=activity, school=school)
            AwardFactory(school=school, awarded_on=recent(10 + state["made"]))

    grows_not(
        client,
        lambda: school.url,
        add,
        shows='class="timeline__kind"',
        shown=lambda n: min(n, TIMELINE_LENGTH),
    )


def test_cluster_index(client):
    def add(count):
        for _ in range(count):
            members = [SchoolPageFactory(), SchoolPageFactory()]
            ClusterPageFactory(member_schools=members, lead_school=members[0])

    grows_not(client, lambda: cluster_index().url, add, shows='class="card"')


def test_cluster_page(client):
    lead = SchoolPageFactory()
    cluster = ClusterPageFactory(
        member_schools=[lead], lead_school=lead, action_plan="<p>Visits each term.</p>"
    )

    def add(count):
        members = [SchoolPageFactory() for _ in range(count)]
        cluster.member_schools.add(*members)
        cluster.save()
        for _ in range(count):
            ClusterActivityPageFactory(parent=cluster)

    grows_not(client, lambda: cluster.url, add, shows="</a>, <time")


def test_cluster_activity_page(client):
    cluster = ClusterPageFactory()
    activity = ClusterActivityPageFactory(
        parent=cluster, purpose="<p>Plan the year.</p>", outcomes="<p>A shared plan.</p>"
    )
    Document = get_document_model()

    def add(count):
        for n in range(count):
            ClusterActivityAttendance.objects.create(
                activity=activity, school=SchoolPageFactory(), staff_count=2
            )
            document = Document.objects.create(
                title=f"Notes {n}", file=ContentFile(b"notes", name=f"notes-{n}.txt")
            )
            ClusterActivityDocument.objects.create(activity=activity, document=document)

    grows_not(client, lambda: activity.url, add, shows=" staff</li>")


# ------ Practice pages and search ------


def test_case_study_page(client, frameworks):
    from tests.factories import CaseStudyPageFactory

    school = SchoolPageFactory()
    case_study = CaseStudyPageFactory(parent=school, title="Visual timetables in Year 1")
    documents = get_document_model()
    made = {"tags": 0}

    def add(count):
        start = made["tags"]
        case_study.tags.add(*[f"topic-{n:03d}" for n in range(start, start + count)])
        case_study.save()
        for n in range(start, start + count):
            document = documents(title=f"Evidence {n}")
            document.file.save(f"evidence-{n}.txt", ContentFile(b"evidence"), save=True)
            case_study.documents.create(document=document)
        made["tags"] += count

    grows_not(client, lambda: case_study.url, add, shows="topic-", shown=lambda n: n)


def test_research_page(client, frameworks):
    from tests.factories import ResearchProjectPageFactory

    school = SchoolPageFactory()
    project = ResearchProjectPageFactory(parent=school, title="Reading aloud daily")
    made = {"schools": 0}

    def add(count):
        start = made["schools"]
        partners = [
            SchoolPageFactory(title=f"Partner school {n:03d}") for n in range(start, start + count)
        ]
        project.collaborating_schools.add(*partners)
        project.save()
        made["schools"] += count

    grows_not(client, lambda: project.url, add, shows="Partner school ", shown=lambda n: n)


def test_search_page(client, frameworks, monkeypatch):
    from search import service
    from tests.factories import CaseStudyPageFactory

    # A search widens while it finds fewer than ENOUGH_RESULTS (a count a step): enough at once
    # here, so that what is compared is the page at 10 and at 100 results.
    monkeypatch.setattr(service, "ENOUGH_RESULTS", 1)

    school = SchoolPageFactory()
    made = {"pages": 0}

    def add(count):
        start = made["pages"]
        for n in range(start, start + count):
            page = CaseStudyPageFactory(
                parent=school, title=f"Attendance mentoring {n:03d}", live=False
            )
            page.save_revision().publish()  # publishing builds the search record
        made["pages"] += count

    # A page of results shows at most 20, so the item counted is the total; both totals are
    # past the candidates a search re-orders (ranking.POOL), so the same queries find them.
    from search.ranking import POOL

    add(POOL + 1)
    fewer = count_queries(client, "/search/?q=attendance")
    add(100 - POOL - 1)
    more = count_queries(client, "/search/?q=attendance")
    print(f"\n/search/?q=attendance: {fewer} queries with {POOL + 1} results, {more} with 100")
    assert fewer == more

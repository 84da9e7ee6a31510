import datetime
import re

import pytest
from django.utils import timezone

from network.models import Phase, Region
from tests.factories import AwardFactory, SchoolPageFactory, award_level, school_index

pytestmark = pytest.mark.django_db


def names(response):
    return [school.title for school in response.context["directory"].page().object_list]


@pytest.fixture
def schools(frameworks):
    today = timezone.localdate()
    a = SchoolPageFactory(
        title="Alder Primary",
        urn="100001",
        phase=Phase.PRIMARY,
        region=Region.NORTH_EAST,
        local_authority="Durham",
    )
    b = SchoolPageFactory(
        title="Beech Secondary",
        urn="100002",
        phase=Phase.SECONDARY,
        region=Region.NORTH_EAST,
        local_authority="Sunderland",
    )
    c = SchoolPageFactory(
        title="Cedar Academy",
        urn="100003",
        phase=Phase.SECONDARY,
        region=Region.LONDON,
        local_authority="Camden",
    )
    AwardFactory(school=a, awarded_on=today - datetime.timedelta(days=30))
    AwardFactory(
        school=b,
        level=award_level(name="Flagship School"),
        awarded_on=today - datetime.timedelta(days=30),
    )
    AwardFactory(
        school=c,
        level=award_level("VbE", "Quality Mark"),
        awarded_on=today - datetime.timedelta(days=30),
    )
    # A lapsed Centre of Excellence award does not make Cedar a Centre of Excellence.
    AwardFactory(school=c, awarded_on=today - datetime.timedelta(days=800))
    return a, b, c


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Alder Primary", "Beech Secondary", "Cedar Academy"]),
        ("phase=secondary", ["Beech Secondary", "Cedar Academy"]),
        ("region=north_east", ["Alder Primary", "Beech Secondary"]),
        ("region=north_east&region=london&phase=secondary", ["Beech Secondary", "Cedar Academy"]),
        ("local_authority=Camden", ["Cedar Academy"]),
        ("scheme=VbE", ["Cedar Academy"]),
        ("scheme=IQM", ["Alder Primary", "Beech Secondary"]),
        ("q=beech", ["Beech Secondary"]),
        ("q=100003", ["Cedar Academy"]),
    ],
)
def test_filters(client, schools, query, expected):
    response = client.get(f"{school_index().url}?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_award_level_filter(client, schools):
    level = award_level(name="Centre of Excellence")
    response = client.get(f"{school_index().url}?award_level={level.pk}")
    assert names(response) == ["Alder Primary"]


def test_bad_filters_explain_and_keep_what_was_typed(client, schools):
    response = client.get(f"{school_index().url}?q=Beech&phase=castle&page=abc")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'value="Beech"' in body


def test_pagination(client, frameworks):
    for n in range(30):
        SchoolPageFactory(title=f"School {n:02d}")
    first = client.get(school_index().url)
    assert len(names(first)) == 24
    second = client.get(f"{school_index().url}?page=2")
    assert names(second) == [f"School {n:02d}" for n in range(24, 30)]
    beyond = client.get(f"{school_index().url}?page=999")
    assert beyond.status_code == 200


def test_same_number_of_queries_for_10_and_100_schools(
    client, frameworks, django_assert_max_num_queries, settings
):
    from django.db import connection

    settings.PAGE_CACHE_ENABLED = False  # the page's own queries, not a stored copy
    from django.test.utils import CaptureQueriesContext

    def make(count):
        for _ in range(count):
            school = SchoolPageFactory()
            AwardFactory(school=school)

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"{school_index().url}?page=1")
        assert response.status_code == 200
        return len(context.captured_queries)

    make(10)
    queries()  # what is kept until a change (the menu, the labels) is kept from here on
    with_ten = queries()
    make(90)
    queries()  # the change renewed them: kept again from here on
    with_hundred = queries()
    assert with_ten == with_hundred


def test_every_filter_at_once(client, schools):
    level = award_level(name="Flagship School")
    query = (
        "q=beech&phase=secondary&region=north_east&local_authority=Sunderland"
        f"&scheme=IQM&award_level={level.pk}"
    )
    response = client.get(f"{school_index().url}?{query}")
    assert names(response) == ["Beech Secondary"]
    body = response.content.decode()
    assert "1 school" in body and "Clear filters" in body
    # The form shows the filters that were applied.
    assert re.search(r'<input[^>]*value="secondary"[^>]*checked', body)
    assert not re.search(r'<input[^>]*value="primary"[^>]*checked', body)
    assert 'value="beech"' in body


def test_pagination_keeps_the_filters(client, frameworks):
    for n in range(30):
        SchoolPageFactory(title=f"Secondary {n:02d}", phase=Phase.SECONDARY)
    for n in range(5):
        SchoolPageFactory(title=f"Primary {n:02d}", phase=Phase.PRIMARY)
    first = client.get(f"{school_index().url}?phase=secondary")
    body = first.content.decode()
    assert "30 schools" in body and "Page 1 of 2" in body
    next_link = first.context["directory"].next_link
    assert next_link == "?phase=secondary&page=2"
    assert 'href="?phase=secondary&amp;page=2" rel="next"' in body
    second = client.get(f"{school_index().url}{next_link}")
    assert names(second) == [f"Secondary {n:02d}" for n in range(24, 30)]
    assert second.context["directory"].previous_link == "?phase=secondary&page=1"


def test_unfiltered_pagination_links_are_clean(client, frameworks):
    for n in range(25):
        SchoolPageFactory(title=f"School {n:02d}")
    response = client.get(school_index().url)
    assert 'href="?page=2" rel="next"' in response.content.decode()


def test_profile_lists_awards_and_clusters(client, schools):
    from tests.factories import ClusterPageFactory

    alder, beech, _ = schools
    cluster = ClusterPageFactory(title="Durham Inclusion Cluster", lead_school=alder)
    cluster.member_schools.set([alder, beech])
    cluster.save()
    body = client.get(alder.url).content.decode()
    assert "IQM Centre of Excellence" in body and "Current" in body
    assert "Durham Inclusion Cluster" in body and cluster.url in body

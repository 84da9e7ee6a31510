"""The page cache: anonymous views are stored, and what a publish changes is served fresh."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.cache import HEADER
from tests.factories import (
    AwardFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    SchoolPageFactory,
    UserFactory,
    school_index,
)

pytestmark = pytest.mark.django_db


def cache_state(response):
    return response.headers.get(HEADER)


def test_second_anonymous_view_is_served_from_the_cache_without_sql(client):
    school = SchoolPageFactory(title="Alder Primary")
    first = client.get(school.url)
    assert first.status_code == 200
    assert cache_state(first) == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(school.url)
    assert cache_state(second) == "hit"
    assert len(queries.captured_queries) == 0
    assert second.content == first.content
    assert "Alder Primary" in second.content.decode()


def test_query_strings_are_stored_apart(client):
    SchoolPageFactory(title="Alder Primary", phase="primary")
    SchoolPageFactory(title="Beech Secondary", phase="secondary")
    url = school_index().url
    client.get(f"{url}?phase=primary")
    secondary = client.get(f"{url}?phase=secondary")
    assert cache_state(secondary) == "miss"
    assert "Beech Secondary" in secondary.content.decode()
    assert "Alder Primary" not in secondary.content.decode()
    assert cache_state(client.get(f"{url}?phase=primary")) == "hit"


def test_signed_in_users_never_get_or_leave_a_stored_page(client):
    school = SchoolPageFactory()
    client.get(school.url)
    client.force_login(UserFactory())
    response = client.get(school.url)
    assert cache_state(response) is None
    assert "Your page" in response.content.decode()
    client.logout()
    # The signed-in view was not stored: the anonymous copy is still the one served.
    anonymous = client.get(school.url)
    assert "Your page" not in anonymous.content.decode()


def test_private_pages_are_never_stored(client):
    school = SchoolPageFactory()
    PageViewRestriction.objects.create(page=school, restriction_type="password", password="x")
    for _ in range(2):
        response = client.get(school.url)
        assert cache_state(response) is None

    other = SchoolPageFactory()
    client.get(other.url)
    assert cache_state(client.get(other.url)) == "hit"
    restriction = PageViewRestriction.objects.create(page=other, restriction_type="groups")
    restriction.groups.add(Group.objects.first())
    # Making a page private drops its stored copy: visitors are sent to sign in.
    response = client.get(other.url)
    assert response.status_code == 302


def test_publishing_a_change_refreshes_the_page_its_listing_and_the_home_page(client):
    school = SchoolPageFactory(title="Alder Primary")
    for url in (school.url, school_index().url, "/"):
        client.get(url)
        assert cache_state(client.get(url)) == "hit"

    school.title = "Alder Community Primary"
    school.save_revision().publish()

    for url in (school.url, school_index().url):
        response = client.get(url)
        assert cache_state(response) == "miss", url
        assert "Alder Community Primary" in response.content.decode()
    assert cache_state(client.get("/")) == "miss"


def test_unpublishing_takes_the_page_away_at_once(client):
    school = SchoolPageFactory(title="Alder Primary")
    url = school.url
    client.get(url)
    assert cache_state(client.get(url)) == "hit"
    school.unpublish()
    assert client.get(url).status_code == 404
    assert "Alder Primary" not in client.get(school_index().url).content.decode()


def test_a_new_award_shows_on_the_school_page(client, frameworks):
    school = SchoolPageFactory()
    client.get(school.url)
    AwardFactory(school=school, awarded_on=timezone.localdate() - datetime.timedelta(days=3))
    response = client.get(school.url)
    assert cache_state(response) == "miss"
    assert "Centre of Excellence" in response.content.decode()


def test_publishing_an_activity_refreshes_the_timelines_of_schools_that_attended(client):
    school = SchoolPageFactory()
    cluster = ClusterPageFactory(member_schools=[school])
    activity = ClusterActivityPageFactory(parent=cluster, title="Autumn network meeting")
    client.get(school.url)
    assert cache_state(client.get(school.url)) == "hit"

    activity.attendance.create(school=school, staff_count=2)
    activity.save_revision().publish()

    response = client.get(school.url)
    assert cache_state(response) == "miss"
    assert "Autumn network meeting" in response.content.decode()


def test_moving_a_page_refreshes_its_old_address(client):
    first = ClusterPageFactory(title="North cluster")
    second = ClusterPageFactory(title="South cluster")
    activity = ClusterActivityPageFactory(parent=first, title="Shared visit")
    old_url = activity.url
    client.get(old_url)
    assert cache_state(client.get(old_url)) == "hit"
    activity.move(second, pos="last-child")
    # Wagtail leaves a redirect at the old address; the stored copy is not served.
    assert client.get(old_url).status_code == 301


def test_posts_are_never_cached(client):
    school = SchoolPageFactory()
    response = client.post(school.url)
    assert cache_state(response) is None


def test_the_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    school = SchoolPageFactory()
    client.get(school.url)
    assert cache_state(client.get(school.url)) is None

import datetime

import pytest
from icalendar import Calendar

from tests.factories import ClusterActivityPageFactory, ClusterPageFactory, cluster_index

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_cluster_feed_has_every_activity(client):
    cluster = ClusterPageFactory(title="Tyneside inclusion cluster")
    other = ClusterPageFactory(title="Wessex twinned cluster")
    timed = ClusterActivityPageFactory(
        parent=cluster,
        title="Autumn meeting",
        date=datetime.date(2026, 10, 7),
        start_time=datetime.time(15, 30),
        end_time=datetime.time(17, 0),
        location="Alder Primary",
    )
    all_day = ClusterActivityPageFactory(
        parent=cluster, title="Visit to Beech", date=datetime.date(2026, 11, 12), kind="visit"
    )
    elsewhere = ClusterActivityPageFactory(parent=other, title="Shared CPD", kind="cpd")

    calendar = parse(client.get(cluster.url + cluster.reverse_subpage("calendar")))
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Autumn meeting", "Visit to Beech"}
    meeting = events["Autumn meeting"]
    assert meeting.decoded("dtstart").hour == 15
    assert str(meeting["location"]) == "Alder Primary"
    assert events["Visit to Beech"].decoded("dtstart") == datetime.date(2026, 11, 12)
    assert str(events["Visit to Beech"]["url"]).endswith(all_day.url)
    assert timed.url in str(meeting["url"])

    everything = parse(
        client.get(cluster_index().url + cluster_index().reverse_subpage("calendar"))
    )
    summaries = {str(event["summary"]) for event in everything.walk("VEVENT")}
    assert summaries == {"Autumn meeting", "Visit to Beech", elsewhere.title}


def test_unpublished_activities_are_left_out(client):
    cluster = ClusterPageFactory()
    ClusterActivityPageFactory(parent=cluster, title="Draft plan", live=False)
    calendar = parse(client.get(cluster.url + cluster.reverse_subpage("calendar")))
    assert list(calendar.walk("VEVENT")) == []

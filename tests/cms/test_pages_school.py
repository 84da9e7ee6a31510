"""A school's profile: awards with their dates, clusters, and a timeline of what it did."""

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from network.models import ClusterActivityAttendance
from tests.factories import (
    AwardFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    SchoolPageFactory,
    award_level,
)

pytestmark = pytest.mark.django_db


def timeline(page):
    section = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S)
    if not section:
        return []
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', section.group(1))


def attend(activity, school):
    ClusterActivityAttendance.objects.create(activity=activity, school=school, staff_count=2)


def test_awards_show_with_their_dates(client, frameworks):
    school = SchoolPageFactory()
    AwardFactory(school=school, awarded_on=datetime.date(2024, 9, 1))
    AwardFactory(
        school=school,
        level=award_level(name="Flagship School"),
        awarded_on=datetime.date(2025, 9, 1),
    )
    page = client.get(school.url).content.decode()
    rows = re.findall(
        r'<tr><th scope="row">([^<]*)</th><td><time[^>]*>([^<]*)</time></td>'
        r"<td><time[^>]*>([^<]*)</time>",
        page,
    )
    assert rows == [
        ("IQM Flagship School", "1 September 2025", "1 September 2026"),
        ("IQM Centre of Excellence", "1 September 2024", "1 September 2025"),
    ]


def test_clusters_and_the_timeline_of_activities_attended(client):
    school = SchoolPageFactory(title="Alder Primary")
    other = SchoolPageFactory()
    cluster = ClusterPageFactory(title="Coast cluster", member_schools=[school, other])
    older = ClusterActivityPageFactory(
        parent=cluster, title="Launch", date=datetime.date(2025, 1, 9)
    )
    newer = ClusterActivityPageFactory(
        parent=cluster, title="Visit", date=datetime.date(2026, 3, 2)
    )
    missed = ClusterActivityPageFactory(
        parent=cluster, title="Missed", date=datetime.date(2026, 4, 2)
    )
    draft = ClusterActivityPageFactory(
        parent=cluster, title="Draft", date=datetime.date(2026, 5, 2), live=False
    )
    private = ClusterActivityPageFactory(
        parent=cluster, title="Private", date=datetime.date(2026, 6, 2)
    )
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for activity in (older, newer, draft, private):
        attend(activity, school)
    attend(missed, other)

    page = client.get(school.url).content.decode()
    assert '<a href="/clusters/coast-cluster/">Coast cluster</a>' in page
    assert timeline(page) == ["Visit", "Launch"]
    assert "2 March 2026" in page
    assert "(Coast cluster)" in page


def test_a_school_with_nothing_yet_says_so(client):
    page = client.get(SchoolPageFactory().url).content.decode()
    assert "No awards recorded yet." in page
    assert "is not in a cluster yet." in page
    assert "Nothing published or attended yet." in page


def test_the_profile_says_what_kind_of_school_it_is(client):
    special = SchoolPageFactory(phase="not_applicable", provision="special")
    page = client.get(special.url).content.decode()
    assert "<div><dt>Provision</dt><dd>Special school</dd></div>" in page
    pru = client.get(SchoolPageFactory(provision="pru").url).content.decode()
    assert "<dd>Pupil referral unit</dd>" in pru
    # Not known (a school added by hand): nothing is said rather than a guess.
    unknown = client.get(SchoolPageFactory(provision="").url).content.decode()
    assert "<dt>Provision</dt>" not in unknown

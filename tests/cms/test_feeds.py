"""RSS and Atom feeds of newly published practice: all, per element, per school."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from network.models import Element, Scheme
from network.models.visibility import Visibility
from tests.factories import CaseStudyPageFactory, ResearchProjectPageFactory, SchoolPageFactory

pytestmark = pytest.mark.django_db


def day(n):
    return timezone.make_aware(datetime.datetime(2026, 1, n, 9, 0))


@pytest.fixture
def practice(frameworks):
    elements = list(
        Element.objects.filter(framework=Scheme.objects.get(short_name="IQM").update_framework)
    )
    riverside = SchoolPageFactory(title="Riverside Primary", urn="100001")
    hillside = SchoolPageFactory(title="Hillside Primary", urn="100002")
    phonics = CaseStudyPageFactory(
        parent=riverside, title="Phonics catch-up", first_published_at=day(3)
    )
    phonics.elements.set([elements[5]])
    phonics.tags.add("phonics")
    phonics.save()
    attendance = ResearchProjectPageFactory(
        parent=hillside, title="Attendance texts", first_published_at=day(5)
    )
    attendance.elements.set([elements[0]])
    attendance.save()
    CaseStudyPageFactory(parent=riverside, title="Old TA deployment", first_published_at=day(1))
    CaseStudyPageFactory(
        parent=riverside,
        title="Members ELSA",
        visibility=Visibility.MEMBERS,
        first_published_at=day(6),
    )
    CaseStudyPageFactory(parent=riverside, title="Draft EAL", live=False, first_published_at=None)
    return {"elements": elements, "riverside": riverside}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_rss_of_all_practice_newest_first(client, practice):
    feed = parse(client, "/feeds/practice/rss/")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == [
        "Attendance texts",
        "Phonics catch-up",
        "Old TA deployment",
    ]
    phonics = feed.entries[1]
    assert phonics.link == "http://testserver/schools/riverside-primary/phonics-catch-up/"
    assert phonics.published_parsed[:3] == (2026, 1, 3)
    assert phonics.summary.startswith("Pre-teaching vocabulary")
    terms = {tag.term for tag in phonics.tags}
    assert "phonics" in terms and any(term.startswith("Element 6:") for term in terms)


def test_atom_of_all_practice(client, practice):
    feed = parse(client, "/feeds/practice/atom/")
    assert feed.version == "atom10"
    assert feed.entries[0].title == "Attendance texts"
    assert feed.entries[0].author == "Hillside Primary"


def test_feed_per_element(client, practice):
    element = practice["elements"][5]
    for kind in ("rss", "atom"):
        feed = parse(client, f"/feeds/practice/element/{element.pk}/{kind}/")
        assert [entry.title for entry in feed.entries] == ["Phonics catch-up"]
        assert "element 6" in feed.feed.title


def test_feed_per_school(client, practice):
    for kind in ("rss", "atom"):
        feed = parse(client, f"/feeds/practice/school/100001/{kind}/")
        assert [entry.title for entry in feed.entries] == ["Phonics catch-up", "Old TA deployment"]
        assert feed.feed.title == "New practice from Riverside Primary"


def test_unknown_element_or_school_is_not_found(client, practice):
    assert client.get("/feeds/practice/element/999999/rss/").status_code == 404
    assert client.get("/feeds/practice/school/999999/rss/").status_code == 404

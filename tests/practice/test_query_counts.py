"""Listings cost the same number of SQL queries with 10 items of each kind as with 100."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.models import Element, Scheme
from practice.models import (
    FeaturedPractice,
    PracticeCollection,
    PracticeCollectionItem,
    PracticeIndexCollection,
)
from tests.factories import (
    CaseStudyPageFactory,
    ResearchProjectPageFactory,
    SchoolPageFactory,
    practice_index,
    research_index,
)

pytestmark = pytest.mark.django_db


def add_practice(count, start):
    elements = list(
        Element.objects.filter(framework=Scheme.objects.get(short_name="IQM").update_framework)
    )
    index = practice_index()
    collection, _ = PracticeCollection.objects.get_or_create(title="Attendance", slug="attendance")
    if not index.shown_collections.exists():
        PracticeIndexCollection.objects.create(index=index, collection=collection)
    pages = []
    for n in range(start, start + count):
        school = SchoolPageFactory()
        when = timezone.make_aware(datetime.datetime(2025, 1, 1) + datetime.timedelta(days=n))
        for factory in (CaseStudyPageFactory, ResearchProjectPageFactory):
            page = factory(parent=school, first_published_at=when)
            page.elements.set(elements[n % 10 : n % 10 + 2])
            page.tags.add(f"tag{n}", "inclusion")
            page.save()
            pages.append(page)
            PracticeCollectionItem.objects.create(collection=collection, page=page)
    for page in pages[:6]:
        if index.featured.count() < 6:
            FeaturedPractice.objects.create(index=index, page=page)


def count_queries(client, url):
    client.get(url)  # warm caches (site root, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


URLS = ["/practice/", "/research/", "/research/?status=in_progress&page=2"]


def test_listing_queries_do_not_grow_with_items(client, frameworks):
    research_index()
    add_practice(10, 0)
    few = {url: count_queries(client, url) for url in URLS}
    add_practice(90, 10)
    many = {url: count_queries(client, url) for url in URLS}
    for url in URLS:
        (few_count, few_page), (many_count, many_page) = few[url], many[url]
        assert few_page.text.count('class="card"') >= 10, url
        assert many_page.text.count('class="card"') > few_page.text.count('class="card"') or (
            url != "/practice/"
        )
        assert many_count == few_count, url

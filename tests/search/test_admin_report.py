"""Staff see the week's most frequent queries and the ones that found nothing."""

import datetime

import pytest
from django.utils import timezone

from search import loader
from search.models import SearchQueryLog, SearchSynonym
from tests.factories import UserFactory

from .corpus import ITEMS

pytestmark = pytest.mark.django_db


def test_report_puts_what_was_not_found_first(client, frameworks_loaded, staff_user):
    loader.load(ITEMS)
    searches = ["attendance", "Attendance", "attendance", "phonics", "quidditch", "quidditch"]
    searches += ["quidditch attendance trophies league"]  # shares one word of four: no close match
    for q in searches:
        client.get("/api/search/", {"q": q})
    old = SearchQueryLog.objects.create(query="last year", results=0)
    SearchQueryLog.objects.filter(pk=old.pk).update(
        searched_at=timezone.now() - datetime.timedelta(days=8)
    )
    client.force_login(staff_user)
    response = client.get("/admin/reports/search-queries/")
    assert response.status_code == 200
    html = response.content.decode()
    _, rest = html.split("Queries that found nothing")
    fruitless, rest = rest.split("Queries with no close match")
    unsure, frequent = rest.split("Most frequent queries")
    assert "<td>attendance</td><td>3</td>" in frequent
    assert "<td>quidditch</td><td>2</td>" in frequent
    assert "<td>quidditch</td><td>2</td>" in fruitless
    assert "attendance" not in fruitless and "last year" not in html
    assert "<td>quidditch attendance trophies league</td><td>1</td>" in unsure
    assert "<td>attendance</td>" not in unsure
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/search-queries/" in menu


def test_report_is_for_staff_only(client, db):
    from django.contrib.auth.models import Group

    from network.permissions import ASSESSORS

    client.force_login(UserFactory(groups=[Group.objects.get(name=ASSESSORS)]))
    assert client.get("/admin/reports/search-queries/").status_code in (302, 403)


def test_staff_edit_the_synonym_list(client, frameworks_loaded, staff_user):
    assert SearchSynonym.objects.filter(terms__startswith="SEND").exists()
    loader.load(ITEMS)
    client.force_login(staff_user)
    listing = client.get("/admin/snippets/search/searchsynonym/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/snippets/search/searchsynonym/add/",
        {"terms": "XQJ, family liaison officer", "note": "Attendance roles"},
    )
    assert response.status_code == 302
    client.logout()
    data = client.get("/api/search/", {"q": "xqj"}).json()
    assert [hit["title"] for hit in data["results"]] == [
        "Improving attendance through family support"
    ]

"""Editors and assessors find the updates of their own schools, and no others."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practice.updates.year import open_update_year
from tests.factories import UserFactory, school_assessor, school_editor, school_with_award

pytestmark = pytest.mark.django_db


def test_an_assessor_sees_their_schools_updates_only(client, frameworks):
    mine = school_with_award(title="Assessed School")
    other = school_with_award(title="Other Hill School")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    assessor = school_assessor(mine)
    client.force_login(assessor)
    html = client.get("/admin/").content.decode()
    assert "/admin/updates/mine/" in html
    response = client.get("/admin/updates/mine/")
    html = response.content.decode()
    assert "Assessed School" in html and other.title not in html
    assert "Annual review" in html and "Not started" in html

    client.force_login(school_editor(other))
    html = client.get("/admin/updates/mine/").content.decode()
    assert other.title in html and "Assessed School" not in html
    assert "/review/" not in html


def test_the_list_costs_the_same_for_many_schools(client, frameworks):
    assessor = UserFactory(username="busy-assessor")

    def queries(n, year):
        from network.models import AssessorAssignment

        for i in range(n):
            school = school_with_award(title=f"{year[:4]} Busy {i}")
            AssessorAssignment.objects.create(school=school, assessor=assessor)
        open_update_year(year, datetime.date(int(year[:4]) + 1, 6, 30))
        client.force_login(assessor)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/updates/mine/").status_code == 200
        return len(captured)

    assert queries(3, "2030/31") == queries(20, "2031/32")

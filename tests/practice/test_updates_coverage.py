"""Per element, how many schools rated themselves at each level this year."""

import datetime
import re

import pytest

from practice.models import AnnualUpdatePage
from practice.updates.year import open_update_year
from tests.factories import school_with_award

pytestmark = pytest.mark.django_db


def test_coverage_counts_each_level_per_element(client, frameworks, staff_user):
    schools = [school_with_award(title=f"Coverage {i}") for i in range(4)]
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    for school, rating in zip(schools, [1, 3, 3, None], strict=True):
        update = AnnualUpdatePage.objects.get(school=school)
        first = update.element_progress.get(element__number=1)
        first.self_rating = rating
        first.save()
    client.force_login(staff_user)
    response = client.get("/admin/updates/coverage/?year=2026/27")
    assert response.status_code == 200
    [entry] = response.context["frameworks"]
    row = entry["rows"][0]
    assert row["element"].number == 1
    assert [cell["count"] for cell in row["cells"]] == [1, 0, 2, 0]
    assert [cell["percent"] for cell in row["cells"]] == [33, 0, 67, 0]
    assert row["total"] == 3
    html = response.content.decode()
    # Readable without JavaScript or colour: a table with numbers, and bars sized in CSS.
    assert "<table" in html and "<script" not in html.split("<main")[-1].split("</main>")[0]
    assert re.search(r'class="bar" style="width: 67%"', html)
    assert "3: Established" in html
    assert "schools (67%) rated Established" in html


def test_coverage_costs_the_same_for_many_schools(client, frameworks, staff_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n, year):
        for i in range(n):
            school_with_award(title=f"{year[:4]} Rated {i}")
        open_update_year(year, datetime.date(int(year[:4]) + 1, 6, 30))
        for progress in AnnualUpdatePage.objects.filter(academic_year=year)[
            0
        ].element_progress.all():
            progress.self_rating = 2
            progress.save()
        client.force_login(staff_user)
        client.get(f"/admin/updates/coverage/?year={year}")  # the scheme's scale is made once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/admin/updates/coverage/?year={year}").status_code == 200
        return len(captured)

    assert queries(3, "2030/31") == queries(20, "2031/32")

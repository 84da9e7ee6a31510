"""Scheme staff see the year: status of every school due, lateness, filters, exports."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.models import Region
from practice.models import AnnualUpdatePage
from practice.updates.year import open_update_year
from tests.factories import (
    ClusterPageFactory,
    school_assessor,
    school_editor,
    school_with_award,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DEADLINE = TODAY - datetime.timedelta(days=5)


def move_to(update, status, staff):
    """Put an update in a state the way the workflow would."""
    if status == "not_started":
        return
    update.save_revision(user=staff)
    if status == "draft":
        return
    workflow = update.get_workflow()
    state = workflow.start(update, staff)
    if status == "submitted":
        return
    if status == "changes_requested":
        state.current_task_state.reject(user=staff, comment="More, please")
        return
    state.current_task_state.approve(user=staff)
    if status == "in_review":
        return
    state.refresh_from_db()
    state.current_task_state.approve(user=staff)


@pytest.fixture
def year(frameworks, staff_user):
    statuses = ["not_started", "draft", "draft", "submitted", "in_review", "changes_requested"]
    statuses += ["reviewed"]
    schools = []
    for i, _status in enumerate(statuses):
        region = Region.NORTH_EAST if i % 2 else Region.LONDON
        schools.append(school_with_award(title=f"School {i:02d}", region=region))
    open_update_year("2026/27", DEADLINE)
    for school, status in zip(schools, statuses, strict=True):
        move_to(AnnualUpdatePage.objects.get(school=school), status, staff_user)
    late_award = school_with_award(title="Zed Late Award")  # due, but no update yet
    cluster = ClusterPageFactory(title="Tyne cluster")
    cluster.member_schools.set(schools[:3])
    cluster.save()
    assessor = school_assessor(schools[3], "ada")
    assessor.first_name, assessor.last_name = "Ada", "Lovelace"
    assessor.save()
    return {"schools": schools, "late": late_award, "cluster": cluster, "assessor": assessor}


def test_counts_and_rows(client, year, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/updates/?year=2026/27")
    assert response.status_code == 200
    counts = {status.value: n for status, n in response.context["counts"]}
    assert counts == {
        "not_started": 2,
        "draft": 2,
        "submitted": 1,
        "in_review": 1,
        "changes_requested": 1,
        "reviewed": 1,
    }
    html = response.content.decode()
    assert "Zed Late Award" in html and "Ada Lovelace" in html
    rows = {row.school.title: row for row in response.context["rows"]}
    assert rows["School 01"].days_late == 5
    assert rows["Zed Late Award"].status == "not_started"
    assert rows["Zed Late Award"].days_late == 5
    assert rows["School 03"].submitted == TODAY  # late by its submission date
    assert rows["School 03"].days_late == 5
    assert rows["School 06"].status == "reviewed"


def test_filters(client, year, staff_user):
    client.force_login(staff_user)

    def titles(query):
        response = client.get(f"/admin/updates/?year=2026/27&{query}")
        return sorted(row.school.title for row in response.context["rows"])

    assert titles("status=draft") == ["School 01", "School 02"]
    assert titles("region=north_east") == ["School 01", "School 03", "School 05"]
    assert titles(f"cluster={year['cluster'].pk}") == ["School 00", "School 01", "School 02"]
    assert titles(f"assessor={year['assessor'].pk}") == ["School 03"]
    assert titles(f"region=london&cluster={year['cluster'].pk}&status=draft") == ["School 02"]


def test_csv_and_xlsx_exports(client, year, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/updates/?year=2026/27&region=north_east&export=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "annual-updates-2026-27.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["School"] for row in rows] == ["School 01", "School 03", "School 05"]
    assert rows[0]["Status"] == "Draft" and rows[0]["Days late"] == "5"
    assert rows[1]["Assessor"] == "Ada Lovelace"
    assert rows[0]["Deadline"] == DEADLINE.isoformat()

    response = client.get("/admin/updates/?year=2026/27&export=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header, *body = list(sheet.values)
    assert header[:6] == ("School", "URN", "Region", "Clusters", "Assessor", "Status")
    assert len(body) == 8
    by_school = {row[0]: row for row in body}
    assert by_school["School 04"][5] == "In review"
    assert by_school["School 00"][3] == "Tyne cluster"
    assert by_school["School 01"][8] == 5


def test_only_staff_see_the_dashboard(client, year):
    school = year["schools"][0]
    for user in (school_editor(school), year["assessor"]):
        client.force_login(user)
        for url in ("/admin/updates/", "/admin/updates/?export=csv", "/admin/updates/coverage/"):
            assert client.get(url).status_code in (302, 403)


def test_queries_do_not_grow_with_schools(client, frameworks, staff_user):
    def count_queries(n, year):
        for i in range(n):
            school = school_with_award(title=f"Q{year[:4]} School {i}")
            school_assessor(school, f"q{year[:4]}-{i}")
        open_update_year(year, DEADLINE)
        first = AnnualUpdatePage.objects.filter(academic_year=year).first()
        move_to(first, "submitted", staff_user)
        client.force_login(staff_user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/admin/updates/?year={year}")
        assert len(response.context["rows"]) >= n
        return len(queries)

    few = count_queries(5, "2030/31")
    many = count_queries(40, "2031/32")
    assert many == few


def test_each_count_links_to_its_schools(client, year, staff_user):
    client.force_login(staff_user)
    html = client.get("/admin/updates/?year=2026/27&region=london").content.decode()
    link = "?year=2026/27&amp;region=london&amp;cluster=&amp;assessor=&amp;status=draft"
    assert f'href="{link}"' in html
    response = client.get("/admin/updates/" + link.replace("&amp;", "&"))
    assert [row.school.title for row in response.context["rows"]] == ["School 02"]

"""The assessor records the annual review; its development plan becomes next year's targets."""

import datetime

import pytest

from practice.models import AnnualReview, AnnualUpdatePage
from practice.updates.year import open_update_year
from tests.factories import SchoolPageFactory, school_assessor, school_editor, school_with_award

pytestmark = pytest.mark.django_db

PLAN = ["Extend nurture groups to Key Stage 2", "Train two more ELSAs", "Host a cluster CPD day"]


@pytest.fixture
def update(frameworks):
    school = school_with_award(title="Rowan Primary")
    open_update_year("2025/26", datetime.date(2026, 6, 30))
    return AnnualUpdatePage.objects.get(school=school, academic_year="2025/26")


def review_post(**overrides):
    data = {
        "visit_date": "2026-07-08",
        "outcome": "validated",
        "strengths": "Strong pupil voice; a well-led SEND team.",
        "development_targets-TOTAL_FORMS": "3",
        "development_targets-INITIAL_FORMS": "0",
        "development_targets-MIN_NUM_FORMS": "0",
        "development_targets-MAX_NUM_FORMS": "1000",
    }
    for i, text in enumerate(PLAN):
        data[f"development_targets-{i}-text"] = text
    data.update(overrides)
    return data


def test_only_the_assigned_assessor_records_the_review(client, update):
    url = f"/admin/updates/{update.pk}/review/"
    for user in (
        school_editor(update.school),
        school_assessor(SchoolPageFactory(title="Far School"), "far-assessor"),
    ):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, review_post()).status_code in (302, 403)
    assert not AnnualReview.objects.exists()
    client.force_login(school_assessor(update.school))
    assert client.get(url).status_code == 200


def test_a_review_with_errors_keeps_what_was_typed(client, update):
    client.force_login(school_assessor(update.school))
    response = client.post(
        f"/admin/updates/{update.pk}/review/", review_post(outcome="", visit_date="8th July")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html
    assert "This field is required." in html
    assert "a well-led SEND team" in html and PLAN[1] in html
    assert not AnnualReview.objects.exists()


def test_the_plan_becomes_next_years_targets(client, update, staff_user):
    assessor = school_assessor(update.school)
    client.force_login(assessor)
    response = client.post(f"/admin/updates/{update.pk}/review/", review_post())
    assert response.status_code == 302
    review = AnnualReview.objects.get(update=update)
    assert review.get_outcome_display() == "Progress validated"
    assert review.recorded_by == assessor
    html = client.get(f"/admin/updates/{update.pk}/").content.decode()
    assert "Progress validated" in html and PLAN[0] in html

    client.force_login(staff_user)
    client.post("/admin/updates/open-year/", {"academic_year": "2026/27", "deadline": "2027-06-30"})
    next_year = AnnualUpdatePage.objects.get(school=update.school, academic_year="2026/27")
    assert [target.text for target in next_year.targets.all()] == PLAN

    client.force_login(school_editor(update.school))
    html = client.get(f"/admin/pages/{next_year.pk}/edit/").content.decode()
    for text in PLAN:
        assert text in html

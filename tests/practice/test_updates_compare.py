"""Two years side by side, element by element, across IQM's move from ten elements to eight."""

import datetime

import pytest

from network.models import Element, FrameworkVersion, Scheme
from practice.models import AnnualUpdatePage, ElementMapping
from practice.updates.year import open_update_year
from tests.factories import (
    SchoolPageFactory,
    school_assessor,
    school_editor,
    school_with_award,
)

pytestmark = pytest.mark.django_db


def element(framework, number):
    return Element.objects.get(framework=framework, number=number)


@pytest.fixture
def two_years(frameworks, staff_user):
    iqm = Scheme.objects.get(short_name="IQM")
    ten = FrameworkVersion.objects.get(scheme=iqm, name="Ten elements")
    eight = FrameworkVersion.objects.get(scheme=iqm, name__startswith="Evaluative framework")
    school = school_with_award(title="Cedar School")
    open_update_year("2025/26", datetime.date(2026, 6, 30))
    iqm.update_framework = eight
    iqm.save()
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    old = AnnualUpdatePage.objects.get(school=school, academic_year="2025/26")
    new = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    for progress in old.element_progress.all():
        progress.narrative = f"<p>Old narrative {progress.element.number}.</p>"
        progress.self_rating = 2
        progress.save()
    for progress in new.element_progress.all():
        progress.narrative = f"<p>New narrative {progress.element.number}.</p>"
        progress.save()
    # Staff replace the shipped mapping with their own: old 3 (Leadership and management) ->
    # new 2 (Leadership, Management...); old 6 (Teaching and learning) and old 5 (Learning
    # environment) -> new 4. (The shipped one: tests/practice/test_cycles.py.)
    ElementMapping.objects.all().delete()
    for old_number, new_number in ((3, 2), (6, 4), (5, 4)):
        ElementMapping.objects.create(
            from_element=element(ten, old_number), to_element=element(eight, new_number)
        )
    return {"school": school, "old": old, "new": new, "ten": ten, "eight": eight}


def test_side_by_side_across_a_framework_change(client, two_years):
    new = two_years["new"]
    client.force_login(school_editor(two_years["school"]))
    response = client.get(f"/admin/updates/{new.pk}/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The framework changed between these years" in html
    rows = response.context["rows"]
    by_new = {row.current.element.number: row for row in rows if row.current}
    assert len(by_new) == 8
    assert [s.element.number for s in by_new[2].previous] == [3]
    assert [s.element.number for s in by_new[4].previous] == [5, 6]
    assert by_new[1].previous == []
    alone = sorted(row.previous[0].element.number for row in rows if row.current is None)
    assert alone == [1, 2, 4, 7, 8, 9, 10]
    assert "Old narrative 6." in html and "New narrative 4." in html
    assert "Not paired with an element this year." in html


def test_staff_edit_the_mapping_as_a_snippet(client, two_years, staff_user):
    ten, eight = two_years["ten"], two_years["eight"]
    client.force_login(staff_user)
    response = client.post(
        "/admin/snippets/practice/elementmapping/add/",
        {"from_element": element(ten, 1).pk, "to_element": element(eight, 6).pk},
    )
    assert response.status_code == 302
    response = client.get(f"/admin/updates/{two_years['new'].pk}/compare/")
    by_new = {row.current.element.number: row for row in response.context["rows"] if row.current}
    assert [s.element.number for s in by_new[6].previous] == [1]


def test_within_one_framework_elements_pair_with_themselves(client, frameworks):
    school = school_with_award(title="Ash School")
    open_update_year("2025/26", datetime.date(2026, 6, 30))
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    new = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    client.force_login(school_assessor(school))
    rows = client.get(f"/admin/updates/{new.pk}/compare/").context["rows"]
    assert len(rows) == 10
    assert all(row.previous[0].element_id == row.current.element_id for row in rows)


def test_only_the_school_its_assessor_and_staff(client, two_years, staff_user):
    url = f"/admin/updates/{two_years['new'].pk}/compare/"
    other = SchoolPageFactory(title="Elm School")
    for user in (school_editor(other), school_assessor(other)):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
    for user in (school_assessor(two_years["school"]), staff_user):
        client.force_login(user)
        assert client.get(url).status_code == 200

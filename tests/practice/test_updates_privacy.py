"""An update is for the school, its assessor and scheme staff only, wherever one looks."""

import datetime

import pytest

from practice.models import AnnualUpdatePage
from practice.updates.year import open_update_year
from tests.factories import (
    SchoolPageFactory,
    school_assessor,
    school_editor,
    school_with_award,
    update_edit_data,
)

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquokka"
# Searches echo the query, so what must not appear is the rest of the sentence.
PHRASE = "project for pupil voice"


@pytest.fixture
def update(frameworks, staff_user):
    school = school_with_award(title="Willow School")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    progress = update.element_progress.first()
    progress.narrative = f"<p>{SECRET} project for pupil voice.</p>"
    progress.save()
    update.summary = f"<p>{SECRET} summary.</p>"
    update.save_revision(user=staff_user).publish()
    update.refresh_from_db()
    return update


@pytest.fixture
def outsiders(update):
    other = SchoolPageFactory(title="Other School")
    return {
        "another school's editor": school_editor(other, "other-editor"),
        "an unassigned assessor": school_assessor(other, "other-assessor"),
    }


@pytest.fixture
def insiders(update, staff_user):
    return {
        "the school's editor": school_editor(update.school, "own-editor"),
        "its assessor": school_assessor(update.school, "own-assessor"),
        "scheme staff": staff_user,
    }


def test_the_page_itself(client, update, outsiders, insiders):
    response = client.get(update.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")  # the site's own sign-in
    for who, user in outsiders.items():
        client.force_login(user)
        response = client.get(update.url)
        assert response.status_code == 403, who
        assert SECRET not in response.content.decode(), who
    for who, user in insiders.items():
        client.force_login(user)
        response = client.get(update.url)
        assert response.status_code == 200, who
        assert SECRET in response.content.decode(), who


def test_reading_printing_comparing_and_previewing(client, update, outsiders, insiders):
    urls = [
        f"/admin/updates/{update.pk}/",
        f"/admin/updates/{update.pk}/pdf/",
        f"/admin/updates/{update.pk}/compare/",
        f"/admin/pages/{update.pk}/edit/",
        f"/admin/pages/{update.pk}/edit/preview/",
        f"/admin/pages/{update.pk}/view_draft/",
        f"/admin/pages/{update.pk}/revisions/{update.latest_revision_id}/view/",
    ]
    for who, user in outsiders.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (who, url)
            assert SECRET not in response.content.decode(), (who, url)
    client.force_login(insiders["its assessor"])
    assert SECRET in client.get(urls[0]).content.decode()


def test_never_in_admin_search_or_choosers(client, update, outsiders, insiders):
    for user in [*outsiders.values(), *insiders.values()]:
        client.force_login(user)
        for url in (
            f"/admin/pages/search/?q={SECRET}",
            f"/admin/choose-page/search/?q={SECRET}",
            f"/admin/choose-page/{update.school.pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), url
            html = response.content.decode()
            assert PHRASE not in html, url
    for user in outsiders.values():
        client.force_login(user)
        for query in (SECRET, "Annual update", "Willow"):
            html = client.get(f"/admin/pages/search/?q={query}").content.decode()
            assert f"/admin/pages/{update.pk}/" not in html, query


def test_never_in_public_listings_feeds_sitemap_or_api(client, update, outsiders):
    """Whatever of these the site serves, the update's text and address are not in it."""
    paths = [
        "/sitemap.xml",
        "/api/v2/pages/",
        "/api/v2/pages/?type=practice.AnnualUpdatePage",
        f"/api/v2/pages/{update.pk}/",
        f"/api/v2/pages/?search={SECRET}",
        f"/search/?q={SECRET}",
        f"/api/search/?q={SECRET}",
        "/feeds/practice/",
        "/feed/",
        "/practice/feed/",
        update.school.url,
        update.get_parent().get_parent().url,
    ]
    for visitor in (None, outsiders["another school's editor"]):
        if visitor:
            client.force_login(visitor)
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, path
            body = b"".join(response) if response.streaming else response.content
            text = body.decode(errors="replace")
            assert PHRASE not in text, path
            assert update.url not in text, path


def test_drafts_are_private_too(client, frameworks, staff_user):
    school = school_with_award(title="Draft School")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    editor = school_editor(school)
    client.force_login(editor)
    data = update_edit_data(update, narratives={1: f"<p>{SECRET} draft.</p>"})
    assert client.post(f"/admin/pages/{update.pk}/edit/", data).status_code == 302
    other = school_editor(SchoolPageFactory(title="Nosy School"), "nosy")
    client.force_login(other)
    for url in (f"/admin/updates/{update.pk}/", f"/admin/pages/{update.pk}/edit/preview/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert SECRET not in response.content.decode()
    client.force_login(editor)
    assert SECRET in client.get(f"/admin/updates/{update.pk}/").content.decode()


def test_an_assessor_taken_off_the_school_loses_sight_of_it(client, update):
    from network.models import AssessorAssignment

    assessor = school_assessor(update.school, "moving-on")
    client.force_login(assessor)
    assert client.get(update.url).status_code == 200
    AssessorAssignment.objects.filter(assessor=assessor).delete()
    assert client.get(update.url).status_code == 403
    assert client.get(f"/admin/updates/{update.pk}/").status_code in (302, 403)

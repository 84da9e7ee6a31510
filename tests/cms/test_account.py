"""Signing in on the site and a member's own page: a network member who signs in lands on
a page of their own (their school, their clusters), not on the admin's refusal, and a
private page sends a visitor to the site's sign-in."""

import pytest
from django.urls import reverse

from network.models import ClusterPage
from practice.models import AnnualUpdatePage
from tests.factories import (
    ClusterPageFactory,
    SchoolPageFactory,
    UserFactory,
    school_editor,
)

pytestmark = pytest.mark.django_db


def sign_in(client, username, password="pass-Word-2026", follow=True, **extra):  # noqa: S107
    return client.post(
        "/sign-in/", {"username": username, "password": password, **extra}, follow=follow
    )


def test_a_member_signs_in_to_their_own_page(client):
    school = SchoolPageFactory(title="Greenfields Primary")
    cluster = ClusterPageFactory(title="North Tyneside inclusion cluster")
    cluster.member_schools.set([school])
    cluster.save()
    member = UserFactory(username="member", first_name="Morgan", last_name="Member")
    member.set_password("pass-Word-2026")
    member.save()
    school.editors_group.user_set.add(member)  # school staff, not yet an editor in the admin
    school.editors_group.permissions.clear()

    page = client.get("/sign-in/").content.decode()
    assert '<label for="id_username">' in page and "site-header" in page

    response = sign_in(client, "member")
    assert response.redirect_chain[-1][0] == reverse("your_page")
    body = response.content.decode()
    assert "Morgan Member" in body
    assert "Greenfields Primary" in body and ClusterPage.objects.get().title in body
    assert "permission" not in body.lower()


def test_a_wrong_password_keeps_what_was_typed(client):
    UserFactory(username="sam.staff")
    response = sign_in(client, "sam.staff", password="wrong")
    body = response.content.decode()
    assert response.status_code == 200
    assert "We could not sign you in" in body and 'value="sam.staff"' in body


def test_editors_go_on_to_their_work(client):
    school = SchoolPageFactory()
    editor = school_editor(school, "eddie")
    editor.set_password("pass-Word-2026")
    editor.save()
    response = sign_in(client, "eddie", follow=False)
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_private_page_sends_visitors_to_the_sites_sign_in(client, frameworks):
    import datetime

    from practice.updates.year import open_update_year
    from tests.factories import school_with_award

    school_with_award(title="Oak Tree Academy")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get()
    update.save_revision().publish()
    response = client.get(update.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")

"""Scheme staff invite school editors and assessors; the invited choose a password once."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Invitation, State
from network.models import AssessorAssignment
from tests.factories import SchoolPageFactory, UserFactory

from .helpers import link_in, path_of

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "river-kestrel-42"


@pytest.fixture
def alder(db):
    return SchoolPageFactory(title="Alder Primary School", urn="100101")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def test_staff_invite_an_editor_who_sets_a_password_and_lands_on_their_dashboard(
    staff_client, client, alder, mailoutbox, django_user_model
):
    form = staff_client.get("/admin/invitations/new/")
    assert form.status_code == 200
    response = staff_client.post(
        "/admin/invitations/new/",
        {"email": "J.Khan@alder.sch.uk", "name": "Jamila Khan", "role": "editor", "urn": "100101"},
    )
    assert response.status_code == 302
    listing = staff_client.get("/admin/invitations/").content.decode()
    assert "Jamila Khan" in listing and "Alder Primary School (100101)" in listing
    assert "Sent, until" in listing and "Resend" in listing

    (message,) = mailoutbox
    assert message.to == ["J.Khan@alder.sch.uk"]
    assert message.subject == (
        "You are invited to edit the pages of Alder Primary School on the "
        "Centres of Excellence network"
    )
    assert "Hello Jamila Khan" in message.body and "works once" in message.body
    link = path_of(link_in(message))

    staff_client.logout()
    page = client.get(link).content.decode()
    assert "<h1>Choose your password</h1>" in page
    assert "Centres of Excellence network" in page  # the site's own header and design
    assert "J.Khan@alder.sch.uk" in page

    mismatch = client.post(link, {"password": GOOD_PASSWORD, "again": "river-kestrel-43"})
    assert "The two passwords are not the same" in mismatch.content.decode()
    weak = client.post(link, {"password": "12345678", "again": "12345678"})
    assert "This password is too common" in weak.content.decode()
    assert not django_user_model.objects.filter(email__iexact="j.khan@alder.sch.uk").exists()

    done = client.post(link, {"password": GOOD_PASSWORD, "again": GOOD_PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/"
    assert "Welcome, Jamila Khan" in done.content.decode()
    user = django_user_model.objects.get(email="J.Khan@alder.sch.uk")
    assert user.check_password(GOOD_PASSWORD)
    assert user.groups.filter(pk=alder.editors_group_id).exists()
    assert Invitation.objects.get().state == State.ACCEPTED

    # Single use: the link now only says so.
    client.logout()
    again = client.get(link).content.decode()
    assert "You have already joined" in again
    listing = client.get("/admin/invitations/")
    assert listing.status_code == 302  # signed out


def test_an_expired_link_offers_a_new_one_and_the_old_link_stops_working(client, alder, mailoutbox):
    from accounts import invites

    invitation, _ = invites.invite("r.obi@example.org", "Ruth Obi", "assessor", alder)
    old_link = path_of(link_in(mailoutbox[0]))
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
        sent_at=timezone.now() - datetime.timedelta(days=15),
    )
    assert Invitation.objects.get().state == State.EXPIRED
    page = client.get(old_link).content.decode()
    assert "This link has run out" in page and "Send me a new link" in page
    assert (
        client.post(old_link, {"password": GOOD_PASSWORD, "again": GOOD_PASSWORD}).status_code
        == 200
    )
    assert not get_user_model().objects.filter(email="r.obi@example.org").exists()

    sent = client.post(f"{old_link}new-link/").content.decode()
    assert "A new link is on its way" in sent
    assert len(mailoutbox) == 2
    assert client.get(old_link).status_code == 404  # replaced
    new_link = path_of(link_in(mailoutbox[1]))
    client.post(new_link, {"password": GOOD_PASSWORD, "again": GOOD_PASSWORD})
    user = get_user_model().objects.get(email="r.obi@example.org")
    assert AssessorAssignment.objects.filter(school=alder, assessor=user).exists()
    assert user.groups.filter(name="Assessors").exists()
    assert Invitation.objects.get().times_sent == 2


def test_staff_resend_from_the_list(staff_client, alder, mailoutbox):
    from accounts import invites

    invitation, _ = invites.invite("k.lee@alder.sch.uk", "Kim Lee", "editor", alder)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert "Expired" in staff_client.get("/admin/invitations/").content.decode()
    staff_client.post(f"/admin/invitations/{invitation.pk}/send-again/")
    assert len(mailoutbox) == 2
    assert Invitation.objects.get().state == State.SENT
    # Inviting the same person again sends the waiting invitation, not a second one.
    staff_client.post(
        "/admin/invitations/new/",
        {"email": "k.lee@alder.sch.uk", "name": "Kim Lee", "role": "editor", "urn": "100101"},
    )
    assert Invitation.objects.count() == 1 and len(mailoutbox) == 3


def test_the_single_form_explains_what_is_missing(staff_client, alder, mailoutbox):
    page = staff_client.post(
        "/admin/invitations/new/",
        {"email": "not-an-email", "name": "Kim Lee", "role": "editor", "urn": "999999"},
    ).content.decode()
    assert "Enter a valid email address" in page
    assert "No school on the network has the URN 999999" in page
    assert 'value="Kim Lee"' in page
    no_urn = staff_client.post(
        "/admin/invitations/new/", {"email": "k@x.org", "name": "Kim", "role": "editor"}
    ).content.decode()
    assert "Give the URN of the school they will edit for" in no_urn
    assert not Invitation.objects.exists() and not mailoutbox


BAD_CSV = (
    "Email address,Name,Role,School URN\r\n"
    "zoe.bronte@beech.sch.uk,Zoë Brontë,Editor,100101\r\n"
    "j.smith@@alder,John Smith,editor,100101\r\n"
    "a.patel@example.org,Asha Patel,moderator,\r\n"
    "b.jones@alder.sch.uk,Bev Jones,editor,\r\n"
    "\r\n"
    "c.wu@example.org,Chen Wu,assessor,999999\r\n"
    "ZOE.BRONTE@beech.sch.uk,Zoe Bronte,editor,100101\r\n"
).encode("cp1252")


def upload(client, data, name="people.csv"):
    return client.post(
        "/admin/invitations/csv/", {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_a_csv_with_bad_lines_invites_nobody_and_names_each_line(staff_client, alder, mailoutbox):
    page = upload(staff_client, BAD_CSV).content.decode()
    assert "Nobody was invited: 5 lines of the file need correcting." in page
    assert "Line 3: “j.smith@@alder” is not an email address." in page
    assert "Line 4: the role must be “editor” or “assessor”, not “moderator”." in page
    assert "Line 5: an editor needs the URN of their school." in page
    assert "Line 7: No school on the network has the URN 999999." in page
    assert "Line 8: the same person and role as line 2." in page
    assert not Invitation.objects.exists() and not mailoutbox


def test_a_good_csv_invites_everyone_and_twice_sends_again(staff_client, alder, mailoutbox):
    good = (
        "email,name,role,urn\n"
        "zoe.bronte@beech.sch.uk,Zoë Brontë,School editor,100101\n"
        "c.wu@example.org,Chen Wu,Assessor,\n"
        "d.ahmed@example.org,Dev Ahmed,assessor,100101\n"
    ).encode("cp1252")
    response = upload(staff_client, good)
    assert response.status_code == 302
    assert Invitation.objects.count() == 3 and len(mailoutbox) == 3
    assert Invitation.objects.get(email="zoe.bronte@beech.sch.uk").name == "Zoë Brontë"
    upload(staff_client, good)
    assert Invitation.objects.count() == 3 and len(mailoutbox) == 6


def test_only_scheme_staff_invite(client, alder):
    editor = UserFactory(groups=[])
    client.force_login(editor)
    assert client.get("/admin/invitations/").status_code in (302, 403)
    assert client.post("/admin/invitations/csv/").status_code in (302, 403)

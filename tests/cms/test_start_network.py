"""README's "Start a real network", run step by step from a freshly migrated, empty database."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Revision, Site

from cms.models import HomePage
from network.models import (
    Award,
    ClusterIndexPage,
    Element,
    Provision,
    Scheme,
    SchoolIndexPage,
    SchoolPage,
)
from practice.models import PracticeIndexPage
from research.models import ResearchIndexPage
from tests.network.gias_files import write_gias, write_holders

pytestmark = pytest.mark.django_db
STAFF_PASSWORD = "kestrel-river-meadow-7"
EDITOR_PASSWORD = "heron-willow-canal-3"


def command(name, *args, **options):
    out = io.StringIO()
    call_command(name, *map(str, args), stdout=out, stderr=out, **options)
    return out.getvalue()


@override_settings(SETTINGS_MODULE="cms.settings.production")
def test_start_a_real_network_from_an_empty_database(client, tmp_path):
    # A migrated database holds nothing of the network: no schemes, no sections, no schools.
    assert not Scheme.objects.exists() and not SchoolIndexPage.objects.exists()

    # 1. The page tree and the frameworks (allowed under production settings).
    out = command("start_network", hostname="network.example.org", site_name="IQM network")
    assert "Added: schools (/schools/), clusters (/clusters/), practice (/practice/)" in out
    assert "Frameworks: 4 schemes, 6 framework versions, 38 elements" in out
    home = HomePage.objects.get()
    for model in (SchoolIndexPage, ClusterIndexPage, PracticeIndexPage, ResearchIndexPage):
        assert model.objects.child_of(home).live().count() == 1
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.site_name, site.root_page_id) == (
        "network.example.org",
        "IQM network",
        home.pk,
    )
    assert Element.objects.filter(framework__scheme__short_name="IQM").count() == 18

    # Again: nothing changes.
    pages, revisions = Page.objects.count(), Revision.objects.count()
    out = command("start_network")
    assert "Added" not in out and "(0 new)" in out
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)

    # 2. The award holders, with their schools from the GIAS establishment file.
    gias = write_gias(tmp_path / "edubasealldata20260901.csv")
    holders = write_holders(
        tmp_path / "award-holders.csv",
        [
            "131313,IQM,Centre of Excellence,31/08/2025,,assessor@iqm.example.org",
            "141414,Inclusion Quality Mark,Flagship School,2025-07-01,,assessor@iqm.example.org",
            "151515,iqm,inclusive school award,01/03/2024,,",
        ],
    )
    out = command("import_award_holders", holders, gias=gias)
    assert "awards added 3" in out and "schools added 3" in out

    # 3. A working site with real schools: the directory, a profile, search.
    host = {"HTTP_HOST": "network.example.org"}
    with override_settings(ALLOWED_HOSTS=["network.example.org"]):
        directory = client.get("/schools/", **host)
        assert directory.status_code == 200
        html = directory.content.decode()
        for name in ("Brookfield Academy", "Moorside Pupil Referral Unit"):
            assert name in html
        special = client.get("/schools/?provision=special", **host).content.decode()
        assert "Brookfield Academy" in special and "Moorside" not in special

        school = SchoolPage.objects.get(urn="131313")
        assert school.provision == Provision.SPECIAL
        assert Award.objects.filter(school=school).count() == 1
        profile = client.get(school.url, **host).content.decode()
        assert "Centre of Excellence" in profile and "Autism" in profile
        assert client.get("/search/", {"q": "autism"}, **host).status_code == 200
        assert client.get("/practice/", **host).status_code == 200
        assert client.get("/research/", **host).status_code == 200
        assert client.get("/clusters/", **host).status_code == 200

    # 4. People: the first member of scheme staff invites a school's editor, who chooses a
    # password and signs in.
    call_command(
        "createsuperuser",
        interactive=False,
        username="head-of-scheme",
        email="scheme@iqm.example.org",
        stdout=io.StringIO(),
    )
    staff = get_user_model().objects.get(username="head-of-scheme")
    staff.set_password(STAFF_PASSWORD)
    staff.save()
    assert client.login(username="head-of-scheme", password=STAFF_PASSWORD)
    sent = client.post(
        "/admin/invitations/new/",
        {"email": "a.patel@brookfield.example.org", "name": "Asha Patel", "role": "editor",
         "urn": "131313"},
    )  # fmt: skip
    assert sent.status_code == 302
    client.logout()
    (message,) = mail.outbox
    link = re.sub(
        r"^https?://[^/]+", "", re.search(r"https?://\S+/invitation/\S+/", message.body)[0]
    )
    chosen = {"password": EDITOR_PASSWORD, "again": EDITOR_PASSWORD}
    welcome = client.post(link, chosen, follow=True)
    assert welcome.redirect_chain[-1][0] == "/admin/"
    client.logout()
    signed_in = client.post(
        "/admin/login/",
        {"username": "a.patel@brookfield.example.org", "password": EDITOR_PASSWORD},
        follow=True,
    )
    dashboard = signed_in.content.decode()
    assert signed_in.redirect_chain[-1][0] == "/admin/"
    assert "Schools like yours, and who can help" in dashboard and "Brookfield Academy" in dashboard


def test_start_network_rebuilds_a_missing_home_page():
    HomePage.objects.all().delete()
    Site.objects.all().delete()
    out = command("start_network")
    assert "Added: home page, schools" in out
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert SchoolIndexPage.objects.child_of(site.root_page).exists()

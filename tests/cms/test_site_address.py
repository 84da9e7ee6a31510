"""Absolute links (the sitemap, a research write-up's citation and RIS record) point at the
site's configured address (WAGTAILADMIN_BASE_URL), never at "localhost"."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from wagtail.models import Site

from tests.factories import CaseStudyPageFactory, ResearchProjectPageFactory

pytestmark = pytest.mark.django_db
ADDRESS = "https://network.example.org"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


def assert_links_at(client, address, research):
    locations = sitemap_locations(client)
    assert locations and all(loc.startswith(address + "/") for loc in locations), locations
    assert address + research.url in locations

    page = client.get(research.url).content.decode()
    assert f"Available at: {address}{research.url}" in page
    assert "localhost" not in page

    ris = client.get(research.url + "cite/ris/").content.decode()
    assert f"UR  - {address}{research.url}" in ris
    assert "localhost" not in ris


def test_start_network_puts_the_site_at_its_configured_address(client, settings):
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    call_command("start_network", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == ADDRESS
    study = CaseStudyPageFactory(title="Sensory circuits before maths")
    research = ResearchProjectPageFactory(
        parent=study.school, title="Does pre-teaching vocab help EAL pupils?"
    )
    assert_links_at(client, ADDRESS, research)

    # A host given on the command line stays when start_network runs again without one.
    call_command("start_network", "--hostname", "iqm.example.org", stdout=io.StringIO())
    call_command("start_network", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).hostname == "iqm.example.org"


def test_the_demo_site_is_at_the_configured_address(client, settings, monkeypatch):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    monkeypatch.setattr("demo.SEEDERS", ["demo.network.seed"])
    call_command("seed_demo", "--schools", "40", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"
    research = ResearchProjectPageFactory(title="Nurture breakfasts & SEMH: a pilot")
    assert_links_at(client, "http://127.0.0.1:8000", research)

"""The directory page: the list and filters stand alone; the map is fed from the same filters."""

import json
import re

import pytest

from network.models import Phase, Region
from tests.factories import SchoolPageFactory, school_index

pytestmark = pytest.mark.django_db


def map_points(page):
    match = re.search(
        r'<script id="school-map-data" type="application/json">(.*?)</script>', page, re.S
    )
    return json.loads(match.group(1)) if match else None


@pytest.fixture
def schools():
    return [
        SchoolPageFactory(title="Alder Primary", region=Region.NORTH_EAST, latitude=54.7),
        SchoolPageFactory(title="Beech Secondary", region=Region.NORTH_EAST, phase=Phase.SECONDARY),
        SchoolPageFactory(title="Cedar Academy", region=Region.LONDON),
        SchoolPageFactory(
            title="Damson Infants", region=Region.NORTH_EAST, latitude=None, longitude=None
        ),
    ]


def test_map_data_holds_the_filtered_schools_with_a_position(client, schools):
    page = client.get(f"{school_index().url}?region=north_east").content.decode()
    points = map_points(page)
    assert [point["name"] for point in points] == ["Alder Primary", "Beech Secondary"]
    assert points[0] == {
        "name": "Alder Primary",
        "url": schools[0].url,
        "lat": 54.7,
        "lng": -0.14,
    }
    # The list shows every match, with or without a position.
    assert "Damson Infants" in page


def test_map_is_an_enhancement_hidden_until_script_shows_it(client, schools):
    page = client.get(school_index().url).content.decode()
    assert re.search(r'<figure class="school-map" data-school-map hidden>', page)
    assert "leaflet/leaflet.js" in page or "leaflet/leaflet-src.js" in page
    assert "js/directory-map.js" in page


def test_no_map_when_no_school_has_a_position(client):
    SchoolPageFactory(latitude=None, longitude=None)
    page = client.get(school_index().url).content.decode()
    assert map_points(page) is None
    assert "data-school-map" not in page


def test_tile_server_comes_from_the_setting(client, settings, schools):
    # LEAFLET_TILE_URL (environment) feeds LEAFLET_CONFIG, which django-leaflet reads at start.
    page = client.get(f"{school_index().url}?phase=primary").content.decode()
    assert settings.LEAFLET_TILE_URL in page


def test_bad_filters_show_an_error_summary_linked_to_the_fields(client, schools):
    response = client.get(f"{school_index().url}?region=atlantis&local_authority=Nowhere&q=alder")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert 'role="alert"' in summary
    assert re.search(r'<a href="#id_region_0">Region: Select a valid choice', summary)
    assert re.search(r'<a href="#id_local_authority">Local authority: Select a valid', summary)
    assert 'id="id_region_0"' in page and 'id="id_local_authority"' in page
    # Each field says what is wrong beside it, and what was typed is kept.
    assert 'aria-describedby="id_region-error"' in page
    assert 'id="id_region-error"' in page
    assert 'value="alder"' in page

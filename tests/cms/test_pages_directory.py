"""The directory page: the list and filters stand alone; the map is fed from the same filters."""

import html
import json
import re

import pytest

from network.models import Phase, Region
from tests.factories import SchoolPageFactory, school_index

pytestmark = pytest.mark.django_db


def map_url(page):
    match = re.search(r'<figure class="school-map" data-school-map data-points-url="([^"]+)"', page)
    return html.unescape(match.group(1)) if match else None


def map_points(client, page):
    response = client.get(map_url(page))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return data["features"]


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


def test_map_points_come_from_their_own_url_with_the_same_filters(client, schools):
    page = client.get(f"{school_index().url}?region=north_east&page=1").content.decode()
    assert map_url(page) == f"{school_index().url}map/?region=north_east"
    points = map_points(client, page)
    assert [point["properties"]["name"] for point in points] == ["Alder Primary", "Beech Secondary"]
    assert points[0] == {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-0.14, 54.7]},
        "properties": {"name": "Alder Primary", "url": schools[0].url},
    }
    # The page no longer carries the points; the list shows every match, positioned or not.
    assert "school-map-data" not in page and "54.7" not in page
    assert "Damson Infants" in page


def test_map_points_are_stored_and_dropped_when_a_school_changes(client, schools):
    points_url = f"{school_index().url}map/"
    first = client.get(points_url)
    assert first["X-Page-Cache"] == "miss"
    assert "max-age=300" in first["Cache-Control"]
    assert client.get(points_url)["X-Page-Cache"] == "hit"
    cedar = schools[2]
    cedar.title = "Cedar Academy Trust School"
    cedar.save_revision().publish()
    fresh = client.get(points_url)
    assert fresh["X-Page-Cache"] == "miss"
    names = [f["properties"]["name"] for f in json.loads(fresh.content)["features"]]
    assert "Cedar Academy Trust School" in names


def test_map_is_an_enhancement_hidden_until_script_shows_it(client, schools):
    page = client.get(school_index().url).content.decode()
    assert re.search(
        r'<figure class="school-map" data-school-map data-points-url="[^"]+" hidden>', page
    )
    assert "leaflet/leaflet.js" in page or "leaflet/leaflet-src.js" in page
    assert "js/directory-map.js" in page


def test_no_map_when_no_school_has_a_position(client):
    SchoolPageFactory(latitude=None, longitude=None)
    page = client.get(school_index().url).content.decode()
    assert "data-school-map" not in page
    assert json.loads(client.get(f"{school_index().url}map/").content)["features"] == []


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

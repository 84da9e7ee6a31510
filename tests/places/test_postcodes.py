"""Near any postcode: centroids loaded from ONSPD or Code-Point Open, never looked up online."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cms.search import loader
from cms.search.query import find_place
from places.models import Postcode, PostcodeDistrict
from tests.search.corpus import ITEMS

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "places" / "data"
ONSPD = DATA / "sample_onspd.csv"
CODEPOINT = DATA / "sample_codepoint.csv"


def load(*paths, **options):
    out = io.StringIO()
    call_command("load_postcodes", *map(str, paths), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def postcodes(db):
    return load(ONSPD)


def test_onspd_loads_live_english_postcodes_and_says_what_it_left_out(postcodes):
    assert "Postcodes: 8 loaded from 13 lines; 6 districts." in postcodes
    assert "skipped, no longer in use: 1" in postcodes  # SW1A 1BA, terminated
    assert "skipped, outside the country loaded: 1" in postcodes  # Edinburgh
    assert "skipped, no position: 1" in postcodes  # a large user without a grid reference
    assert "sample_onspd.csv line 9: unreadable line" in postcodes  # latitude "north"
    assert "sample_onspd.csv line 14: not a postcode" in postcodes
    assert not Postcode.objects.filter(postcode__in=["SW1A 1BA", "EH1 1YZ", "BS98 1TL"]).exists()
    district = PostcodeDistrict.objects.get(district="SW1A")
    assert district.postcodes == 3
    assert district.latitude == pytest.approx((51.501009 + 51.503540 + 51.499840) / 3)


def test_loading_the_same_file_twice_changes_nothing(postcodes):
    before = list(Postcode.objects.order_by("postcode").values_list())
    load(ONSPD)
    assert list(Postcode.objects.order_by("postcode").values_list()) == before
    assert PostcodeDistrict.objects.count() == 6


def test_code_point_open_grid_references_become_latitude_and_longitude(db, tmp_path):
    output = load(CODEPOINT)
    assert "Postcodes: 3 loaded from 5 lines" in output
    assert "sample_codepoint.csv line 5: unreadable line" in output
    palace = Postcode.objects.get(postcode="SW1A 1AA")
    assert palace.latitude == pytest.approx(51.50101, abs=1e-4)
    assert palace.longitude == pytest.approx(-0.14159, abs=1e-4)
    # Code-Point Open comes as a zip of one CSV per area: read inside it.
    import zipfile

    archive = tmp_path / "codepo_gb.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(CODEPOINT, "Data/CSV/sw.csv")
        zipped.writestr("Doc/licence.txt", "Open Government Licence")
    assert "Postcodes: 3 loaded from 5 lines" in load(archive, replace=True)


def test_a_file_of_something_else_is_refused_and_nothing_is_loaded(db, tmp_path):
    other = tmp_path / "schools.csv"
    other.write_text("URN,name\n100001,Alder Primary\n")
    with pytest.raises(CommandError, match="neither an ONS Postcode Directory file"):
        load(other)
    with pytest.raises(CommandError, match="There is no file"):
        load(tmp_path / "missing.csv")
    assert not Postcode.objects.exists()


@pytest.mark.parametrize(
    ("typed", "label", "latitude"),
    [
        ("SW1A 1AA", "SW1A 1AA", 51.501009),
        ("sw1a1aa", "SW1A 1AA", 51.501009),
        (" m1 1ae ", "M1 1AE", 53.4794),
        ("SW1A", "SW1A", (51.501009 + 51.503540 + 51.499840) / 3),
        ("ls1", "LS1", 53.7997),
    ],
)
def test_any_loaded_postcode_or_district_is_a_place(postcodes, typed, label, latitude):
    place = find_place(typed)
    assert place.label == label
    assert place.latitude == pytest.approx(latitude)
    assert place.note == ""


def test_a_full_postcode_not_loaded_is_placed_at_its_district_and_says_so(postcodes):
    place = find_place("SW1A 9ZZ")
    assert place.label == "SW1A"
    assert "no position for the postcode SW1A 9ZZ" in place.note
    assert find_place("KT1 1AA") is None  # neither the postcode nor its district is loaded


def test_search_near_a_postcode_no_school_has(client, postcodes, frameworks):
    loader.load(ITEMS)
    response = client.get("/api/search/", {"near": "SW1A 1AA", "radius_km": "10"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and {hit["school"]["name"] for hit in results} <= {
        "Beech Secondary",
        "Cedar Academy",
    }
    page = client.get("/search/", {"near": "SW1A 9ZZ", "sort": "distance"})
    assert page.status_code == 200
    assert "distances are measured from the middle of SW1A" in page.content.decode()


def test_a_place_we_cannot_find_is_said_on_the_page_not_a_400(client, postcodes, frameworks):
    loader.load(ITEMS)
    response = client.get("/search/", {"q": "attendance", "near": "KT1 1AA", "sort": "distance"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We do not know where “KT1 1AA” is" in html
    assert "result" in html
    assert client.get("/api/search/", {"near": "KT1 1AA"}).status_code == 400

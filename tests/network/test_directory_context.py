"""The directory filtered by what GIAS says of a school: its kind, the needs its special
provision is for, a resourced provision or SEN unit, its size and its free school meals."""

from decimal import Decimal

import pytest

from network.models import Phase, Provision
from tests.factories import SchoolPageFactory, school_index

pytestmark = pytest.mark.django_db


def names(client, **params):
    response = client.get(school_index().url, params)
    assert response.status_code == 200
    return sorted(school.title for school in response.context["directory"].page().object_list)


@pytest.fixture
def schools(db):
    SchoolPageFactory(
        title="Brookfield Academy",
        urn="131313",
        phase=Phase.NOT_APPLICABLE,
        provision=Provision.SPECIAL,
        establishment_type_group="Special schools",
        sen_needs=["asd", "slcn"],
        number_on_roll=142,
        percentage_fsm=Decimal("41.3"),
    )
    SchoolPageFactory(
        title="Ashford Primary",
        urn="141414",
        phase=Phase.PRIMARY,
        provision=Provision.MAINSTREAM,
        establishment_type_group="Local authority maintained schools",
        resourced_provision="resourced",
        sen_needs=["asd"],
        number_on_roll=412,
        percentage_fsm=Decimal("9.9"),
    )
    SchoolPageFactory(
        title="Moorside PRU",
        urn="151515",
        phase=Phase.NOT_APPLICABLE,
        provision=Provision.PRU,
        establishment_type_group="Local authority maintained schools",
        sen_needs=["semh"],
        number_on_roll=38,
        percentage_fsm=Decimal("62.0"),
    )
    SchoolPageFactory(title="Kingsmead Academy", urn="161616", phase=Phase.SECONDARY)


def test_by_kind_of_school(client, schools):
    assert names(client, provision="special") == ["Brookfield Academy"]
    assert names(client, provision=["special", "pru"]) == ["Brookfield Academy", "Moorside PRU"]


def test_by_needs_provided_for(client, schools):
    assert names(client, need="asd") == ["Ashford Primary", "Brookfield Academy"]
    assert names(client, need=["slcn", "semh"]) == ["Brookfield Academy", "Moorside PRU"]
    assert names(client, need="asd", provision="mainstream") == ["Ashford Primary"]


def test_by_resourced_provision_size_and_free_school_meals(client, schools):
    assert names(client, resourced="on") == ["Ashford Primary"]
    assert names(client, size="0") == ["Moorside PRU"]  # under 100 pupils
    assert names(client, size=["1", "2"]) == ["Ashford Primary", "Brookfield Academy"]
    assert names(client, fsm="4") == ["Moorside PRU"]  # 50% or more
    assert names(client, fsm="0") == ["Ashford Primary"]  # 9.9%: under 10%
    assert names(client, type_group="Special schools") == ["Brookfield Academy"]


def test_the_filters_and_cards_speak_plainly(client, schools):
    html = client.get(school_index().url).content.decode()
    for label in (
        "Kind of school",
        "Special provision for",
        "Autism",
        "Has a resourced provision or SEN unit",
        "Under 100 pupils",
        "50% or more free school meals",
        "Any establishment group",
    ):
        assert label in html
    assert "URN 151515 · Pupil referral unit" in html
    assert "URN 141414 · Primary · Resourced provision" in html


@pytest.mark.parametrize(
    "params", [{"need": "nonsense"}, {"size": "9"}, {"fsm": "-1"}, {"type_group": "<b>"}]
)
def test_a_value_not_offered_is_a_message_not_an_error(client, schools, params):
    response = client.get(school_index().url, params)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()

"""Part of the engine contract (see test_contract.py): practice of special schools, a pupil
referral unit and alternative provision, filtered and counted alike on the database engine and
on Elasticsearch. The corpus is the contract's, with those schools' practice added.
"""

import pytest

from search import loader
from search.engines import get_engine
from search.models import PracticeRecord

from .conftest import refs, search
from .corpus import ITEMS, PROVISION_ITEMS, SPECIAL_REFS

pytestmark = pytest.mark.django_db

MAINSTREAM_REFS = {item["ref"] for item in ITEMS}


@pytest.fixture
def corpus(engine_name):
    loader.load(ITEMS + PROVISION_ITEMS)
    engine = get_engine()
    if engine.name == "elasticsearch":
        engine.rebuild(PracticeRecord.objects.all())
    assert engine.name == engine_name


def counts(result, facet):
    return {option["value"]: option["count"] for option in result["facets"][facet]}


def test_records_carry_the_kind_of_school_the_import_file_named(corpus):
    kinds = dict(PracticeRecord.objects.values_list("key", "provision"))
    assert kinds["ref-sensory-circuits"] == "special"
    assert kinds["ref-reintegration"] == "pru"
    assert kinds["ref-vocational-pathways"] == "alternative_provision"
    assert kinds["ref-attendance-families"] == "mainstream"
    phases = dict(PracticeRecord.objects.values_list("key", "phase"))
    assert phases["ref-sensory-circuits"] == "not_applicable"
    assert phases["ref-attendance-special"] == "primary"  # "Special primary"


@pytest.mark.parametrize(
    "params",
    [
        "provision=special",
        "provision=Special+school",
        "phase=Special",
        "phase=special",
        "phase=SPECIAL",
        "phase=special+school",
    ],
)
def test_filtered_to_special_schools_finds_exactly_their_practice(corpus, params):
    result = search(params)
    assert set(refs(result)) == SPECIAL_REFS
    assert result["count"] == 3
    assert all(hit["school"]["provision"] == "special" for hit in result["results"])


@pytest.mark.parametrize(
    "params, expected",
    [
        ("phase=PRU", {"reintegration"}),
        ("phase=pupil+referral+unit", {"reintegration"}),
        ("provision=pru", {"reintegration"}),
        ("phase=AP", {"vocational-pathways"}),
        ("phase=alternative+provision", {"vocational-pathways"}),
        ("phase=alternative_provision", {"vocational-pathways"}),
        ("provision=alternative_provision", {"vocational-pathways"}),
        ("provision=special&provision=pru", SPECIAL_REFS | {"reintegration"}),
        ("phase=Special&phase=PRU", SPECIAL_REFS | {"reintegration"}),
        ("provision=mainstream", MAINSTREAM_REFS),
        ("phase=Mainstream", MAINSTREAM_REFS),
    ],
)
def test_prus_and_alternative_provision_and_several_kinds(corpus, params, expected):
    assert set(refs(search(params))) == expected


def test_a_kind_of_school_with_a_phase_text_and_other_filters(corpus):
    # "Special" read as provision, "Primary" as phase: special primary schools, AND as usual.
    assert set(refs(search("phase=Special&phase=Primary"))) == {"attendance-special"}
    assert set(refs(search("phase=primary&provision=mainstream"))) == {
        "attendance-families",
        "pupil-premium-tutoring",
        "send-inclusion",
        "escaping",
    }
    assert set(refs(search("q=attendance&phase=Special"))) == {"attendance-special"}
    assert set(refs(search("q=attendance"))) >= {"attendance-special", "attendance-families"}
    assert set(refs(search("provision=special&kind=research"))) == {"communication-aids"}
    assert set(refs(search("provision=special&region=london"))) == {"attendance-special"}


def test_provision_facet_counts(corpus):
    everything = search("")
    assert everything["count"] == 14
    assert counts(everything, "provision") == {
        "mainstream": 9,
        "special": 3,
        "pru": 1,
        "alternative_provision": 1,
    }
    labels = {option["value"]: option["label"] for option in everything["facets"]["provision"]}
    assert labels == {
        "mainstream": "Mainstream school",
        "special": "Special school",
        "pru": "Pupil referral unit",
        "alternative_provision": "Alternative provision",
    }
    assert counts(everything, "phase")["not_applicable"] == 4

    chosen = search("phase=Special")
    # The chosen kind does not zero the others; every other facet counts special schools only.
    assert counts(chosen, "provision") == counts(everything, "provision")
    assert [o["value"] for o in chosen["facets"]["provision"] if o["selected"]] == ["special"]
    assert not any(o["selected"] for o in chosen["facets"]["phase"])
    assert counts(chosen, "phase") == {"not_applicable": 2, "primary": 1}
    assert counts(chosen, "kind") == {"case_study": 2, "research": 1}

    text = search("q=attendance&provision=special")
    assert text["count"] == 1
    assert counts(text, "provision")["special"] == 1
    assert counts(text, "provision")["mainstream"] == 2

"""Part of the engine contract: practice that names the elements of two schemes counts for
each of them in the scheme facet and is found by either scheme's filter, on the database
engine and on Elasticsearch. A record keeps every scheme it names (search/records.py)."""

import datetime

import pytest

from network.models import Element, Phase
from search import loader
from search.engines import get_engine
from search.models import PracticeRecord
from search.records import data_from_page

from .conftest import refs, search
from .corpus import ALDER, ITEMS

pytestmark = pytest.mark.django_db

BOTH = {
    "ref": "values-and-inclusion",
    "kind": "case_study",
    "title": "Values assemblies that include every pupil",
    "school": ALDER,
    "summary": "Values-based assemblies planned with the inclusion team.",
    "published": "2024-03-01",
    "scheme": "IQM VbE",
}
VALUES_ONLY = {
    **BOTH,
    "ref": "values-only",
    "title": "Reflection time",
    "summary": "A quiet minute of reflection starts every lesson.",
    "scheme": "VbE",
}


@pytest.fixture
def corpus(engine_name):
    loader.load(ITEMS + [BOTH, VALUES_ONLY])
    engine = get_engine()
    if engine.name == "elasticsearch":
        engine.rebuild(PracticeRecord.objects.all())
    assert engine.name == engine_name


def counts(result):
    return {option["value"]: option["count"] for option in result["facets"]["scheme"]}


def test_practice_naming_two_schemes_counts_for_both(corpus):
    iqm_only = search("scheme=IQM")
    everything = counts(search(""))
    assert everything["VbE"] == 2
    assert everything["IQM"] == len(refs(iqm_only)) or everything["IQM"] == iqm_only["total"]
    found = refs(search("scheme=VbE"))
    assert sorted(found) == ["values-and-inclusion", "values-only"]
    assert "values-and-inclusion" in refs(search("scheme=IQM&per_page=50"))
    # Within VbE's practice, one piece names IQM's elements too.
    assert counts(search("scheme=VbE&kind=case_study")).get("IQM", 0) >= 1


def test_a_pages_record_names_every_scheme_of_its_elements(frameworks_loaded):
    from tests.factories import CaseStudyPageFactory, SchoolPageFactory

    school = SchoolPageFactory(title="Birch Special School", phase=Phase.SECONDARY)
    page = CaseStudyPageFactory(parent=school, title="Values and inclusion")
    page.elements.set(
        [
            Element.objects.get(framework__name="Ten elements", number=2),
            Element.objects.get(framework__name="Six aspects", number=5),
        ]
    )
    page.first_published_at = datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    data = data_from_page(page)
    assert data is not None and data["scheme"] == "IQM VbE"

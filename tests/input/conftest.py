"""A small network with one of every public page, and what every bad-input test asserts."""

import datetime

import pytest

from tests.factories import (
    AwardFactory,
    CaseStudyPageFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    ResearchProjectPageFactory,
    SchoolPageFactory,
    cluster_index,
    practice_index,
    research_index,
)
from tests.practice.conftest import editor, school  # noqa: F401


@pytest.fixture
def network(frameworks):
    """Schools, a cluster with an activity, a case study and research, and every index page."""
    from network.models import Element, Scheme

    schools = [SchoolPageFactory(title=f"Input School {n}", urn=f"30000{n}") for n in range(3)]
    AwardFactory(school=schools[0])
    cluster = ClusterPageFactory(title="Input Cluster")
    ClusterActivityPageFactory(parent=cluster, title="Autumn meeting")
    element = Element.objects.filter(framework=Scheme.objects.default().update_framework).first()
    case_study = CaseStudyPageFactory(parent=schools[0], title="Reading buddies")
    research = ResearchProjectPageFactory(parent=schools[1], title="Reading aloud")
    research.elements.add(element)
    research.save_revision().publish()
    case_study.elements.add(element)
    case_study.save_revision().publish()
    practice_index()
    research_index()
    cluster_index()
    return {
        "schools": schools,
        "cluster": cluster,
        "case_study": case_study,
        "research": research,
        "element": element,
        "today": datetime.date.today(),
    }


def assert_handled(response):
    """The request ended in a page or a clear refusal: never a server error or a traceback."""
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body
    assert "Server Error" not in body

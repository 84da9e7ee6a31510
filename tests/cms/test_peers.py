"""Schools like mine, who can help on an element, and twinning: each match explained in
words, and never drawn from what a school keeps private (annual updates, self-ratings, pages
that are not public)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cms.peers import similar_schools, twinning_suggestions, who_can_help
from network.models import ClusterKind, Element, Provision, Scheme
from network.models.visibility import Visibility
from tests.factories import (
    AwardFactory,
    CaseStudyPageFactory,
    ClusterPageFactory,
    ResearchProjectPageFactory,
    SchoolPageFactory,
    award_level,
    school_editor,
)

SALFORD = (53.487, -2.29)
BOLTON = (53.578, -2.43)
PLYMOUTH = (50.375, -4.143)
LEEDS = (53.8, -1.55)


def special(title, urn, place, **fields):
    values = {
        "title": title,
        "urn": urn,
        "phase": "not_applicable",
        "provision": Provision.SPECIAL,
        "establishment_type": "Academy special converter",
        "establishment_type_group": "Special schools",
        "latitude": place[0],
        "longitude": place[1],
    }
    values.update(fields)
    return SchoolPageFactory(**values)


def holds(school, level_name):
    AwardFactory(
        school=school,
        level=award_level("IQM", level_name),
        awarded_on=timezone.localdate() - datetime.timedelta(days=90),
    )
    return school


def build_world():
    call_command("start_network", stdout=io.StringIO())
    iqm = Scheme.objects.get(short_name="IQM")
    element5 = Element.objects.get(framework=iqm.update_framework, number=5)
    element2 = Element.objects.get(framework=iqm.update_framework, number=2)
    asker = special(
        "Brookfield Academy",
        "131313",
        SALFORD,
        resourced_provision="resourced",
        sen_needs=["asd", "slcn"],
        number_on_roll=142,
        percentage_fsm=Decimal("41.3"),
        region="north_west",
    )
    holds(asker, "Inclusive School Award")
    far_twin = special(
        "Harbour View School",
        "161616",
        PLYMOUTH,
        resourced_provision="resourced",
        sen_needs=["asd"],
        number_on_roll=180,
        percentage_fsm=Decimal("45.0"),
        region="south_west",
    )
    near_twin = special(
        "Moss Lane School",
        "151515",
        BOLTON,
        resourced_provision="sen_unit",
        sen_needs=["asd", "pmld"],
        number_on_roll=95,
        region="north_west",
    )
    unlike = SchoolPageFactory(
        title="Kingsmead Primary",
        urn="171717",
        phase="primary",
        provision=Provision.MAINSTREAM,
        number_on_roll=420,
        percentage_fsm=Decimal("8.0"),
        region="north_west",
        latitude=LEEDS[0],
        longitude=LEEDS[1],
    )

    # Centres of Excellence and Flagships, and what each chose to share.
    sharer = holds(
        special(
            "Ravensworth School",
            "181818",
            LEEDS,
            sen_needs=["asd"],
            region="yorkshire_and_the_humber",
        ),
        "Centre of Excellence",
    )
    for number in range(3):
        case = CaseStudyPageFactory(parent=sharer, title=f"Calm spaces, part {number + 1}")
        case.elements.set([element5])
        case.save_revision().publish()
    offerer = holds(
        SchoolPageFactory(
            title="Fernhill Community Primary",
            urn="191919",
            phase="primary",
            provision=Provision.MAINSTREAM,
            support_offer="Visits to our sensory garden and our outdoor classroom; "
            "training for teaching assistants.",
        ),
        "Centre of Excellence",
    )
    offerer.support_elements.set([element5])
    offerer.save_revision().publish()
    researcher = holds(
        SchoolPageFactory(title="Oakwood Academy", urn="202020", phase="secondary"),
        "Flagship School",
    )
    project = ResearchProjectPageFactory(parent=researcher, title="Does a quiet room help?")
    project.elements.set([element5])
    project.save_revision().publish()
    # A Centre of Excellence whose only word on element 5 is private: its annual update (a
    # narrative and the top self-rating) and a case study for network members only.
    private = holds(
        SchoolPageFactory(title="Whitegate School", urn="212121", phase="primary"),
        "Centre of Excellence",
    )
    members_only = CaseStudyPageFactory(
        parent=private, title="Members only on element 5", visibility=Visibility.MEMBERS
    )
    members_only.elements.set([element5])
    members_only.save_revision().publish()
    from practice.updates.year import open_update_year

    open_update_year("2026/27", datetime.date(2027, 6, 30))
    from practice.models import AnnualUpdatePage

    update = AnnualUpdatePage.objects.child_of(private).get()
    progress = update.element_progress.get(element=element5)
    progress.narrative = "<p>PRIVATE NARRATIVE about our learning environment.</p>"
    progress.self_rating = 4
    progress.save()
    # An award holder that is not a Centre of Excellence or Flagship shares on element 5.
    plain = holds(
        SchoolPageFactory(title="Abbeyfield Infants", urn="222222"), "Inclusive School Award"
    )
    case = CaseStudyPageFactory(parent=plain, title="Abbeyfield on element 5")
    case.elements.set([element5])
    case.save_revision().publish()

    cluster = ClusterPageFactory(
        title="North West special schools", kind=ClusterKind.LOCAL, lead_school=asker
    )
    cluster.member_schools.set([asker, sharer])
    cluster.save_revision().publish()
    return {
        "asker": asker.pk,
        "far_twin": far_twin.pk,
        "near_twin": near_twin.pk,
        "unlike": unlike.pk,
        "sharer": sharer.pk,
        "offerer": offerer.pk,
        "researcher": researcher.pk,
        "private": private.pk,
        "plain": plain.pk,
        "cluster": cluster.pk,
        "element5": element5.pk,
        "element2": element2.pk,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def pages(world, db):
    from network.models import ClusterPage, SchoolPage

    found = {name: SchoolPage.objects.filter(pk=pk).first() for name, pk in world.items()}
    found["cluster"] = ClusterPage.objects.get(pk=world["cluster"])
    found["element5"] = Element.objects.get(pk=world["element5"])
    found["element2"] = Element.objects.get(pk=world["element2"])
    return found


def explained(matches):
    return {match.school.title: match.explanation for match in matches}


def test_similar_schools_are_explained_in_words(pages):
    matches = similar_schools(pages["asker"])
    reasons = explained(matches)
    assert reasons["Harbour View School"] == (
        "Also a special school with a resourced provision for autism; a similar size "
        "(100 to 249 pupils); a similar intake (35% to 50% free school meals)"
    )
    assert reasons["Moss Lane School"] == (
        "Also a special school with an SEN unit for autism; also in the North West"
    )
    assert matches[0].school.title == "Harbour View School"  # the closest context first
    assert "Kingsmead Primary" not in reasons  # a region alone is not a likeness


def test_who_can_help_on_an_element_from_what_schools_share(pages):
    helpers = who_can_help(pages["asker"], pages["element5"])
    reasons = explained(helpers)
    assert list(reasons) == [
        "Ravensworth School",  # three case studies
        "Fernhill Community Primary",  # an offer of support
        "Oakwood Academy",  # one research project
    ]
    assert reasons["Ravensworth School"] == (
        "Centre of Excellence; three case studies on element 5; also a special school for autism"
    )
    assert reasons["Fernhill Community Primary"] == (
        "Centre of Excellence; offers support with element 5: “Visits to our sensory garden "
        "and our outdoor classroom; training for teaching assistants.”"
    )
    assert reasons["Oakwood Academy"] == "Flagship; one research project on element 5"
    assert who_can_help(pages["asker"], pages["element2"]) == []


def test_private_updates_and_members_only_pages_are_never_used(pages):
    helpers = who_can_help(pages["asker"], pages["element5"])
    titles = [match.school.title for match in helpers]
    assert "Whitegate School" not in titles  # its self-rating of 4 and narrative stay private
    assert "Abbeyfield Infants" not in titles  # not a Centre of Excellence or Flagship
    for match in helpers + similar_schools(pages["asker"]):
        assert "PRIVATE" not in match.explanation


def test_private_update_text_never_reaches_the_school_page(client, pages):
    response = client.get(pages["asker"].url + f"?element={pages['element5'].pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ravensworth School</a>: Centre of Excellence; three case studies on element 5" in html
    assert "Whitegate School" not in html
    assert "PRIVATE NARRATIVE" not in html


def test_the_school_page_lists_schools_like_it(client, pages):
    html = client.get(pages["asker"].url).content.decode()
    assert "Schools like Brookfield Academy" in html
    assert "Also a special school with a resourced provision for autism" in html
    # Its context from GIAS, on the profile.
    assert "Resourced provision" in html and "Autism" in html
    assert "41.3%" in html and "142" in html


def test_a_schools_offer_of_support_is_on_its_profile(client, pages):
    html = client.get(pages["offerer"].url).content.decode()
    assert '<h2 id="support-heading">We can support others with</h2>' in html
    assert "Visits to our sensory garden" in html
    assert f"IQM element 5: {pages['element5'].title}" in html


@pytest.mark.parametrize("value", ["999999", "five", "²", "-1"])
def test_an_element_not_on_the_list_is_a_message_not_an_error(client, pages, value):
    response = client.get(pages["asker"].url, {"element": value})
    assert response.status_code == 200
    assert "Choose an element from the list." in response.content.decode()


def test_cluster_leads_get_twinning_suggestions_over_distance(pages):
    matches = twinning_suggestions(pages["cluster"])
    reasons = explained(matches)
    assert list(reasons) == ["Harbour View School"]  # Moss Lane is near; Ravensworth a member
    assert reasons["Harbour View School"].startswith(
        "Also a special school with a resourced provision for autism"
    )
    assert matches[0].distance_km > 300
    assert reasons["Harbour View School"].endswith(f"{matches[0].distance_km:,} km away")


def test_the_editors_dashboard_shows_peers_and_twinning(client, pages):
    editor = school_editor(pages["asker"], username="brookfield-editor")
    client.force_login(editor)
    response = client.get("/admin/", {"element": pages["element5"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schools like yours, and who can help" in html
    assert "Harbour View School" in html
    assert "three case studies on element 5" in html
    assert "Twinning for North West special schools" in html
    assert "PRIVATE NARRATIVE" not in html and "Whitegate School" not in html

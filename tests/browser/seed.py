"""A compact demo network for the journeys: each journey seeds what it needs from here."""

import datetime
import io
from dataclasses import dataclass, field

from django.core.management import call_command
from django.utils import timezone

from network.models import ActivityKind, ClusterActivityAttendance, Phase, Region
from tests.factories import (
    AwardFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    SchoolPageFactory,
    award_level,
    cluster_index,
    home_page,
    school_index,
)


@dataclass
class DemoNetwork:
    schools: dict = field(default_factory=dict)
    cluster: object = None
    activity: object = None


SCHOOLS = [
    # title, urn, phase, region, local authority, lat, lng, award
    (
        "Alder Primary School",
        "100101",
        Phase.PRIMARY,
        Region.NORTH_EAST,
        "Durham",
        54.78,
        -1.57,
        ("IQM", "Centre of Excellence"),
    ),
    (
        "Beech Secondary School",
        "100102",
        Phase.SECONDARY,
        Region.NORTH_EAST,
        "Sunderland",
        54.91,
        -1.38,
        ("IQM", "Flagship School"),
    ),
    (
        "Cedar Academy",
        "100103",
        Phase.SECONDARY,
        Region.LONDON,
        "Camden",
        51.54,
        -0.14,
        ("IQM", "Centre of Excellence"),
    ),
    (
        "Damson Infant School",
        "100104",
        Phase.PRIMARY,
        Region.SOUTH_WEST,
        "Devon",
        50.72,
        -3.53,
        None,
    ),
]


def seed_network():
    """Frameworks, a directory of four schools with awards, a cluster and an activity."""
    call_command("load_frameworks", stdout=io.StringIO())
    home = home_page()
    home.intro = "<p>Schools that hold a quality mark, sharing what works for inclusion.</p>"
    home.save()
    for index in (school_index(), cluster_index()):
        index.show_in_menus = True
        index.save()
    network = DemoNetwork()
    today = timezone.localdate()
    for title, urn, phase, region, authority, lat, lng, award in SCHOOLS:
        school = SchoolPageFactory(
            title=title,
            urn=urn,
            phase=phase,
            region=region,
            local_authority=authority,
            latitude=lat,
            longitude=lng,
            town=authority,
            postcode="",
            about="<p>An inclusive school that shares its practice.</p>",
        )
        if award:
            AwardFactory(
                school=school,
                level=award_level(*award),
                awarded_on=today - datetime.timedelta(days=200),
            )
        network.schools[title] = school
    alder, beech = (
        network.schools["Alder Primary School"],
        network.schools["Beech Secondary School"],
    )
    network.cluster = ClusterPageFactory(
        title="North East Inclusion Cluster",
        summary="Primary and secondary schools working on transition.",
        member_schools=[alder, beech],
        lead_school=alder,
        action_plan="<h3>This year</h3><p>Visit each other's schools once a term.</p>",
    )
    network.activity = ClusterActivityPageFactory(
        parent=network.cluster,
        title="Transition planning day",
        date=today - datetime.timedelta(days=20),
        kind=ActivityKind.CPD,
        location="Alder Primary School",
        purpose="<p>Plan the move from Year 6 to Year 7 together.</p>",
        outcomes="<p>A shared transition calendar.</p>",
    )
    ClusterActivityAttendance.objects.create(activity=network.activity, school=alder, staff_count=3)
    ClusterActivityAttendance.objects.create(activity=network.activity, school=beech, staff_count=2)
    return network


# ------ Practice: case studies and research, published so that search indexes them ------

# school, title, summary, sections, phase, element numbers, tags
CASE_STUDIES = [
    (
        "Beech Secondary School",
        "Autism transition: a summer bridge into Year 7",
        "Autistic pupils visited in small groups over the summer, met their key adult and "
        "learnt the timetable before September; attendance and calm starts followed.",
        {
            "context": "<p>Our autistic pupils found the move from primary school the hardest "
            "part of their year: new buildings, bells and dozens of adults at once.</p>",
            "actions": "<p>A summer bridge: three half days in small groups, a photo book of "
            "the school, and one key adult who met each pupil before the transition.</p>",
            "impact": "<p>All twelve pupils attended in the first week; parents said the "
            "transition felt calmer than they had feared.</p>",
        },
        "",
        [1, 2],
        ["autism", "transition"],
    ),
    (
        "Cedar Academy",
        "Transition passports for autistic pupils",
        "A one-page passport written with each autistic pupil told every teacher what helps "
        "and what to avoid, so the transition to secondary did not start from scratch.",
        {
            "context": "<p>Teachers met new autistic pupils without knowing what their "
            "primary school had learnt about them.</p>",
            "actions": "<p>Pupils wrote a transition passport with their primary teacher: "
            "sensory needs, what helps, who to talk to.</p>",
        },
        "",
        [2],
        ["autism", "transition"],
    ),
    (
        "Alder Primary School",
        "Preparing autistic Year 6 pupils for transition",
        "Social stories and visits to the secondary school helped our autistic Year 6 pupils "
        "prepare for transition in the summer term.",
        {
            "context": "<p>Several autistic pupils in Year 6 were anxious about secondary "
            "school.</p>",
            "actions": "<p>Social stories, weekly visits and a buddy from Year 7.</p>",
        },
        "",
        [1],
        ["autism", "transition"],
    ),
    (
        "Damson Infant School",
        "Phonics catch-up in small groups",
        "Daily ten-minute phonics sessions for pupils who had fallen behind in Year 1.",
        {"actions": "<p>Teaching assistants ran short daily phonics groups.</p>"},
        "",
        [3],
        ["phonics"],
    ),
]

RESEARCH = [
    (
        "Beech Secondary School",
        "Does a summer bridge reduce anxiety for autistic pupils at transition?",
        "We measured the anxiety of autistic pupils before and after a summer bridge into "
        "Year 7; transition anxiety fell for most of them.",
        "Does a summer bridge reduce transition anxiety for autistic pupils?",
        "<p>Anxiety scores fell for nine of twelve autistic pupils.</p>",
        [1, 2],
        ["autism", "transition"],
    ),
]


@dataclass
class DemoPractice:
    network: DemoNetwork
    case_studies: dict = field(default_factory=dict)
    research: dict = field(default_factory=dict)


def publish(page):
    """Publish a revision, as an editor would: the published signal builds the search record."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def seed_practice(network=None):
    """The network plus a handful of case studies and research, published and searchable."""
    from network.models import Element
    from research.models import ResearchStatus
    from tests.factories import (
        CaseStudyPageFactory,
        ResearchProjectPageFactory,
        practice_index,
        research_index,
    )

    network = network or seed_network()
    for index in (practice_index(), research_index()):
        index.show_in_menus = True
        publish(index)
    elements = {element.number: element for element in iqm_elements(Element)}
    practice = DemoPractice(network=network)
    for school, title, summary, sections, phase, numbers, tags in CASE_STUDIES:
        page = CaseStudyPageFactory(
            parent=network.schools[school],
            title=title,
            summary=summary,
            phase=phase,
            **{"context": "", "actions": "", **sections},
        )
        page.elements.set([elements[number] for number in numbers])
        page.tags.set(tags)
        practice.case_studies[title] = publish(page)
    for school, title, summary, question, findings, numbers, tags in RESEARCH:
        page = ResearchProjectPageFactory(
            parent=network.schools[school],
            title=title,
            summary=summary,
            question=question,
            findings=findings,
            status=ResearchStatus.COMPLETE,
        )
        page.elements.set([elements[number] for number in numbers])
        page.tags.set(tags)
        practice.research[title] = publish(page)
    return practice


def iqm_elements(element_model):
    """The newest IQM framework's elements (the scheme the demo schools' awards are in)."""
    from network.models import FrameworkVersion

    framework = FrameworkVersion.objects.filter(scheme__short_name="IQM").last()
    return element_model.objects.filter(framework=framework).select_related("framework")

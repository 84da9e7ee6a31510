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

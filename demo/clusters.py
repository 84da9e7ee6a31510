"""Demo clusters: local ones within a region and twinned ones across the country, each with
a lead school, an action plan and a year of activities (meetings, CPD, visits, research).

A cluster is found again by its slug and left as it is, activities likewise, so a second
run adds nothing; the members of a new cluster are drawn from the schools of this run.
"""

import datetime

from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from network.models import (
    ActivityKind,
    ClusterActivityAttendance,
    ClusterActivityPage,
    ClusterIndexPage,
    ClusterKind,
    ClusterPage,
)
from network.permissions import sync_cluster_permissions

from .network import month_start, months_before
from .places import REGIONS, TWINNINGS

LEADING_TRACKS = ("flagship", "coe", "coe_due")
THEMES = ["Inclusion", "SEND Practice", "Wellbeing", "Transition", "Early Years", "Attendance"]
PRIORITIES = [
    "Share one piece of classroom practice each term and visit each other to see it.",
    "Train every teaching assistant in precision teaching by the summer.",
    "Agree a common transition passport for pupils with SEND moving to secondary school.",
    "Reduce persistent absence among disadvantaged pupils through shared family work.",
    "Build a joint bank of adaptive teaching strategies, tried and evaluated in our schools.",
    "Run a shared enquiry into pupil voice and act on what pupils tell us.",
    "Pool CPD budgets for a cluster conference on emotionally based school avoidance.",
]
CPD_TOPICS = [
    "Zones of regulation",
    "Adaptive teaching in mixed-attainment classes",
    "Trauma-informed practice",
    "Speech, language and communication needs",
    "Writing meaningful SEN support plans",
]
RESEARCH_TOPICS = [
    "Does pre-teaching vocabulary close the gap in Year 4 science?",
    "Structured playtimes and pupils' sense of belonging",
    "Visual timetables and transitions between lessons",
    "Peer mentoring for Year 7 pupils with SEND",
]


def cluster_count(schools):
    return min(40, max(6, schools // 8))


def seed(context):
    """Reference-index updates are switched off while pages are built (Wagtail would redo a
    page's references once per attendance row) and done once per new page at the end."""
    with disable_reference_index_auto_update():
        new_pages = build(context)
    for page in new_pages:
        ReferenceIndex.create_or_update_for_object(page)


def build(context):
    index = ClusterIndexPage.objects.first()
    by_region = {}
    for school in context.schools:
        by_region.setdefault(school.region, []).append(school)
    taken = set(Page.objects.child_of(index).values_list("slug", flat=True))
    existing = {page.slug: page for page in ClusterPage.objects.child_of(index)}
    clusters, new_pages, activities = [], [], 0
    for number in range(cluster_count(len(context.schools))):
        rng = context.rng_for("cluster", number)
        plan = plan_cluster(context, rng, number, by_region)
        if plan is None:
            continue
        slug = slugify(plan["title"])
        cluster = existing.get(slug)
        if cluster is None:
            if slug in taken:
                continue
            cluster = create_cluster(index, plan, slug, rng)
            taken.add(slug)
            new_pages.append(cluster)
        clusters.append(cluster)
        activity_rng = context.rng_for("activities", number)
        made = ensure_activities(context, cluster, plan["members"], activity_rng)
        new_pages += made
        activities += len(made)
    context.clusters = clusters
    context.report("clusters", len(clusters))
    context.report("clusters added", len(new_pages) - activities)
    context.report("activities added", activities)
    return new_pages


def plan_cluster(context, rng, number, by_region):
    tracks = context.school_tracks
    twinned = number % 5 == 4
    if twinned:
        regions = TWINNINGS[(number // 5) % len(TWINNINGS)]
        groups = [by_region.get(region, []) for region in regions]
        if not all(groups):
            return None
        members = []
        for group in groups:
            members += rng.sample(group, min(len(group), rng.randint(2, 3)))
        towns = " and ".join(group[0].town for group in ([m] for m in (members[0], members[-1])))
        title = f"{towns} Twinned Cluster"
    else:
        region = REGIONS[number % len(REGIONS)]
        group = by_region.get(region, [])
        if len(group) < 2:
            return None
        members = rng.sample(group, min(len(group), rng.randint(4, 6)))
        theme = THEMES[(number // len(REGIONS)) % len(THEMES)]
        title = f"{members[0].local_authority.split(',')[0]} {theme} Cluster"
    leaders = [school for school in members if tracks.get(school.urn) in LEADING_TRACKS]
    lead = (leaders or members)[0]
    members.sort(key=lambda school: school.title)
    return {
        "title": title,
        "kind": ClusterKind.TWINNED if twinned else ClusterKind.LOCAL,
        "members": members,
        "lead": lead,
    }


def create_cluster(index, plan, slug, rng):
    priorities = rng.sample(PRIORITIES, 3)
    members = plan["members"]
    if plan["kind"] == ClusterKind.TWINNED:
        summary = (
            "Schools at opposite ends of the country, meeting online and visiting twice a year."
        )
    else:
        summary = f"{len(members)} neighbouring schools improving inclusion together."
    cluster = ClusterPage(
        title=plan["title"],
        slug=slug,
        kind=plan["kind"],
        summary=summary,
        lead_school=plan["lead"],
        action_plan="<p>Our priorities this year:</p><ol>"
        + "".join(f"<li>{item}</li>" for item in priorities)
        + "</ol>",
        live=True,
    )
    cluster.member_schools = members
    index.add_child(instance=cluster)
    sync_cluster_permissions(cluster)
    return cluster


def ensure_activities(context, cluster, members, rng):
    """A meeting and CPD already held, a visit and shared research still to come."""
    anchor = month_start(context.today)
    existing = set(Page.objects.child_of(cluster).values_list("slug", flat=True))
    host = members[0]
    cpd_topic = rng.choice(CPD_TOPICS)
    research_topic = rng.choice(RESEARCH_TOPICS)
    plans = [
        (ActivityKind.MEETING, "Termly cluster meeting", -2, members, (1, 3)),
        (ActivityKind.CPD, f"CPD: {cpd_topic}", -1, members[: max(2, len(members) - 1)], (1, 6)),
        (ActivityKind.VISIT, f"Learning walk at {host.title}", 1, members[:3], (1, 2)),
        (
            ActivityKind.SHARED_RESEARCH,
            f"Shared research: {research_topic}",
            3,
            members[:3],
            (1, 2),
        ),
    ]
    added = []
    for kind, title, month_offset, attending, staff in plans:
        slug = slugify(title)[:200]
        if slug in existing:
            continue
        month = months_before(anchor, -month_offset)
        date = month + datetime.timedelta(days=rng.randint(2, 25))
        held = month_offset < 0
        start_hour = rng.choice([9, 13, 15])
        activity = ClusterActivityPage(
            title=title,
            slug=slug,
            date=date,
            start_time=datetime.time(start_hour, 30),
            end_time=datetime.time(start_hour + 2, 0),
            kind=kind,
            location=f"{host.title}, {host.town}"
            if kind != ActivityKind.MEETING or cluster.kind == ClusterKind.LOCAL
            else "Online",
            purpose=f"<p>{activity_purpose(kind, cpd_topic, research_topic)}</p>",
            outcomes="<p>Each school agreed one change to try before the next meeting.</p>"
            if held
            else "",
            live=True,
        )
        activity.attendance = [
            ClusterActivityAttendance(school=school, staff_count=rng.randint(*staff))
            for school in attending
        ]
        cluster.add_child(instance=activity)
        existing.add(slug)
        added.append(activity)
    return added


def activity_purpose(kind, cpd_topic, research_topic):
    return {
        ActivityKind.MEETING: "Review the action plan, share progress on each priority and "
        "plan the next term's visits.",
        ActivityKind.CPD: f"Training for staff across the cluster: {cpd_topic.lower()}.",
        ActivityKind.VISIT: "See the host school's practice in classrooms and talk to its pupils.",
        ActivityKind.SHARED_RESEARCH: f"Agree the method and measures for our enquiry: "
        f"{research_topic}",
    }[kind]

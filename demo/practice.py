"""Demo practice: case studies, research and cluster activity for the demo network.

The case studies and research are written as lines of the import format (docs/practice-
import.md) and go in through the importer, so a second run finds them by `ref` and changes
nothing, and the same lines can be written to a file (`write_jsonl`) as a corpus for the
practice search. Cluster activities top up what the cluster seeder made to at least sixty.
"""

import datetime
import json
import math
import random

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from demo.network import home_page
from demo.practice_prose import (
    ACTIVITY_OUTCOMES,
    ACTIVITY_TOPICS,
    FINDINGS,
    LITERATURE,
    METHODS,
    PARTICIPANTS,
    RESEARCH_QUESTIONS,
    ROLES,
    SECONDARY_YEARS,
    SHARED_ACTIONS,
    SHARED_CONTEXT,
    SHARED_IMPACT,
    TERMS,
    YEAR_GROUPS,
)
from demo.practice_titles import case_study_title, research_title
from demo.practice_topics import TOPICS
from network.models import (
    ActivityKind,
    ClusterActivityAttendance,
    ClusterActivityPage,
    ClusterPage,
    SchoolPage,
)
from network.models.visibility import Visibility

CASE_STUDIES = 160
RESEARCH_PROJECTS = 45
CLUSTER_ACTIVITIES = 60
SEED = 2026

EVIDENCE = [("untested", 4), ("locally_evaluated", 5), ("independently_evaluated", 1)]
OUTCOMES = [("worked", 5), ("promising", 4), ("did_not_work", 1), ("", 2)]
STATUSES = [("complete", 5), ("in_progress", 3), ("planned", 1)]


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


# ------ Writing practice as import lines ------


def school_fields(school):
    return {
        "urn": school.urn,
        "name": school.title,
        "phase": school.phase,
        "provision": school.provision,
        "region": school.region,
        "local_authority": school.local_authority,
        "postcode": school.postcode,
    }


def figures(rng, school):
    """The numbers and names a text is filled with, drawn so each text differs."""
    low = rng.randint(55, 85)
    secondary = school.get("phase") in ("secondary", "all_through")
    pct = rng.randint(12, 28)
    return {
        "year": rng.choice(SECONDARY_YEARS if secondary else YEAR_GROUPS),
        "term": rng.choice(TERMS),
        "role": rng.choice(ROLES),
        "low": low,
        "high": min(99, low + rng.randint(5, 15)),
        "few": rng.randint(2, 6),
        "many": rng.randint(14, 60),
        "pct": pct,
        "lower": pct - rng.randint(3, 9),
        "target": rng.choice([10, 12, 15]),
        "points": rng.randint(6, 15),
        "small": rng.randint(1, 4),
        "weeks": rng.randint(3, 8),
        "more_weeks": rng.randint(10, 16),
        "months": rng.randint(2, 5),
        "score": rng.randint(8, 10),
        "low_score": rng.randint(4, 6),
        "ratio": rng.choice(["three", "four", "five"]),
        "size": rng.choice([180, 210, 240, 320, 420, 630, 900, 1100]),
        "town": school.get("local_authority") or "our town",
    }


def paragraph(rng, pool, fill, count, shared=(), shared_chance=0.5):
    sentences = rng.sample(pool, min(count, len(pool)))
    if shared and rng.random() < shared_chance:
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(shared))
    return " ".join(sentence.format_map(fill) for sentence in sentences)


def published_day(rng, today):
    return today - datetime.timedelta(days=rng.randint(10, 3 * 365))


def case_study_record(number, school, today, seed=SEED, taken=None):
    rng = random.Random(f"{seed}:case_study:{number}")
    key = rng.choice(list(TOPICS))
    topic = TOPICS[key]
    fill = figures(rng, school)
    title = case_study_title(rng, key, topic, fill, school, set() if taken is None else taken)
    aims = paragraph(rng, topic["aims"], fill, 2)
    impact = paragraph(rng, topic["impact"], fill, 2, SHARED_IMPACT)
    outcome = weighted(rng, OUTCOMES)
    record = {
        "ref": f"demo-cs-{number:05d}",
        "kind": "case_study",
        "title": title,
        "school": school,
        "summary": (
            f"{aims.split('. ')[0].rstrip('.')}. {impact.split('. ')[0].rstrip('.')} "
            f"({fill['year']}, led by our {fill['role']})."
        ),
        "elements": sorted(rng.sample(topic["elements"], rng.randint(1, len(topic["elements"])))),
        "tags": sorted(rng.sample(topic["tags"], rng.randint(1, len(topic["tags"])))),
        "published": published_day(rng, today).isoformat(),
        "sections": {
            "context": paragraph(rng, topic["context"], fill, 2, SHARED_CONTEXT, 0.7),
            "aims": aims,
            "actions": paragraph(rng, topic["actions"], fill, 3, SHARED_ACTIONS)
            + "\n\n"
            + paragraph(rng, topic["actions"], fill, 1),
            "impact": impact,
            "what_did_not_work": paragraph(rng, topic["not_work"], fill, 1),
            "next_steps": paragraph(rng, topic["next"], fill, 2),
            "key_messages": paragraph(rng, topic["key"], fill, 2),
        },
        "evidence_stage": weighted(rng, EVIDENCE),
        "outcome": outcome,
    }
    return record


def research_record(number, school, today, seed=SEED, taken=None):
    rng = random.Random(f"{seed}:research:{number}")
    taken = set() if taken is None else taken
    fill = figures(rng, school)
    for _ in range(len(RESEARCH_QUESTIONS) * 3):
        population, intervention, comparison, outcome, key = rng.choice(RESEARCH_QUESTIONS)
        population = population.format_map(fill)
        title = research_title(rng, (population, intervention, comparison, outcome), taken)
        if title is not None:
            break
    else:  # every way of asking is taken: the school's name tells this one apart
        title = f"{intervention.capitalize()} for {population} ({school['name']})"
    topic = TOPICS[key]
    question = (
        f"For {population}, does {intervention}, compared with {comparison}, improve {outcome}?"
    )
    status = weighted(rng, STATUSES)
    done = status == "complete"
    findings = paragraph(rng, FINDINGS, fill, 1) if done else ""
    return {
        "ref": f"demo-rp-{number:05d}",
        "kind": "research",
        "title": title,
        "school": school,
        "summary": (
            f"We asked whether {intervention} helps {population}. "
            + (findings if done else "The project is under way; findings will follow.")
        ),
        "elements": sorted(rng.sample(topic["elements"], min(2, len(topic["elements"])))),
        "tags": sorted({*rng.sample(topic["tags"], 2), "classroom research"}),
        "published": published_day(rng, today).isoformat(),
        "research": {
            "question": question,
            "context": paragraph(rng, topic["context"], fill, 2)
            + "\n\n"
            + paragraph(rng, LITERATURE, fill, 1),
            "participants": paragraph(rng, PARTICIPANTS, fill, 1),
            "method": paragraph(rng, METHODS, fill, 1),
            "findings": findings,
            "impact": paragraph(rng, topic["impact"], fill, 1) if done else "",
            "status": status,
        },
        "_pico": (population, intervention, comparison, outcome),
    }


def synthetic_schools(count, seed=SEED):
    """Schools for a corpus written without a database of schools."""
    rng = random.Random(f"{seed}:corpus-schools")
    names = ["Riverside", "Hillside", "St Mary's", "Oakfield", "Brookfield", "Meadow", "Park"]
    places = [("Salford", "north_west"), ("Leeds", "yorkshire_and_the_humber"),
              ("Camden", "london"), ("Kent", "south_east"), ("Bristol", "south_west"),
              ("Norfolk", "east_of_england"), ("Derby", "east_midlands"),
              ("Dudley", "west_midlands"), ("Gateshead", "north_east")]  # fmt: skip
    schools = []
    for number in range(count):
        authority, region = places[number % len(places)]
        phase = rng.choice(["primary", "primary", "secondary", "all_through", "nursery"])
        kind = "Primary School" if phase == "primary" else "Academy"
        schools.append(
            {
                "urn": f"{700000 + number}",
                "name": f"{rng.choice(names)} {kind} {authority} {number}",
                "phase": phase,
                "region": region,
                "local_authority": authority,
                "postcode": "",
            }
        )
    return schools


def practice_records(
    schools, today, case_studies=CASE_STUDIES, research=RESEARCH_PROJECTS, seed=SEED
):
    """Import lines for the given school field dicts, spread over the schools."""
    taken = set()  # title stems so far: no two pieces of practice share a title
    records = [
        case_study_record(n, schools[n % len(schools)], today, seed, taken)
        for n in range(case_studies)
    ]
    records += [
        research_record(n, schools[(n * 7) % len(schools)], today, seed, taken)
        for n in range(research)
    ]
    return records


def write_jsonl(
    out, schools=None, today=None, case_studies=CASE_STUDIES, research=RESEARCH_PROJECTS, seed=SEED
):
    """Write demo practice as import lines to a text file object; returns the count."""
    today = today or timezone.localdate()
    if schools is None:
        found = [school_fields(s) for s in SchoolPage.objects.order_by("urn")]
        schools = found or synthetic_schools(max(40, (case_studies + research) // 4), seed)
    records = practice_records(schools, today, case_studies, research, seed)
    for record in records:
        record.pop("_pico", None)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


# ------ Seeding the demo database ------


def seed(context):
    """Reference-index updates wait until the end: Wagtail would redo a page's references at
    every save (created, revised, published), and once a page is enough."""
    schools = list(context.schools) or list(SchoolPage.objects.live().order_by("urn"))
    if not schools:
        context.say("Practice: no schools, nothing to add.")
        return
    newest_before = Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with disable_reference_index_auto_update():
        report, activities = build(context, schools)
    for page in Page.objects.filter(pk__gt=newest_before).specific():
        ReferenceIndex.create_or_update_for_object(page)
    context.report("case studies and research added", report.created)
    context.report("cluster activities added", activities)
    context.say(f"Practice: {report.summary()}; cluster activities added: {activities}.")


def build(context, schools):
    from practice.importing import import_practice

    ensure_indexes()
    records = practice_records(
        [school_fields(s) for s in schools], context.today, seed=context.seed
    )
    picos = {record["ref"]: record.pop("_pico") for record in records if "_pico" in record}
    report = import_practice(json.dumps(record) for record in records)
    for number, reason in report.errors:
        context.say(f"Practice demo line {number} rejected: {reason}")
    add_pico(picos)
    vary_visibility()
    activities = top_up_activities(
        context, list(context.clusters) or list(ClusterPage.objects.all())
    )
    curate()
    return report, activities


def ensure_indexes():
    from practice.models import PracticeIndexPage
    from research.models import ResearchIndexPage

    home = home_page()
    for model, title, slug, intro in (
        (PracticeIndexPage, "Practice", "practice", "What schools in the network share."),
        (ResearchIndexPage, "Research", "research", "Classroom research by network schools."),
    ):
        if model.objects.exists() or home is None:
            continue
        page = model(title=title, slug=slug, intro=f"<p>{intro}</p>")
        home.add_child(instance=page)
        page.save_revision().publish()


def add_pico(picos):
    """The question's parts, which the import format carries as one sentence."""
    from research.models import ResearchProjectPage

    for page in ResearchProjectPage.objects.filter(ref__in=list(picos)):
        population, intervention, comparison, outcome = picos[page.ref]
        wanted = {
            "question_population": population[:300],
            "question_intervention": intervention[:300],
            "question_comparison": comparison[:300],
            "question_outcome": outcome[:300],
        }
        if all(getattr(page, name) == value for name, value in wanted.items()):
            continue
        for name, value in wanted.items():
            setattr(page, name, value)
        page.save_revision().publish()


def vary_visibility():
    """A few pages for members or the cluster only, so the demo shows what that hides."""
    from practice.models import CaseStudyPage

    for number, page in enumerate(
        CaseStudyPage.objects.filter(ref__startswith="demo-cs-").order_by("ref")
    ):
        wanted = (
            Visibility.MEMBERS
            if number % 20 == 7
            else Visibility.CLUSTER
            if number % 25 == 11
            else Visibility.PUBLIC
        )
        if page.visibility != wanted:
            page.visibility = wanted
            page.save_revision().publish()


def top_up_activities(context, clusters):
    """More activities until the network has at least CLUSTER_ACTIVITIES of them."""
    if not clusters:
        return 0
    missing = CLUSTER_ACTIVITIES - ClusterActivityPage.objects.count()
    if missing <= 0:
        return 0
    per_cluster = math.ceil(missing / len(clusters))
    added = 0
    for position, cluster in enumerate(clusters):
        rng = random.Random(f"{context.seed}:activities:{cluster.slug}")
        members = list(cluster.member_schools.all().order_by("title"))
        taken = set(Page.objects.child_of(cluster).values_list("slug", flat=True))
        topics = rng.sample(ACTIVITY_TOPICS, len(ACTIVITY_TOPICS))
        made = 0
        for n in range(per_cluster * 3):
            if added >= missing or made >= per_cluster:
                break
            topic, purpose = topics[n % len(topics)]
            date = context.today - datetime.timedelta(days=rng.randint(-60, 400) + 7 * n)
            title = f"{topic} ({date:%B %Y})"
            slug = slugify(title)
            if slug in taken:
                continue
            host = members[n % len(members)] if members else None
            activity = ClusterActivityPage(
                title=title,
                slug=slug,
                date=date,
                start_time=datetime.time(rng.choice([9, 13, 15]), 30),
                kind=rng.choice(list(ActivityKind.values)),
                location=f"{host.title}, {host.town}" if host and host.town else "Online",
                purpose=f"<p>{purpose}</p>",
                outcomes=f"<p>{rng.choice(ACTIVITY_OUTCOMES)}</p>" if date < context.today else "",
                visibility=Visibility.CLUSTER if (position + n) % 9 == 4 else Visibility.PUBLIC,
                live=True,
                first_published_at=timezone.make_aware(
                    datetime.datetime.combine(date, datetime.time(9))
                ),
            )
            cluster.add_child(instance=activity)
            for school in members[: rng.randint(2, max(2, len(members)))]:
                ClusterActivityAttendance.objects.create(
                    activity=activity, school=school, staff_count=rng.randint(1, 4)
                )
            taken.add(slug)
            added += 1
            made += 1
    return added


COLLECTIONS = [
    ("Starting secondary school", "transition", ["transition", "autism"]),
    ("Attendance and families", "attendance-and-families", ["attendance", "families"]),
    ("Early reading", "early-reading", ["phonics", "early reading"]),
]


def curate():
    """Featured practice and three collections on the practice index, made once."""
    from practice.models import (
        CaseStudyPage,
        FeaturedPractice,
        PracticeCollection,
        PracticeCollectionItem,
        PracticeIndexCollection,
        PracticeIndexPage,
    )

    index = PracticeIndexPage.objects.first()
    if index is None:
        return
    public = CaseStudyPage.objects.live().public()
    changed = False
    if not index.featured.exists():
        changed = True
        for page in public.filter(evidence_stage="independently_evaluated", outcome="worked")[:4]:
            FeaturedPractice.objects.create(index=index, page=page, blurb="")
    for title, slug, tags in COLLECTIONS:
        collection, created = PracticeCollection.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "introduction": f"<p>Practice on {title.lower()}.</p>"},
        )
        if created:
            pages = (
                public.filter(tags__name__in=tags).distinct().order_by("-first_published_at")[:8]
            )
            for order, page in enumerate(pages):
                PracticeCollectionItem.objects.create(
                    collection=collection, page=page, sort_order=order
                )
        if not index.shown_collections.filter(collection=collection).exists():
            PracticeIndexCollection.objects.create(index=index, collection=collection)
            changed = True
    if changed:
        # A revision that holds the rows, so the editor opens the index as it is.
        index = PracticeIndexPage.objects.get(pk=index.pk)
        index.save_revision().publish()

"""Demo network: frameworks, the directory tree, schools and their award histories.

School number i is drawn from its own random source (seed, i), so the first 48 schools are
the same whether a run makes 48 or 2,000, and a second run finds each school by URN.
Award dates count back from the first of the current month: statuses ("current", "due for
review", "lapsed") come out right whenever the demo is built, and a rerun in the same month
builds exactly the same awards.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.utils.text import slugify
from wagtail.models import Page

from network.frameworks import load_frameworks
from network.models import (
    Award,
    AwardLevel,
    ClusterIndexPage,
    Phase,
    SchoolIndexPage,
    SchoolPage,
)
from network.models.schools import add_years
from network.permissions import ensure_editors_groups
from network.provision import provision_from_gias
from network.site_address import follow_configured_address

from .bulk import add_pages_in_bulk, index_in_bulk
from .places import (
    COMPASS,
    PHASES,
    PLACES,
    REGIONS,
    SAINTS,
    STREETS,
    TRUSTS,
    pick_phase,
    place_name,
)
from .places import postcode as make_postcode

# What each school's award history looks like, by its number modulo 12: at least 12
# Centres of Excellence (current or due for review) and 4 Flagships in any 40 schools.
TRACKS = [
    "flagship",
    "coe",
    "inclusive",
    "coe",
    "other",
    "coe_due",
    "flagship",
    "other",
    "coe",
    "inclusive",
    "coe_lapsed",
    "none",
]
FIXED_PHASES = {1: Phase.SECONDARY, 2: Phase.NURSERY, 4: Phase.ALL_THROUGH}
URN_BLOCK = 23  # school i has a URN in [100000 + 23i, 100000 + 23i + 23): never two alike
MAX_SCHOOLS = (999_999 - 100_000) // URN_BLOCK


@dataclass
class SchoolSpec:
    number: int
    track: str
    fields: dict


def month_start(day):
    return day.replace(day=1)


def months_before(day, months):
    """`day` is the first of a month, so the result never overflows a month's end."""
    index = day.year * 12 + (day.month - 1) - months
    return datetime.date(index // 12, index % 12 + 1, day.day)


def seed(context):
    load_frameworks()
    home = ensure_home()
    follow_configured_address()
    school_index = ensure_child(home, SchoolIndexPage, "Schools", "schools", INDEX_INTRO)
    ensure_child(home, ClusterIndexPage, "Clusters", "clusters", CLUSTERS_INTRO)
    specs = [school_spec(context, number) for number in range(context.options["schools"])]
    context.schools = ensure_schools(school_index, specs)
    context.school_tracks = {spec.fields["urn"]: spec.track for spec in specs}
    created = ensure_awards(context, specs)
    context.report("schools", len(context.schools))
    context.report("awards added", created)


# ------ The tree ------

INDEX_INTRO = (
    "<p>Every school in the network: Centres of Excellence, Flagship schools and schools "
    "working towards the Inclusion Quality Mark.</p>"
)
CLUSTERS_INTRO = (
    "<p>Schools that meet, train and research together: near neighbours, and schools "
    "twinned over distance.</p>"
)


def home_page():
    """The site's home page (cms/0002 makes it), named by its label: nothing imports the site."""
    return apps.get_model("cms", "HomePage").objects.first()


def ensure_home():
    home = home_page()
    if home is None:
        raise RuntimeError("There is no home page: run `manage.py migrate` first.")
    return home


def ensure_child(parent, page_class, title, slug, intro):
    """The one page of this type (they are max_count 1), made under home if missing."""
    page = page_class.objects.first()
    if page is not None:
        return page
    page = page_class(title=title, slug=slug, intro=intro)
    parent.add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
    return page


# ------ Schools ------


def school_spec(context, number):
    rng = context.rng_for("school", number)
    region = REGIONS[number % len(REGIONS)]
    local_authority, la_code, town, latitude, longitude, area = rng.choice(PLACES[region])
    phase, types, patterns = pick_phase(rng)
    if number in FIXED_PHASES:
        phase = FIXED_PHASES[number]
        types, patterns = next((t, p) for ph, _, t, p in PHASES if ph == phase)
    name = rng.choice(patterns).format(
        place=place_name(rng), saint=rng.choice(SAINTS), town=town, compass=rng.choice(COMPASS)
    )
    establishment_type = rng.choice(types)
    domain = slugify(name.replace("'", ""))[:50]
    establishment_number = ESTABLISHMENT_BASE.get(phase, 2000) + number // len(REGIONS) % 1000
    return SchoolSpec(
        number=number,
        track=TRACKS[number % len(TRACKS)],
        fields={
            "title": name,
            "urn": str(100_000 + number * URN_BLOCK + rng.randrange(URN_BLOCK)),
            "laestab": f"{la_code}{establishment_number:04d}",
            "la_code": la_code,
            "phase": phase,
            "establishment_type": establishment_type,
            "provision": provision_from_gias(establishment_type),
            "local_authority": local_authority,
            "region": region,
            "trust": rng.choice(TRUSTS) if "Academy" in establishment_type else "",
            "street": f"{rng.randint(1, 140)} {rng.choice(STREETS)}",
            "town": town,
            "postcode": make_postcode(rng, area),
            "latitude": round(latitude + rng.uniform(-0.06, 0.06), 5),
            "longitude": round(longitude + rng.uniform(-0.09, 0.09), 5),
            "website": f"https://www.{domain}.example.org",
            "contact_email": f"office@{domain}.example.org",
            "about": f"<p>{name} is a {phase.label.lower()} school in {town}.</p>",
        },
    )


ESTABLISHMENT_BASE = {
    Phase.NURSERY: 1000,
    Phase.PRIMARY: 2000,
    Phase.MIDDLE_SECONDARY: 4000,
    Phase.SECONDARY: 4000,
    Phase.ALL_THROUGH: 4000,
    Phase.SIXTEEN_PLUS: 4000,
    Phase.NOT_APPLICABLE: 7000,
}


def unique_slug(base, taken, *fallbacks):
    for candidate in (base, *(f"{base}-{suffix}" for suffix in fallbacks)):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise ValueError(f"no free slug for {base}")


def ensure_schools(index, specs):
    """Schools found by URN are left as they are (someone may have edited them); the others
    are added under the directory in bulk. No revisions: a demo page needs none to be
    edited, and its history starts with the first edit."""
    existing = {
        school.urn: school
        for school in SchoolPage.objects.filter(urn__in=[spec.fields["urn"] for spec in specs])
    }
    taken = set(Page.objects.child_of(index).values_list("slug", flat=True))
    new = []
    for spec in specs:
        if spec.fields["urn"] in existing:
            continue
        fields = spec.fields
        slug = unique_slug(
            slugify(fields["title"])[:200], taken, slugify(fields["town"]), fields["urn"]
        )
        new.append(SchoolPage(slug=slug, live=True, **fields))
    add_pages_in_bulk(index, new)
    ensure_editors_groups(new)
    index_in_bulk(SchoolPage, new)
    existing.update((school.urn, school) for school in new)
    return [existing[spec.fields["urn"]] for spec in specs]


# ------ Awards ------


def award_history(track, rng, anchor):
    """[(scheme short name, level name, awarded on)] for one school, oldest first."""
    history = []

    def annual(level, last_months_ago, years):
        for year in range(years - 1, -1, -1):
            history.append(("IQM", level, months_before(anchor, last_months_ago + 12 * year)))

    if track in ("coe", "coe_due", "coe_lapsed", "flagship"):
        if track == "flagship":
            last = rng.randint(2, 6)
            flagship_years = rng.randint(1, 3)
            coe_years = rng.randint(3, 5)
            annual("Flagship School", last, flagship_years)
            annual("Centre of Excellence", last + 12 * flagship_years, coe_years)
            first_coe = last + 12 * (flagship_years + coe_years - 1)
        else:
            last = {"coe": rng.randint(2, 6), "coe_due": 11, "coe_lapsed": rng.randint(14, 20)}
            coe_years = rng.randint(1, 5)
            annual("Centre of Excellence", last[track], coe_years)
            first_coe = last[track] + 12 * (coe_years - 1)
        isa = first_coe + 12 * rng.randint(1, 3)
        history.append(("IQM", "Inclusive School Award", months_before(anchor, isa)))
        if rng.random() < 0.35:
            history.append(other_scheme_award(rng, anchor))
    elif track == "inclusive":
        months = rng.choice([5, 14, 26, 34])  # 34 months into a 36-month award: due for review
        history.append(("IQM", "Inclusive School Award", months_before(anchor, months)))
    elif track == "other":
        history.append(other_scheme_award(rng, anchor))
    return sorted(history, key=lambda item: item[2])


def other_scheme_award(rng, anchor):
    scheme, level = rng.choice(
        [("VbE", "Quality Mark"), ("Artsmark", "Silver"), ("Artsmark", "Gold")]
    )
    return scheme, level, months_before(anchor, rng.randint(3, 30))


def ensure_awards(context, specs):
    """Add the awards a school's history lacks; an award already there (same level, same
    year) stays as it is. Returns how many were added."""
    anchor = month_start(context.today)
    levels = {
        (level.scheme.short_name, level.name): level
        for level in AwardLevel.objects.select_related("scheme")
    }
    schools = {school.urn: school for school in context.schools}
    have = set(
        Award.objects.filter(school__in=context.schools).values_list(
            "school_id", "level_id", "awarded_on__year"
        )
    )
    new = []
    for spec in specs:
        school = schools[spec.fields["urn"]]
        rng = context.rng_for("awards", spec.number)
        for scheme, level_name, awarded_on in award_history(spec.track, rng, anchor):
            level = levels[(scheme, level_name)]
            key = (school.pk, level.pk, awarded_on.year)
            if key in have:
                continue
            have.add(key)
            award = Award(school=school, level=level, awarded_on=awarded_on)
            award.valid_until = add_years(awarded_on, level.validity_years)
            new.append(award)
    Award.objects.bulk_create(new, batch_size=500)
    return len(new)

"""Schools like mine, and who can help: peer suggestions explained in words.

Only what schools chose to share is read: a school's public profile (its context from GIAS,
its awards, its "we can support others with" statement and elements), and its live, public
case studies and research. Annual updates (narratives, self-ratings, targets) are private
to the school, its assessor and staff, and are never read here.

- `similar_schools(school)`: schools with a similar context: the same kind of school, a
  resourced provision or SEN unit, needs served in common, phase, size band, free school
  meals band, region. Each comes with the reasons, e.g. "also a special school with a
  resourced provision for autism; a similar size (100 to 249 pupils)".
- `who_can_help(school, element)`: Centres of Excellence and Flagships (an award of that
  kind in force) that share practice on the element or offer support with it, best first,
  e.g. "Centre of Excellence; three case studies on element 5; offers support with it".
- `twinning_suggestions(cluster)`: for a cluster's lead, similar schools far away
  (at least TWIN_MIN_KM), not yet in the cluster.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from network.models import Award, AwardKind, Phase, Provision, SchoolPage
from network.models.context import FSM_BANDS, SIZE_BANDS, SenNeed
from network.models.visibility import Visibility
from practice.models import CaseStudyPage
from research.models import ResearchProjectPage

TWIN_MIN_KM = 150
HELP_KINDS = (AwardKind.CENTRE_OF_EXCELLENCE, AwardKind.FLAGSHIP)
NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

WEIGHTS = {
    "provision": 4,
    "resourced": 2,
    "need": 2,
    "phase": 2,
    "size": 1,
    "fsm": 1,
    "region": 1,
}

KIND_PHRASES = {
    Provision.SPECIAL: "a special school",
    Provision.PRU: "a pupil referral unit",
    Provision.ALTERNATIVE_PROVISION: "alternative provision",
}
RESOURCED_PHRASES = {
    "resourced": "a resourced provision",
    "sen_unit": "an SEN unit",
    "both": "a resourced provision and SEN unit",
}
NEED_PHRASES = {
    SenNeed.AUTISM: "autism",
    SenNeed.SEMH: "social, emotional and mental health needs",
    SenNeed.SLCN: "speech, language and communication needs",
    SenNeed.SPLD: "specific learning difficulties",
    SenNeed.MLD: "moderate learning difficulties",
    SenNeed.SLD: "severe learning difficulties",
    SenNeed.PMLD: "profound and multiple learning difficulties",
    SenNeed.HI: "hearing impairment",
    SenNeed.VI: "visual impairment",
    SenNeed.MSI: "multi-sensory impairment",
    SenNeed.PD: "physical disability",
    SenNeed.OTHER: "other needs",
}

SCHOOL_FIELDS = (
    "id",
    "title",
    "url_path",
    "locale",
    "path",
    "depth",
    "urn",
    "phase",
    "provision",
    "resourced_provision",
    "sen_needs",
    "number_on_roll",
    "percentage_fsm",
    "region",
    "local_authority",
    "latitude",
    "longitude",
    "support_offer",
)


@dataclass
class Match:
    school: SchoolPage
    score: float = 0
    reasons: list = field(default_factory=list)
    distance_km: float | None = None
    award: object = None

    @property
    def explanation(self):
        text = "; ".join(self.reasons)
        return text[:1].upper() + text[1:]


def number_word(count):
    return NUMBERS[count] if count < len(NUMBERS) else str(count)


def counted(count, singular, plural):
    return f"{number_word(count)} {singular if count == 1 else plural}"


def and_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def distance_km(a, b):
    if not (a.has_location and b.has_location):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


# ------ Similar context ------


def compare(school, other):
    """(score, reasons) of how `other` resembles `school`, from their public profiles."""
    score = 0
    reasons = []
    kind = ""
    if school.provision and school.provision == other.provision:
        if school.provision in KIND_PHRASES:
            kind = KIND_PHRASES[school.provision]
            score += WEIGHTS["provision"]
        elif school.phase == other.phase and school.phase != Phase.NOT_APPLICABLE:
            kind = f"a {other.get_phase_display().lower()} school"
            score += WEIGHTS["phase"] + 1
    if not kind and school.phase == other.phase and school.phase not in ("", Phase.NOT_APPLICABLE):
        kind = f"a {other.get_phase_display().lower()} school"
        score += WEIGHTS["phase"]
    elif (
        kind
        and school.provision in KIND_PHRASES
        and school.phase == other.phase
        and school.phase not in ("", Phase.NOT_APPLICABLE)
    ):
        kind = f"{kind} ({other.get_phase_display().lower()})"
        score += WEIGHTS["phase"]
    resourced = ""
    if school.resourced_provision and other.resourced_provision:
        resourced = RESOURCED_PHRASES.get(other.resourced_provision, "")
        score += WEIGHTS["resourced"]
    shared = [need for need in school.sen_needs if need in set(other.sen_needs)]
    score += WEIGHTS["need"] * len(shared)
    needs = and_list(NEED_PHRASES[SenNeed(need)] for need in shared)
    if kind or resourced or needs:
        phrase = "also " + (kind or "")
        if resourced:
            phrase += (" with " if kind else "") + (resourced if kind else f"has {resourced}")
        if needs:
            if kind or resourced:
                phrase += f" for {needs}"
            else:
                phrase += f"provides for {needs}"
        reasons.append(" ".join(phrase.split()))
    if school.size_band is not None and school.size_band == other.size_band:
        score += WEIGHTS["size"]
        reasons.append(f"a similar size ({SIZE_BANDS[other.size_band][2]})")
    if school.fsm_band is not None and school.fsm_band == other.fsm_band:
        score += WEIGHTS["fsm"]
        reasons.append(f"a similar intake ({FSM_BANDS[other.fsm_band][2]})")
    if school.region and school.region == other.region:
        score += WEIGHTS["region"]
        reasons.append(f"also in the {other.get_region_display()}")
    return score, reasons


def _candidates(school):
    return (
        SchoolPage.objects.live()
        .public()
        .exclude(pk=school.pk)
        .only(*SCHOOL_FIELDS)
        .order_by("title")
    )


def similar_schools(school, limit=5, candidates=None, minimum=3):
    """The schools most like `school`, each with the reasons; none scoring under `minimum`."""
    matches = []
    for other in candidates if candidates is not None else _candidates(school):
        score, reasons = compare(school, other)
        if score >= minimum and reasons:
            matches.append(Match(other, score, reasons))
    matches.sort(key=lambda match: (-match.score, match.school.title))
    return matches[:limit]


# ------ Who can help on an element ------


def _awards_of_helpers(today=None):
    """{school id: the award that makes it a Centre of Excellence or Flagship}."""
    awards = (
        Award.objects.in_force(today or timezone.localdate())
        .of_schools()
        .filter(level__kind__in=HELP_KINDS)
        .select_related("level__scheme")
        .order_by("level__sort_order")
    )
    return {award.school_id: award for award in awards}


def _shared_counts(model, element, school_ids):
    """Live, public pages on the element, per school: what the school chose to share."""
    rows = (
        model.objects.live()
        .public()
        .filter(visibility=Visibility.PUBLIC, elements=element, school_id__in=school_ids)
        .order_by()  # no page ordering in the GROUP BY: one row per school
        .values("school_id")
        .annotate(count=Count("pk", distinct=True))
    )
    return {row["school_id"]: row["count"] for row in rows}


def who_can_help(school, element, limit=5):
    """Centres of Excellence and Flagships that share practice on `element`, or offer help
    with it, best first; each with its reasons."""
    awards = _awards_of_helpers()
    ids = [pk for pk in awards if pk != school.pk]
    if not ids:
        return []
    case_studies = _shared_counts(CaseStudyPage, element, ids)
    research = _shared_counts(ResearchProjectPage, element, ids)
    offering = set(
        SchoolPage.objects.filter(pk__in=ids, support_elements=element).values_list("pk", flat=True)
    )
    wanted = set(case_studies) | set(research) | offering
    if not wanted:
        return []
    where = f"element {element.number}"
    matches = []
    for other in _candidates(school).filter(pk__in=wanted):
        award = awards[other.pk]
        reasons = [award.level.get_kind_display().split(" (")[0]]
        score = 0
        if case_studies.get(other.pk):
            count = case_studies[other.pk]
            reasons.append(f"{counted(count, 'case study', 'case studies')} on {where}")
            score += 3 * count
        if research.get(other.pk):
            count = research[other.pk]
            reasons.append(f"{counted(count, 'research project', 'research projects')} on {where}")
            score += 3 * count
        if other.pk in offering:
            offer = " ".join(other.support_offer.split())
            if len(offer) > 140:
                offer = offer[:137].rsplit(" ", 1)[0] + "…"
            reasons.append(f"offers support with {where}" + (f": “{offer}”" if offer else ""))
            score += 4
        likeness, alike = compare(school, other)
        reasons.extend(alike)
        matches.append(Match(other, score + likeness / 10, reasons, award=award))
    matches.sort(key=lambda match: (-match.score, match.school.title))
    return matches[:limit]


# ------ Twinning over distance ------


def twinning_suggestions(cluster, limit=5, min_km=TWIN_MIN_KM):
    """For a cluster's lead: schools like the lead school, far from it, not in the cluster."""
    lead = cluster.lead_school
    if lead is None or not lead.has_location:
        return []
    members = set(cluster.member_schools.values_list("pk", flat=True)) | {lead.pk}
    candidates = [
        other
        for other in _candidates(lead)
        .exclude(pk__in=members)
        .filter(~Q(latitude=None), ~Q(longitude=None))
        if (distance_km(lead, other) or 0) >= min_km
    ]
    matches = similar_schools(lead, limit=limit, candidates=candidates)
    for match in matches:
        match.distance_km = round(distance_km(lead, match.school))
        match.reasons.append(f"{match.distance_km:,} km away")
    return matches

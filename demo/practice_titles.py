"""Titles for demo practice, as schools write them, and never the same one twice.

A title is the topic's own hand-written titles first, then a frame ("How {approach} helped
{who}") filled with one of the topic's approaches and the pupils it is for. A title whose
stem (its words, without numbers, year groups or the school's name) is already taken is drawn
again, so a listing never shows "Transition passports ... moving to Year N" five times.
"""

import re

# topic key -> what the school did (noun phrases, lower case) and for whom.
TITLE_PARTS = {
    "autism_transition": {
        "approaches": [
            "transition passports",
            "photo books of the new classroom",
            "extra summer-term visits",
            "a named adult in the first week",
            "quiet-time tours of the new building",
        ],
        "who": [
            "autistic pupils",
            "pupils with ASC moving to secondary",
            "anxious Year 6 leavers",
            "pupils joining from a special school",
        ],
    },
    "eal": {
        "approaches": [
            "pre-teaching topic vocabulary",
            "home-language buddies",
            "a two-week welcome programme",
            "dual-language word mats",
            "talk partners in science",
        ],
        "who": [
            "pupils new to English",
            "mid-year arrivals",
            "pupils with EAL",
            "refugee children and their families",
        ],
    },
    "semh": {
        "approaches": [
            "a nurture breakfast group",
            "zones of regulation",
            "a calm room with a plan",
            "movement breaks every hour",
            "check-ins with a key adult",
        ],
        "who": [
            "pupils with SEMH needs",
            "pupils who find mornings hard",
            "Key Stage 2 pupils in crisis",
            "pupils on part-time timetables",
        ],
    },
    "attendance": {
        "approaches": [
            "first-day phone calls",
            "a warm welcome at the gate",
            "early family conversations",
            "attendance mentors",
            "a walking bus",
        ],
        "who": [
            "persistently absent pupils",
            "pupils with emotionally based school avoidance",
            "families who have lost trust in school",
            "pupils returning after long absence",
        ],
    },
    "phonics": {
        "approaches": [
            "same-day phonics keep-up",
            "decodable books at home",
            "ten-minute fluency sessions",
            "phonics for older readers",
            "a reading volunteer every morning",
        ],
        "who": [
            "pupils behind in reading",
            "Key Stage 2 pupils still learning to read",
            "pupils with speech and language needs",
            "pupils who missed early phonics",
        ],
    },
    "ta_deployment": {
        "approaches": [
            "TA scaffolding training",
            "TA-led pre-teaching",
            "joint planning for TAs and teachers",
            "TAs working with the whole class",
            "coaching teaching assistants",
        ],
        "who": [
            "pupils with SEND",
            "pupils with EHCPs",
            "pupils who relied on an adult",
            "pupils in mixed-age classes",
        ],
    },
    "pupil_premium": {
        "approaches": [
            "small-group tutoring",
            "a pupil premium plan built on teaching",
            "free music lessons",
            "a homework club with breakfast",
            "instructional coaching",
        ],
        "who": [
            "disadvantaged pupils",
            "pupils eligible for free school meals",
            "young carers",
            "looked-after children",
        ],
    },
    "elsa": {
        "approaches": [
            "ELSA sessions",
            "a loss and change group",
            "friendship groups at lunchtime",
            "worry boxes and a named adult",
            "a six-week emotional literacy course",
        ],
        "who": [
            "pupils waiting for counselling",
            "bereaved children",
            "pupils who struggle with friendships",
            "anxious pupils",
        ],
    },
    "behaviour": {
        "approaches": [
            "restorative conversations",
            "one behaviour script for every adult",
            "a relational behaviour policy",
            "a reset room instead of isolation",
            "daily meet and greet",
        ],
        "who": [
            "pupils at risk of removal from lessons",
            "pupils at risk of exclusion",
            "pupils in alternative provision",
            "Year 9 boys",
        ],
    },
    "parental_engagement": {
        "approaches": [
            "co-produced support plans",
            "coffee mornings",
            "a parent-led SEND forum",
            "home visits before the first day",
            "termly review meetings at home",
        ],
        "who": [
            "families of pupils with SEND",
            "parents who rarely come into school",
            "families new to the country",
            "fathers and male carers",
        ],
    },
}

CASE_STUDY_FRAMES = [
    "{Approach} for {who}",
    "How {approach} helped {who}",
    "{Approach}: what we learned in our first year",
    "What changed when we introduced {approach}",
    "{Approach} in {setting}",
    "{Approach} with {who}, one term on",
    "Trying {approach} with {who}",
    "Why we kept going with {approach}",
    "{Approach}, led by our {role}",
    "Small steps: {approach} for {who}",
    "{Approach} across our cluster",
]

RESEARCH_FRAMES = [
    "{Intervention} for {population}",
    "Can {intervention} help {population}?",
    "Testing {intervention} with {population}",
    "{Intervention}: the effect on {outcome}",
    "{Intervention} or {comparison}? A study with {population}",
    "Did {intervention} improve {outcome}?",
    "{Intervention}: a classroom study with {population}",
]

SETTINGS = {
    "special": "a special school",
    "pru": "a pupil referral unit",
    "alternative_provision": "alternative provision",
    "primary": "a primary school",
    "secondary": "a secondary school",
    "all_through": "an all-through school",
    "nursery": "a nursery school",
    "sixteen_plus": "a sixth form",
    "middle_primary": "a middle school",
    "middle_secondary": "a middle school",
}

TRIES = 60
_YEAR = re.compile(r"\b(year \d+|reception|key stage \d|ks\d)\b")


def stem(title):
    """What makes two titles "the same": words without numbers, year groups, key stages or
    the school's name in brackets at the end."""
    text = re.sub(r"\s*\([^)]*\)$", "", title).lower()
    text = _YEAR.sub("#", text)
    return re.sub(r"\d+", "#", text).strip()


def _capital(text):
    return text[:1].upper() + text[1:]


def setting_of(school):
    return SETTINGS.get(school.get("provision") or "") or SETTINGS.get(
        school.get("phase") or "", "a school"
    )


def _free(title, taken):
    return stem(title) not in taken


def case_study_title(rng, key, topic, fill, school, taken):
    """A title for a case study on `key` not yet in `taken` (stems); adds its stem there."""
    parts = TITLE_PARTS[key]
    own = [template.format_map(fill) for template in topic["titles"]]
    rng.shuffle(own)
    candidates = [title for title in own if _free(title, taken)]
    title = candidates[0] if candidates and rng.random() < 0.4 else None
    for _ in range(TRIES if title is None else 0):
        approach = rng.choice(parts["approaches"])
        words = {
            "approach": approach,
            "Approach": _capital(approach),
            "who": rng.choice(parts["who"]),
            "setting": setting_of(school),
            **fill,
        }
        drawn = rng.choice(CASE_STUDY_FRAMES).format_map(words)
        if _free(drawn, taken):
            title = drawn
            break
    if title is None:
        title = candidates[0] if candidates else f"{own[0]} ({school['name']})"
    taken.add(stem(title))
    return title


def research_title(rng, pico, taken):
    """A title for a research write-up on (population, intervention, comparison, outcome),
    or None when every way of putting it is taken (the caller draws another question)."""
    population, intervention, comparison, outcome = pico
    words = {
        "population": population,
        "intervention": intervention,
        "Intervention": _capital(intervention),
        "comparison": comparison,
        "outcome": outcome,
    }
    frames = list(RESEARCH_FRAMES)
    rng.shuffle(frames)
    for frame in frames:
        title = frame.format_map(words)
        if _free(title, taken):
            taken.add(stem(title))
            return title
    return None

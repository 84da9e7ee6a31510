"""Sentence pools for demo practice: one set a topic, composed so that no two texts match.

Each topic has its own openings, actions, results and lessons; a text takes a few of each,
fills in year groups, numbers and terms from the random source, and adds sentences from
the shared pools. A school's case study on EAL reads like one, and differs from the next.
The topics themselves are in demo.practice_topics.
"""

YEAR_GROUPS = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
SECONDARY_YEARS = ["Year 7", "Year 8", "Year 9", "Year 10", "Year 11"]
TERMS = ["the autumn term", "the spring term", "the summer term", "one half term", "two terms"]
ROLES = [
    "SENCo",
    "inclusion lead",
    "deputy head",
    "pastoral lead",
    "English lead",
    "attendance officer",
    "family support worker",
    "ELSA",
]

SHARED_CONTEXT = [
    "We are a {size}-pupil school in {town}.",
    "The work was led by our {role} with support from the senior team.",
    "Our cluster partners had tried something similar and shared their materials.",
    "The idea came from a cluster meeting and a visit to a partner school.",
]
SHARED_ACTIONS = [
    "We reviewed progress every half term and adjusted the plan.",
    "Staff had a short training session at the start and coaching afterwards.",
    "Pupils were asked what helped them, and their views shaped the next steps.",
]
SHARED_IMPACT = [
    "We measured this with our own records, comparing with the same term last year.",
    "Pupil voice interviews backed up what the numbers showed.",
    "It is early days and the numbers are small, so we are cautious.",
]

RESEARCH_QUESTIONS = [
    (
        "pupils in {year} with EAL",
        "pre-teaching topic vocabulary",
        "usual teaching",
        "end-of-unit science scores",
        "eal",
    ),
    (
        "pupils in {year} reading below age",
        "daily reading aloud by the teacher",
        "independent silent reading",
        "reading fluency (words correct per minute)",
        "phonics",
    ),
    (
        "autistic pupils moving to {year}",
        "transition passports and extra visits",
        "the usual transition days",
        "attendance in the first half term",
        "autism_transition",
    ),
    (
        "pupils with SEMH needs in Key Stage 2",
        "a nurture breakfast group",
        "no breakfast provision",
        "incidents before morning break",
        "semh",
    ),
    (
        "persistently absent pupils",
        "first-day phone calls from a named adult",
        "standard letters",
        "attendance over a term",
        "attendance",
    ),
    (
        "pupils with SEND in {year}",
        "a scaffolding framework for teaching assistants",
        "usual deployment",
        "independent task completion",
        "ta_deployment",
    ),
    (
        "disadvantaged pupils in {year}",
        "small-group tutoring three times a week",
        "whole-class teaching only",
        "reading age after two terms",
        "pupil_premium",
    ),
    (
        "pupils referred to ELSA",
        "six weekly emotional literacy sessions",
        "waiting-list support",
        "strengths and difficulties scores",
        "elsa",
    ),
    (
        "pupils at risk of removal from lessons",
        "restorative conversations after each removal",
        "the previous sanctions system",
        "removals per half term",
        "behaviour",
    ),
    (
        "families of pupils with SEND",
        "co-produced support plans",
        "plans written by staff",
        "parents' confidence in the plan",
        "parental_engagement",
    ),
]
METHODS = [
    "Two classes took part: one received the intervention for {weeks} weeks, the other "
    "continued as usual. We measured both before and after.",
    "We compared this year's group with the same year group last year, using the same "
    "assessment at the same point in the year.",
    "Pupils were matched in pairs on prior attainment, and one of each pair joined the "
    "intervention.",
]
PARTICIPANTS = [
    "{many} pupils across two classes, with parental consent.",
    "{few} pupils identified through our SEND register, and their families.",
    "All pupils in {year} ({many} pupils), in two classes.",
]
LITERATURE = [
    "The Education Endowment Foundation's guidance suggests this approach has moderate "
    "impact for low cost, but evidence for pupils like ours is thin.",
    "Published studies are mostly from larger schools; we wanted to know if it works here.",
    "Research summaries point to the importance of implementation: who delivers it and how often.",
]
FINDINGS = [
    "The intervention group improved by {points} points more than the comparison group.",
    "Both groups improved, and the difference between them was small ({small} points).",
    "Pupils in the intervention group reported feeling more confident; the measured "
    "difference was {small} points.",
]
ACTIVITY_TOPICS = [
    (
        "Moderating SEN support plans together",
        "Each school brought two anonymised plans and we agreed what makes a good outcome.",
    ),
    (
        "Sharing attendance strategies",
        "Attendance leads compared first-day calling, return "
        "plans and how they talk with families.",
    ),
    (
        "Learning walk: adaptive teaching",
        "Visitors looked at how teachers adapt lessons without lowering expectations.",
    ),
    (
        "Phonics keep-up sessions in practice",
        "Early reading leads watched same-day keep-up sessions and shared their timetables.",
    ),
    (
        "Transition planning with our secondary school",
        "Year 6 teachers and the secondary SENCo agreed what goes in a transition passport.",
    ),
    (
        "ELSA supervision and peer support",
        "The cluster's ELSAs met to share cases and resources, with a specialist teacher.",
    ),
    (
        "Pupil voice panel",
        "Pupils from each school told staff what helps them learn and what gets in the way.",
    ),
    (
        "EAL new arrivals: the first six weeks",
        "Schools shared induction plans and home-language assessment tools.",
    ),
    (
        "Behaviour routines and relational practice",
        "Senior leaders compared routines and restorative conversations.",
    ),
    ("Parent forum planning", "SENCos planned a shared parent forum and its first topics."),
]
ACTIVITY_OUTCOMES = [
    "Each school agreed one change to try before the next meeting.",
    "We agreed a shared template and will bring examples next term.",
    "Two schools will visit each other to see the approach in practice.",
    "Notes and resources are shared in the cluster's folder.",
]

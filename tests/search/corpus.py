"""A small corpus in the import format whose answers are clear enough to assert on any engine."""


def school(urn, name, phase, region, la, postcode, lat, lon):
    return {
        "urn": urn,
        "name": name,
        "phase": phase,
        "region": region,
        "local_authority": la,
        "postcode": postcode,
        "latitude": lat,
        "longitude": lon,
    }


ALDER = school(
    "100001", "Alder Primary", "primary", "north_east", "Durham", "DH1 1AA", 54.77, -1.57
)
BEECH = school(
    "100002", "Beech Secondary", "secondary", "london", "Camden", "NW1 2BB", 51.535, -0.14
)
CEDAR = school(
    "100003", "Cedar Academy", "secondary", "london", "Islington", "N1 9AA", 51.54, -0.10
)
DAMSON = school(
    "100004", "Damson Infants", "primary", "south_west", "Devon", "EX1 1AA", 50.72, -3.53
)

ITEMS = [
    {
        "ref": "attendance-families",
        "kind": "case_study",
        "title": "Improving attendance through family support",
        "school": ALDER,
        "summary": "Morning calls and a breakfast club raised attendance for persistent absentees.",
        "elements": [1, 3],
        "tags": ["attendance", "families"],
        "published": "2024-03-01",
        "sections": {
            "context": "Persistent absence had risen since 2021.",
            "actions": "The family liaison officer phoned home each morning.",
            "impact": "Attendance rose from 91% to 95%.",
        },
        "evidence_stage": "locally_evaluated",
        "outcome": "worked",
    },
    {
        "ref": "attendance-rewards",
        "kind": "case_study",
        "title": "Class rewards for punctuality",
        "school": CEDAR,
        "summary": "Weekly class rewards did little for attendance but helped punctuality.",
        "elements": [3],
        "tags": ["attendance", "rewards"],
        "published": "2022-09-15",
        "sections": {"impact": "Lateness fell; absence did not change."},
        "evidence_stage": "untested",
        "outcome": "did_not_work",
    },
    {
        "ref": "eal-vocabulary",
        "kind": "research",
        "title": "Pre-teaching vocabulary to pupils learning English as an additional language",
        "school": BEECH,
        "summary": "A classroom trial of pre-teaching key words before science lessons.",
        "elements": [2],
        "tags": ["vocabulary", "science"],
        "published": "2023-06-01",
        "research": {
            "question": "Does pre-teaching vocabulary improve science test scores?",
            "findings": "Scores improved by a third of a grade.",
            "status": "complete",
        },
    },
    {
        "ref": "send-inclusion",
        "kind": "case_study",
        "title": "An inclusive playground for pupils with special educational needs",
        "school": DAMSON,
        "summary": "Zoned play spaces and trained lunchtime staff made breaktimes calmer.",
        "elements": [4],
        "tags": ["inclusion", "playtimes"],
        "published": "2021-05-20",
        "sections": {"actions": "We zoned the playground into quiet, active and creative areas."},
        "evidence_stage": "locally_evaluated",
        "outcome": "promising",
    },
    {
        "ref": "asd-transition",
        "kind": "case_study",
        "title": "Transition to secondary for ASD pupils",
        "school": BEECH,
        "summary": "Visual timetables and visits eased the move to year 7.",
        "elements": [4, 5],
        "tags": ["transition"],
        "published": "2024-07-01",
        "sections": {"actions": "Each pupil visited five times with a familiar adult."},
        "evidence_stage": "independently_evaluated",
        "outcome": "worked",
    },
    {
        "ref": "ta-reading",
        "kind": "research",
        "title": "Teaching assistants delivering structured reading interventions",
        "school": CEDAR,
        "summary": "Trained support staff ran daily phonics catch-up for year 7.",
        "elements": [2],
        "tags": ["reading", "phonics"],
        "published": "2022-01-10",
        "research": {"question": "Do TA-led sessions close the gap?", "status": "complete"},
    },
    {
        "ref": "pupil-premium-tutoring",
        "kind": "case_study",
        "title": "Small-group tutoring funded by the pupil premium",
        "school": ALDER,
        "summary": "Tutoring in maths for disadvantaged pupils in years 5 and 6.",
        "elements": [1],
        "tags": ["tutoring", "maths"],
        "published": "2023-11-30",
        "sections": {"impact": "Behaviour in lessons improved as confidence grew."},
        "evidence_stage": "locally_evaluated",
        "outcome": "promising",
    },
    {
        "ref": "cluster-cpd",
        "kind": "cluster_activity",
        "title": "Cluster CPD day on adaptive teaching",
        "school": BEECH,
        "summary": "Staff from four schools shared adaptive teaching strategies.",
        "elements": [],
        "tags": [],
        "published": "2024-02-02",
        "sections": {"context": "Adaptive teaching for every learner."},
        "cluster": "north-london-cluster",
        "cluster_title": "North London cluster",
    },
    {
        "ref": "escaping",
        "kind": "case_study",
        "title": "Online safety <script>alert(1)</script> workshops for parents",
        "school": DAMSON,
        "summary": "Parents learnt about <b>online safety</b> & privacy settings.",
        "elements": [5],
        "tags": ["online safety"],
        "published": "2020-10-10",
        "sections": {"actions": "Evening workshops on online safety."},
        "evidence_stage": "untested",
        "outcome": "promising",
    },
]


# ------ Special schools, a PRU and alternative provision, as import files name them ------
# Kept apart from ITEMS so the counts asserted on ITEMS stay as they are.

OAKFIELD = school(
    "100005", "Oakfield Special School", "Special", "north_east", "Durham", "DH1 3AA", 54.78, -1.58
)
ROWAN = school(
    "100006", "Rowan Special Primary", "Special primary", "london", "Camden", "NW1 3CC",
    51.54, -0.14,
)  # fmt: skip
ELM = school(
    "100007", "Elm Pupil Referral Unit", "PRU", "london", "Islington", "N1 8AA", 51.53, -0.10
)
HOLLY = school(
    "100008", "Holly Alternative Provision Academy", "Alternative provision", "south_west",
    "Devon", "EX2 4AA", 50.71, -3.52,
)  # fmt: skip

PROVISION_ITEMS = [
    {
        "ref": "sensory-circuits",
        "kind": "case_study",
        "title": "Sensory circuits before lessons",
        "school": OAKFIELD,
        "summary": "A ten-minute sensory circuit helped pupils settle to learning.",
        "elements": [4],
        "tags": ["sensory", "regulation"],
        "published": "2024-05-01",
        "sections": {"impact": "Pupils were ready to learn sooner after the circuit."},
        "evidence_stage": "locally_evaluated",
        "outcome": "worked",
    },
    {
        "ref": "communication-aids",
        "kind": "research",
        "title": "Symbol-supported communication in a special school",
        "school": OAKFIELD,
        "summary": "Does symbol support widen the choices non-verbal pupils make at lunch?",
        "elements": [2],
        "tags": ["communication"],
        "published": "2023-02-01",
        "research": {"question": "Do symbols widen choices?", "status": "in_progress"},
    },
    {
        "ref": "attendance-special",
        "kind": "case_study",
        "title": "Attendance of pupils with medical needs",
        "school": ROWAN,
        "summary": "Home visits and a phased timetable raised attendance for pupils who were ill.",
        "elements": [3],
        "tags": ["attendance"],
        "published": "2024-01-15",
        "sections": {"actions": "A phased timetable agreed with families."},
        "evidence_stage": "untested",
        "outcome": "promising",
    },
    {
        "ref": "reintegration",
        "kind": "case_study",
        "title": "Reintegration to mainstream after a placement",
        "school": ELM,
        "summary": "A six-week plan returned pupils from the unit to their schools.",
        "elements": [5],
        "tags": ["reintegration"],
        "published": "2023-09-01",
        "sections": {"actions": "Key workers visited the receiving school with each pupil."},
        "evidence_stage": "locally_evaluated",
        "outcome": "worked",
    },
    {
        "ref": "vocational-pathways",
        "kind": "case_study",
        "title": "Vocational pathways for disengaged learners",
        "school": HOLLY,
        "summary": "Construction and catering courses brought learners back to English and maths.",
        "elements": [1],
        "tags": ["engagement"],
        "published": "2022-06-01",
        "sections": {"impact": "Attendance rose and more learners sat functional skills."},
        "evidence_stage": "untested",
        "outcome": "promising",
    },
]
SPECIAL_REFS = {"sensory-circuits", "communication-aids", "attendance-special"}

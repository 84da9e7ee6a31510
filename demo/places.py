"""Where demo schools are: real local authorities, their GIAS codes, towns and map positions.

The facts are public (LA codes as GIAS uses them; town centres to two decimal places) so a
demo school lands in the right place on the map and in the right region's filter. School
names, streets and postcodes built from them are invented.
"""

from network.models import Phase, Region

# region -> [(local authority, LA code, town, latitude, longitude, postcode area)]
PLACES = {
    Region.NORTH_EAST: [
        ("Newcastle upon Tyne", "391", "Newcastle upon Tyne", 54.98, -1.62, "NE"),
        ("County Durham", "840", "Durham", 54.78, -1.57, "DH"),
        ("Sunderland", "394", "Sunderland", 54.91, -1.38, "SR"),
        ("Northumberland", "929", "Morpeth", 55.17, -1.69, "NE"),
        ("Middlesbrough", "806", "Middlesbrough", 54.57, -1.24, "TS"),
    ],
    Region.NORTH_WEST: [
        ("Manchester", "352", "Manchester", 53.48, -2.24, "M"),
        ("Liverpool", "341", "Liverpool", 53.41, -2.99, "L"),
        ("Lancashire", "888", "Preston", 53.76, -2.70, "PR"),
        ("Cumberland", "942", "Carlisle", 54.89, -2.93, "CA"),
        ("Bolton", "350", "Bolton", 53.58, -2.43, "BL"),
    ],
    Region.YORKSHIRE: [
        ("Leeds", "383", "Leeds", 53.80, -1.55, "LS"),
        ("Sheffield", "373", "Sheffield", 53.38, -1.47, "S"),
        ("York", "816", "York", 53.96, -1.08, "YO"),
        ("Kingston upon Hull, City of", "810", "Hull", 53.74, -0.33, "HU"),
        ("Bradford", "380", "Bradford", 53.80, -1.76, "BD"),
    ],
    Region.EAST_MIDLANDS: [
        ("Nottingham", "892", "Nottingham", 52.95, -1.16, "NG"),
        ("Leicester", "856", "Leicester", 52.64, -1.14, "LE"),
        ("Derbyshire", "830", "Chesterfield", 53.24, -1.42, "S"),
        ("Lincolnshire", "925", "Lincoln", 53.23, -0.54, "LN"),
        ("West Northamptonshire", "941", "Northampton", 52.24, -0.90, "NN"),
    ],
    Region.WEST_MIDLANDS: [
        ("Birmingham", "330", "Birmingham", 52.49, -1.89, "B"),
        ("Coventry", "331", "Coventry", 52.41, -1.52, "CV"),
        ("Stoke-on-Trent", "861", "Stoke-on-Trent", 53.00, -2.18, "ST"),
        ("Worcestershire", "885", "Worcester", 52.19, -2.22, "WR"),
        ("Shropshire", "893", "Shrewsbury", 52.71, -2.75, "SY"),
    ],
    Region.EAST_OF_ENGLAND: [
        ("Norfolk", "926", "Norwich", 52.63, 1.30, "NR"),
        ("Suffolk", "935", "Ipswich", 52.06, 1.16, "IP"),
        ("Cambridgeshire", "873", "Cambridge", 52.21, 0.12, "CB"),
        ("Essex", "881", "Chelmsford", 51.74, 0.47, "CM"),
        ("Luton", "821", "Luton", 51.88, -0.42, "LU"),
    ],
    Region.LONDON: [
        ("Camden", "202", "London", 51.54, -0.14, "NW"),
        ("Hackney", "204", "London", 51.55, -0.06, "E"),
        ("Lambeth", "208", "London", 51.46, -0.12, "SW"),
        ("Tower Hamlets", "211", "London", 51.52, -0.03, "E"),
        ("Croydon", "306", "Croydon", 51.38, -0.10, "CR"),
        ("Ealing", "307", "London", 51.51, -0.31, "W"),
    ],
    Region.SOUTH_EAST: [
        ("Kent", "886", "Maidstone", 51.27, 0.53, "ME"),
        ("Brighton and Hove", "846", "Brighton", 50.82, -0.14, "BN"),
        ("Hampshire", "850", "Winchester", 51.06, -1.31, "SO"),
        ("Oxfordshire", "931", "Oxford", 51.75, -1.26, "OX"),
        ("Surrey", "936", "Guildford", 51.24, -0.57, "GU"),
        ("Milton Keynes", "826", "Milton Keynes", 52.04, -0.76, "MK"),
    ],
    Region.SOUTH_WEST: [
        ("Bristol, City of", "801", "Bristol", 51.45, -2.59, "BS"),
        ("Devon", "878", "Exeter", 50.72, -3.53, "EX"),
        ("Cornwall", "908", "Truro", 50.26, -5.05, "TR"),
        ("Plymouth", "879", "Plymouth", 50.38, -4.14, "PL"),
        ("Gloucestershire", "916", "Gloucester", 51.86, -2.24, "GL"),
    ],
}
REGIONS = list(PLACES)

# Regions far enough apart that a cluster between them is "twinned over distance".
TWINNINGS = [
    (Region.NORTH_EAST, Region.SOUTH_WEST),
    (Region.NORTH_WEST, Region.EAST_OF_ENGLAND),
    (Region.YORKSHIRE, Region.SOUTH_EAST),
    (Region.LONDON, Region.NORTH_EAST),
]

# (phase, weight, establishment types, name patterns)
PHASES = [
    (
        Phase.PRIMARY,
        58,
        ["Community school", "Voluntary aided school", "Academy converter", "Foundation school"],
        [
            "{place} Primary School",
            "{saint} Church of England Primary School",
            "{saint} Catholic Primary School",
            "{place} Community Primary School",
            "{place} Infant and Nursery School",
            "{place} Junior School",
            "{place} Primary Academy",
        ],
    ),
    (
        Phase.SECONDARY,
        24,
        ["Academy converter", "Academy sponsor led", "Community school", "Voluntary aided school"],
        [
            "{place} Academy",
            "{place} High School",
            "{saint} Catholic High School",
            "{place} School",
            "{town} {compass} Academy",
        ],
    ),
    (Phase.NURSERY, 4, ["Local authority nursery school"], ["{place} Nursery School"]),
    (
        Phase.ALL_THROUGH,
        5,
        ["Academy converter", "Free schools"],
        ["{place} All-Through School", "{town} {compass} Academy"],
    ),
    (
        Phase.MIDDLE_SECONDARY,
        3,
        ["Academy converter", "Community school"],
        ["{place} Middle School"],
    ),
    (
        Phase.SIXTEEN_PLUS,
        3,
        ["Sixth form centres", "Academy 16-19 converter"],
        ["{town} Sixth Form College"],
    ),
    (
        Phase.NOT_APPLICABLE,
        3,
        ["Community special school", "Academy special converter"],
        ["{place} Special School", "{place} School"],
    ),
]

PLACE_STARTS = [
    "Ash", "Beech", "Birch", "Brook", "Castle", "Cedar", "Church", "Elm", "Fair", "Fern",
    "Hazel", "Heath", "High", "Holly", "Kings", "Lark", "Long", "Maple", "Mill", "Moor",
    "Oak", "Orchard", "Park", "Queens", "Rose", "Stone", "Thorn", "Well", "West", "Willow",
]  # fmt: skip
PLACE_ENDS = [
    "bank", "bridge", "brook", "croft", "dale", "field", "fields", "ford", "gate", "green",
    "hill", "hurst", "lands", "lea", "mead", "side", "ton", "vale", "way", "wood",
]  # fmt: skip
SAINTS = [
    "St Mary's", "St John's", "St Peter's", "St Paul's", "Holy Trinity", "All Saints",
    "St Bede's", "St Anne's", "Christ Church", "St Michael's", "St Thomas More",
    "St Joseph's", "St Aidan's", "St Cuthbert's", "Our Lady of Lourdes",
]  # fmt: skip
COMPASS = ["North", "South", "East", "West", "Central"]
STREETS = [
    "School Lane", "Church Road", "Park Avenue", "Station Road", "Mill Lane", "Victoria Road",
    "Queens Drive", "Green Lane", "High Street", "Manor Way", "Orchard Close", "Chapel Street",
]  # fmt: skip
TRUSTS = [
    "", "", "", "Northern Lights Learning Trust", "Harmony Schools Trust",
    "Riverside Academies", "Pathways Education Trust", "Diocesan Schools Trust",
]  # fmt: skip
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def pick_phase(rng):
    total = sum(weight for _, weight, _, _ in PHASES)
    point = rng.uniform(0, total)
    for phase, weight, types, patterns in PHASES:
        point -= weight
        if point <= 0:
            return phase, types, patterns
    return PHASES[0][0], PHASES[0][2], PHASES[0][3]


def place_name(rng):
    return rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)


def postcode(rng, area):
    inward = f"{rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
    return f"{area}{rng.randint(1, 28)} {inward}"

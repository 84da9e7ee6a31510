"""Write a full-size GIAS "all establishment data" file (edubasealldata<date>.csv) to test on.

    python bench/gias_file.py [--rows 50000] [--out /tmp/edubasealldata20260901.csv] [--seed 1]

The file is what GIAS publishes: Windows-1252, CRLF line ends, every field quoted, the real
header (the columns of the download, in its order), about 50,000 establishments (open and
closed; schools, academies, special schools, PRUs, alternative provision, nurseries,
colleges, Welsh establishments), about 60 MB. Names carry the characters that break naive
readers (apostrophes, accents, commas inside quotes). Deterministic for a given seed.
"""

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

DEFAULT_PATH = os.path.join(tempfile.gettempdir(), "edubasealldata20260901.csv")

HEADER = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
    "TypeOfEstablishment (code)", "TypeOfEstablishment (name)", "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)", "ReasonEstablishmentOpened (name)", "OpenDate",
    "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)", "CloseDate",
    "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)",
    "OfficialSixthForm (name)", "Gender (code)", "Gender (name)", "ReligiousCharacter (code)",
    "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)",
    "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity",
    "SpecialClasses (code)", "SpecialClasses (name)", "CensusDate", "NumberOfPupils",
    "NumberOfBoys", "NumberOfGirls", "PercentageFSM", "TrustSchoolFlag (code)",
    "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)", "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)", "FederationFlag (name)", "Federations (code)", "Federations (name)",
    "UKPRN", "FEHEIdentifier", "FurtherEducationType (name)", "OfstedLastInsp",
    "OfstedSpecialMeasures (code)", "OfstedSpecialMeasures (name)", "LastChangedDate", "Street",
    "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum",
    "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle",
    "BSOInspectorateName (name)", "InspectorateReport", "DateOfLastInspectionVisit",
    "NextInspectionVisit", "TeenMoth (name)", "TeenMothPlaces", "CCF (name)", "SENPRU (name)",
    "EBD (name)", "PlacesPRU", "FTProv (name)", "EdByOther (name)", "Section41Approved (name)",
    *(f"SEN{number} (name)" for number in range(1, 14)),
    "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity",
    "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)", "GOR (name)",
    "DistrictAdministrative (code)", "DistrictAdministrative (name)",
    "AdministrativeWard (code)", "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)", "UrbanRural (code)",
    "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing",
    "CensusAreaStatisticWard (name)", "MSOA (name)", "LSOA (name)", "InspectorateName (name)",
    "SENStat", "SENNoStat", "BoardingEstablishment (name)", "PropsName", "PreviousLA (code)",
    "PreviousLA (name)", "PreviousEstablishmentNumber", "OfstedRating (name)",
    "RSCRegion (name)", "Country (name)", "UPRN", "SiteName", "QABName (code)", "QABName (name)",
    "EstablishmentAccredited (code)", "EstablishmentAccredited (name)", "QABReport", "CHNumber",
    "MSOA (code)", "LSOA (code)", "FSM", "AccreditationExpiryDate",
]  # fmt: skip

# (type code, type name, group code, group name, phase, share of the file)
TYPES = [
    ("01", "Community school", "4", "Local authority maintained schools", "Primary", 18),
    ("02", "Voluntary aided school", "4", "Local authority maintained schools", "Primary", 6),
    ("03", "Voluntary controlled school", "4", "Local authority maintained schools", "Primary", 4),
    ("28", "Academy sponsor led", "10", "Academies", "Secondary", 6),
    ("34", "Academy converter", "10", "Academies", "Primary", 18),
    ("34", "Academy converter", "10", "Academies", "Secondary", 4),
    ("35", "Free schools", "11", "Free Schools", "All-through", 1),
    ("11", "Other independent school", "3", "Independent schools", "Not applicable", 6),
    ("07", "Community special school", "5", "Special schools", "Not applicable", 2),
    ("33", "Academy special converter", "5", "Special schools", "Not applicable", 1),
    ("36", "Free schools special", "5", "Special schools", "Not applicable", 1),
    ("08", "Non-maintained special school", "5", "Special schools", "Not applicable", 1),
    ("10", "Other independent special school", "3", "Independent schools", "Not applicable", 2),
    ("14", "Pupil referral unit", "4", "Local authority maintained schools", "Not applicable", 1),
    ("44", "Academy alternative provision converter", "10", "Academies", "Not applicable", 1),
    ("42", "Academy alternative provision sponsor led", "10", "Academies", "Not applicable", 1),
    (
        "15",
        "Local authority nursery school",
        "4",
        "Local authority maintained schools",
        "Nursery",
        1,
    ),
    ("18", "Further education", "9", "Colleges", "16 plus", 2),
    ("29", "Higher education institutions", "6", "Universities", "Not applicable", 1),
    ("24", "Secure units", "7", "Other types", "Not applicable", 1),
    ("30", "Welsh establishment", "8", "Welsh schools", "Not applicable", 6),
    ("46", "Online provider", "3", "Independent schools", "Not applicable", 1),
]
REGIONS = [
    ("A", "North East", ["Newcastle upon Tyne", "Sunderland", "Durham", "Gateshead"]),
    ("B", "North West", ["Manchester", "Salford", "Liverpool", "Bolton", "Cumbria"]),
    ("D", "Yorkshire and the Humber", ["Leeds", "Sheffield", "Bradford", "Hull"]),
    ("E", "East Midlands", ["Nottingham", "Leicester", "Derby", "Lincolnshire"]),
    ("F", "West Midlands", ["Birmingham", "Coventry", "Wolverhampton", "Stoke-on-Trent"]),
    ("G", "East of England", ["Norfolk", "Suffolk", "Essex", "Cambridgeshire"]),
    ("H", "London", ["Camden", "Hackney", "Southwark", "Tower Hamlets", "Croydon"]),
    ("J", "South East", ["Kent", "Brighton and Hove", "Oxfordshire", "Surrey"]),
    ("K", "South West", ["Bristol, City of", "Devon", "Cornwall", "Plymouth"]),
]
SEN_NAMES = [
    "ASD - Autistic Spectrum Disorder", "SEMH - Social, Emotional and Mental Health",
    "SLCN - Speech, language and Communication", "MLD - Moderate Learning Difficulty",
    "SLD - Severe Learning Difficulty", "PMLD - Profound and Multiple Learning Difficulty",
    "SpLD - Specific Learning Difficulty", "HI - Hearing Impairment", "VI - Visual Impairment",
    "MSI - Multi-Sensory Impairment", "PD - Physical Disability",
    "OTH - Other Difficulty/Disability",
]  # fmt: skip
SAINTS = ["St Mary's", "St John's", "St Aidan's", "St Thérèse's", "Our Lady's", "St Cuthbert's"]
PLACES = [
    "Brookfield", "Ashworth", "Linthorpe", "Hollins", "Moorside", "Kingsmead", "Beechwood",
    "Greenacres", "Café Lane", "Fernhill", "Ravensworth", "Whitegate", "Oakwood", "Abbeyfield",
]  # fmt: skip
FIRST = ["Sarah", "James", "Aoife", "Mohammed", "Zoë", "Siân", "Chloé", "David", "Priya"]
LAST = ["O'Brien", "Smith", "Nwosu", "Brontë", "Kowalski", "Patel", "Jones", "Müller"]


def school_name(rng, type_name, phase):
    place = rng.choice(PLACES)
    if "special" in type_name.lower():
        return rng.choice([f"{place} School", f"{place} Special School", f"The {place} Centre"])
    if "referral" in type_name.lower() or "alternative" in type_name.lower():
        return rng.choice([f"{place} Pupil Referral Unit", f"{place} Learning Centre"])
    if phase == "Primary":
        return rng.choice(
            [
                f"{place} Primary School",
                f"{rng.choice(SAINTS)} Catholic Primary School, {place}",
                f"{place} Church of England Voluntary Aided Junior & Infant School",
            ]
        )
    if phase == "Secondary":
        return rng.choice(
            [f"{place} Academy", f"{place} High School", f"{place} Community College"]
        )
    return f"{place} {type_name.split()[0]} Establishment"


def row(rng, urn, kinds, weights):
    code, type_name, group_code, group, phase = rng.choices(kinds, weights)[0]
    gor_code, gor, authorities = rng.choice(REGIONS)
    if type_name == "Welsh establishment":
        gor_code, gor, authorities = "W", "Wales (pseudo)", ["Cardiff", "Swansea", "Gwynedd"]
    authority = rng.choice(authorities)
    la_code = str(rng.randint(201, 938))
    closed = rng.random() < 0.33  # GIAS keeps closed establishments: about a third of the file
    name = school_name(rng, type_name, phase)
    special = group == "Special schools" or "special" in type_name.lower()
    resourced = ""
    if phase in ("Primary", "Secondary") and rng.random() < 0.08:
        resourced = rng.choice(
            ["Resourced provision", "SEN unit", "Resourced provision and SEN unit"]
        )
    needs = []
    if special or resourced:
        needs = rng.sample(SEN_NAMES, rng.randint(1, 4))
    pupils = (
        "" if closed else str(rng.randint(8, 1900) if phase != "Primary" else rng.randint(40, 700))
    )
    values = dict.fromkeys(HEADER, "")
    values.update(
        {
            "URN": str(urn),
            "LA (code)": la_code,
            "LA (name)": authority,
            "EstablishmentNumber": str(rng.randint(1000, 7999)),
            "EstablishmentName": name,
            "TypeOfEstablishment (code)": code,
            "TypeOfEstablishment (name)": type_name,
            "EstablishmentTypeGroup (code)": group_code,
            "EstablishmentTypeGroup (name)": group,
            "EstablishmentStatus (code)": "2" if closed else "1",
            "EstablishmentStatus (name)": "Closed" if closed else "Open",
            "ReasonEstablishmentOpened (name)": "Not applicable",
            "OpenDate": f"01-09-{rng.randint(1950, 2024)}",
            "CloseDate": f"31-08-{rng.randint(2000, 2025)}" if closed else "",
            "PhaseOfEducation (name)": phase,
            "StatutoryLowAge": "4" if phase == "Primary" else "11",
            "StatutoryHighAge": "11" if phase == "Primary" else "19",
            "Boarders (name)": "No boarders",
            "NurseryProvision (name)": rng.choice(["Has Nursery Classes", "No Nursery Classes"]),
            "OfficialSixthForm (name)": "Does not have a sixth form",
            "Gender (name)": "Mixed",
            "ReligiousCharacter (name)": "Does not apply",
            "AdmissionsPolicy (name)": "Not applicable",
            "SchoolCapacity": str(rng.randint(30, 2000)),
            "SpecialClasses (name)": "Has Special Classes" if resourced else "No Special Classes",
            "CensusDate": "16-01-2026",
            "NumberOfPupils": pupils,
            "NumberOfBoys": str(int(pupils) // 2) if pupils else "",
            "NumberOfGirls": str(int(pupils) - int(pupils) // 2) if pupils else "",
            "PercentageFSM": ""
            if closed
            else rng.choice([f"{rng.uniform(2, 70):.1f}", f"{rng.uniform(2, 70):.1f}", "SUPP"]),
            "TrustSchoolFlag (name)": "Not applicable",
            "Trusts (name)": f"The {rng.choice(PLACES)} Learning Trust"
            if "Academy" in type_name
            else "",
            "UKPRN": str(rng.randint(10_000_000, 10_099_999)),
            "OfstedLastInsp": f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-2024",
            "LastChangedDate": f"{rng.randint(1, 28):02d}-0{rng.randint(1, 9)}-2026",
            "Street": f"{rng.randint(1, 200)} {rng.choice(PLACES)} Road",
            "Locality": rng.choice(["", "Flat 2, The Old Mill", rng.choice(PLACES)]),
            "Town": authority.split(",")[0],
            "County (name)": rng.choice(["", "Greater Manchester", "Kent", "Devon"]),
            "Postcode": postcode(rng),
            "SchoolWebsite": rng.choice(["", f"www.{name.split()[0].lower()}.sch.uk"]),
            "TelephoneNum": f"0{rng.randint(1000000000, 1999999999)}",
            "HeadTitle (name)": rng.choice(["Mrs", "Mr", "Ms", "Dr"]),
            "HeadFirstName": rng.choice(FIRST),
            "HeadLastName": rng.choice(LAST),
            "HeadPreferredJobTitle": "Headteacher",
            "SENPRU (name)": "Not applicable",
            "EBD (name)": "Not applicable",
            "FTProv (name)": "Not applicable",
            "EdByOther (name)": "Not applicable",
            "Section41Approved (name)": "Not applicable",
            "TypeOfResourcedProvision (name)": resourced or rng.choice(["", "Not applicable"]),
            "ResourcedProvisionOnRoll": str(rng.randint(4, 30)) if resourced else "",
            "ResourcedProvisionCapacity": str(rng.randint(8, 30)) if resourced else "",
            "GOR (code)": gor_code,
            "GOR (name)": gor,
            "DistrictAdministrative (name)": authority,
            "AdministrativeWard (name)": f"{rng.choice(PLACES)} Ward",
            "ParliamentaryConstituency (name)": f"{authority} {rng.choice(['North', 'South'])}",
            "UrbanRural (name)": rng.choice(
                ["(England/Wales) Urban major conurbation", "(England/Wales) Rural village"]
            ),
            "GSSLACode (name)": f"E0{rng.randint(6000000, 9000000)}",
            "Easting": str(rng.randint(140_000, 650_000)),
            "Northing": str(rng.randint(20_000, 650_000)),
            "MSOA (name)": f"{authority} {rng.randint(1, 40):03d}",
            "LSOA (name)": f"{authority} {rng.randint(1, 40):03d}{rng.choice('ABCDE')}",
            "InspectorateName (name)": "Ofsted",
            "SENStat": str(rng.randint(0, 40)),
            "SENNoStat": str(rng.randint(0, 120)),
            "BoardingEstablishment (name)": "Not applicable",
            "PreviousLA (name)": "Not applicable",
            "OfstedRating (name)": rng.choice(["Good", "Outstanding", "Requires improvement", ""]),
            "RSCRegion (name)": gor,
            "Country (name)": "United Kingdom",
            "UPRN": str(rng.randint(10_000_000_000, 99_999_999_999)),
            "QABName (name)": "Not applicable",
            "EstablishmentAccredited (name)": "Not applicable",
            "MSOA (code)": f"E0{rng.randint(2000000, 2999999)}",
            "LSOA (code)": f"E0{rng.randint(1000000, 1999999)}",
            "FSM": str(rng.randint(0, 400)) if pupils else "",
        }
    )
    for position, need in enumerate(needs, start=1):
        values[f"SEN{position} (name)"] = need
    return values


def postcode(rng):
    area = rng.choice(["M", "LS", "NW", "B", "EX"])
    unit = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQ')}"
    return f"{area}{rng.randint(1, 30)} {unit}"


def quote(value):
    return '"' + value.replace('"', '""') + '"'


def write_file(path, rows=50_000, seed=1):
    rng = random.Random(seed)
    kinds = [kind[:5] for kind in TYPES]
    weights = [kind[5] for kind in TYPES]
    urns = rng.sample(range(100_000, 160_000), rows)
    with open(path, "w", encoding="cp1252", newline="") as handle:
        handle.write(",".join(quote(name) for name in HEADER) + "\r\n")
        for urn in sorted(urns):
            values = row(rng, urn, kinds, weights)
            handle.write(",".join(quote(values[name]) for name in HEADER) + "\r\n")
    return sorted(urns)


def open_school_urns(path, phase_or_kind=None, limit=None, seed=2):
    """URNs of open schools in a written file (for an award holders file to match)."""
    import csv

    with open(path, encoding="cp1252", newline="") as handle:
        reader = csv.DictReader(handle)
        urns = [
            row["URN"]
            for row in reader
            if row["EstablishmentStatus (name)"] == "Open"
            and row["GOR (name)"] != "Wales (pseudo)"
            and row["TypeOfEstablishment (name)"] not in ("Higher education institutions",)
        ]
    random.Random(seed).shuffle(urns)
    return urns[:limit] if limit else urns


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    write_file(args.out, args.rows, args.seed)
    size = Path(args.out).stat().st_size
    print(f"{args.out}: {args.rows:,} establishments, {len(HEADER)} columns, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())

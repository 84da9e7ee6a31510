"""Small GIAS establishment files and award holders files, written the way real ones are."""

import csv
import io

GIAS_COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "NumberOfPupils",
    "PercentageFSM",
    "Trusts (name)",
    "Street",
    "Town",
    "Postcode",
    "SchoolWebsite",
    *(f"SEN{number} (name)" for number in range(1, 14)),
    "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll",
    "GOR (name)",
    "Easting",
    "Northing",
]

SCHOOLS = {
    # A special school for autism and SLCN in Salford.
    "131313": {
        "EstablishmentName": "Brookfield Academy",
        "TypeOfEstablishment (name)": "Academy special converter",
        "EstablishmentTypeGroup (name)": "Special schools",
        "PhaseOfEducation (name)": "Not applicable",
        "NumberOfPupils": "142",
        "PercentageFSM": "41.3",
        "SEN1 (name)": "ASD - Autistic Spectrum Disorder",
        "SEN2 (name)": "SLCN - Speech, language and Communication",
        "LA (name)": "Salford",
        "GOR (name)": "North West",
        "Postcode": "M6 5AA",
        "Easting": "380000",
        "Northing": "399000",
    },
    # A mainstream primary with a resourced provision for autism, in Kent.
    "141414": {
        "EstablishmentName": "St Thérèse's Catholic Primary School, Ashford",
        "TypeOfEstablishment (name)": "Voluntary aided school",
        "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "PhaseOfEducation (name)": "Primary",
        "NumberOfPupils": "412",
        "PercentageFSM": "SUPP",
        "SEN1 (name)": "ASD - Autistic Spectrum Disorder",
        "TypeOfResourcedProvision (name)": "Resourced provision",
        "ResourcedProvisionOnRoll": "14",
        "LA (name)": "Kent",
        "GOR (name)": "South East",
        "Postcode": "TN23 1AA",
        "Easting": "601000",
        "Northing": "142000",
    },
    # A pupil referral unit.
    "151515": {
        "EstablishmentName": "Moorside Pupil Referral Unit",
        "TypeOfEstablishment (name)": "Pupil referral unit",
        "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "PhaseOfEducation (name)": "Not applicable",
        "NumberOfPupils": "38",
        "PercentageFSM": "62.0",
        "SEN1 (name)": "SEMH - Social, Emotional and Mental Health",
        "LA (name)": "Leeds",
        "GOR (name)": "Yorkshire and the Humber",
        "Postcode": "LS9 8AA",
        "Easting": "432000",
        "Northing": "433000",
    },
    # Alternative provision academy.
    "161616": {
        "EstablishmentName": "Harbour Learning Centre",
        "TypeOfEstablishment (name)": "Academy alternative provision sponsor led",
        "EstablishmentTypeGroup (name)": "Academies",
        "PhaseOfEducation (name)": "Secondary",
        "NumberOfPupils": "65",
        "PercentageFSM": "55.5",
        "LA (name)": "Plymouth",
        "GOR (name)": "South West",
        "Postcode": "PL1 2AA",
        "Easting": "248000",
        "Northing": "54500",
    },
    # Closed: GIAS keeps them in the file.
    "171717": {
        "EstablishmentName": "Old Mill Infants",
        "EstablishmentStatus (name)": "Closed",
        "PhaseOfEducation (name)": "Primary",
        "LA (name)": "Bolton",
        "GOR (name)": "North West",
    },
}


def gias_row(urn, **values):
    row = dict.fromkeys(GIAS_COLUMNS, "")
    row.update(
        {
            "URN": urn,
            "LA (code)": "355",
            "EstablishmentNumber": urn[-4:],
            "EstablishmentStatus (name)": "Open",
            "Town": "Somewhere",
            "Street": "1 School Lane",
        }
    )
    row.update(SCHOOLS.get(urn, {}))
    row.update(values)
    return row


def write_gias(path, rows=None, encoding="cp1252", filler=50):
    """The schools above among `filler` others (which the import must not read beyond their URN)."""
    rows = rows if rows is not None else [gias_row(urn) for urn in SCHOOLS]
    others = [
        gias_row(str(200000 + number), EstablishmentName=f"Other School {number}",
                 **{"PhaseOfEducation (name)": "Primary", "GOR (name)": "London",
                    "NumberOfPupils": "not a number"})
        for number in range(filler)
    ]  # fmt: skip
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=GIAS_COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_ALL
    )
    writer.writeheader()
    writer.writerows(others[: filler // 2] + rows + others[filler // 2 :])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


HOLDERS_HEADER = "URN,Scheme,Level,Awarded on,Valid until,Assessor's email"


def write_holders(path, lines, encoding="cp1252", header=HOLDERS_HEADER, bom=False):
    text = "\r\n".join([header, *lines]) + "\r\n"
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path

"""The GIAS import, run as a user runs it: `manage.py import_schools FILE.csv`."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from network.models import Phase, Provision, Region, SchoolIndexPage, SchoolPage
from tests.factories import SchoolPageFactory

pytestmark = pytest.mark.django_db

COLUMNS = [
    "URN",
    "LA (code)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "LA (name)",
    "GOR (name)",
    "Trusts (name)",
    "Street",
    "Town",
    "Postcode",
    "SchoolWebsite",
    "Easting",
    "Northing",
]


def gias_row(**values):
    row = {
        "URN": "100001",
        "LA (code)": "202",
        "EstablishmentNumber": "2001",
        "EstablishmentName": "Westminster Bridge Primary",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentStatus (name)": "Open",
        "PhaseOfEducation (name)": "Primary",
        "LA (name)": "Westminster",
        "GOR (name)": "London",
        "Trusts (name)": "",
        "Street": "1 Bridge Street",
        "Town": "London",
        "Postcode": "SW1A 2AA",
        "SchoolWebsite": "www.westminster-bridge.example.org",
        "Easting": "529090",
        "Northing": "179645",
    }
    row.update(values)
    return row


def write_csv(tmp_path, rows, encoding="cp1252", name="gias.csv", columns=COLUMNS):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_schools", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def last_line(text):
    return text.strip().splitlines()[-1]


def test_good_rows_become_published_school_pages(tmp_path):
    path = write_csv(
        tmp_path,
        [
            gias_row(),
            gias_row(
                URN="137000",
                **{
                    "LA (code)": "373",
                    "EstablishmentNumber": "4001",
                    "EstablishmentName": "Sheffield Park Academy",
                    "TypeOfEstablishment (name)": "Academy sponsor led",
                    "PhaseOfEducation (name)": "Secondary",
                    "LA (name)": "Sheffield",
                    "GOR (name)": "Yorkshire and the Humber",
                    "Trusts (name)": "United Learning Trust",
                    "Town": "Sheffield",
                    "Postcode": "s2 2ra",
                    "SchoolWebsite": "",
                    "Easting": "435300",
                    "Northing": "387300",
                },
            ),
        ],
    )
    out, err = run(path)
    assert last_line(out) == "created 2, updated 0, rejected 0"
    assert err == ""

    london = SchoolPage.objects.get(urn="100001")
    assert london.live and london.title == "Westminster Bridge Primary"
    assert london.laestab == "2022001" and london.la_code == "202"
    assert london.phase == Phase.PRIMARY and london.region == Region.LONDON
    assert london.local_authority == "Westminster"
    assert london.website == "http://www.westminster-bridge.example.org"
    assert london.latitude == pytest.approx(51.50, abs=0.01)
    assert london.longitude == pytest.approx(-0.14, abs=0.02)
    assert london.get_parent().specific_class is SchoolIndexPage
    assert london.editors_group is not None
    assert london.revisions.count() == 1

    sheffield = SchoolPage.objects.get(urn="137000")
    assert sheffield.region == Region.YORKSHIRE and sheffield.phase == Phase.SECONDARY
    assert sheffield.trust == "United Learning Trust" and sheffield.postcode == "S2 2RA"
    assert sheffield.latitude == pytest.approx(53.38, abs=0.02)
    assert sheffield.longitude == pytest.approx(-1.47, abs=0.02)


def test_the_imported_school_is_in_the_directory(tmp_path, client):
    run(write_csv(tmp_path, [gias_row()]))
    index = SchoolIndexPage.objects.get()
    response = client.get(f"{index.url}?q=100001")
    assert response.status_code == 200
    assert "Westminster Bridge Primary" in response.content.decode()


def test_bad_rows_are_reported_with_line_and_reason_and_the_rest_import(tmp_path):
    rows = [
        gias_row(URN="100001"),  # line 2
        gias_row(URN=""),  # line 3
        gias_row(URN="12ab56"),  # line 4
        gias_row(URN="100004", **{"PhaseOfEducation (name)": "Kindergarten"}),  # line 5
        gias_row(URN="100005", Easting="five hundred"),  # line 6
        gias_row(URN="100006", **{"GOR (name)": "Atlantis"}),  # line 7
        gias_row(URN="100007", Northing=""),  # line 8
        gias_row(URN="100008", **{"EstablishmentStatus (name)": "Closed"}),  # line 9
        gias_row(URN="100009", **{"EstablishmentName": "Last Good School"}),  # line 10
    ]
    out, err = run(write_csv(tmp_path, rows))
    assert last_line(out) == "created 2, updated 0, rejected 6"
    assert "line 3: rejected: URN is missing" in err
    assert "line 4: rejected: URN '12ab56' is not six digits" in err
    assert "line 5: rejected: unknown phase of education 'Kindergarten'" in err
    assert "line 6: rejected: Easting 'five hundred' is not a number" in err
    assert "line 7: rejected: unknown region 'Atlantis'" in err
    assert "line 8: rejected: give both Easting and Northing" in err
    assert "line 9: skipped: URN 100008 is closed" in out
    assert sorted(SchoolPage.objects.values_list("urn", flat=True)) == ["100001", "100009"]


def test_line_numbers_count_lines_of_the_file_not_records(tmp_path):
    rows = [gias_row(Street="Flat 1\nOld Mill"), gias_row(URN="bad")]
    out, err = run(write_csv(tmp_path, rows))
    assert "line 4: rejected: URN 'bad' is not six digits" in err
    assert SchoolPage.objects.get(urn="100001").street == "Flat 1\nOld Mill"


def test_repeated_rows_and_a_repeated_file_create_nothing_new(tmp_path):
    path = write_csv(tmp_path, [gias_row(), gias_row(), gias_row(URN="100002")])
    out, _ = run(path)
    assert last_line(out) == "created 2, updated 0, rejected 0"
    assert "1 already up to date." in out
    out, _ = run(path)
    assert last_line(out) == "created 0, updated 0, rejected 0"
    assert "3 already up to date." in out
    assert SchoolPage.objects.count() == 2
    assert SchoolPage.objects.get(urn="100001").revisions.count() == 1


def test_a_change_is_published_as_a_revision_in_the_page_history(tmp_path):
    run(write_csv(tmp_path, [gias_row()]))
    school = SchoolPage.objects.get(urn="100001")
    slug = school.slug
    changed = gias_row(
        **{"EstablishmentName": "Westminster Bridge Church of England Primary", "Town": "Lambeth"}
    )
    out, _ = run(write_csv(tmp_path, [changed], name="next-month.csv"))
    assert last_line(out) == "created 0, updated 1, rejected 0"
    school.refresh_from_db()
    assert school.title == "Westminster Bridge Church of England Primary"
    assert school.town == "Lambeth" and school.slug == slug and school.live
    assert school.revisions.count() == 2
    assert school.live_revision == school.latest_revision
    assert not school.has_unpublished_changes


def test_a_schools_unpublished_draft_survives_an_import(tmp_path):
    run(write_csv(tmp_path, [gias_row()]))
    school = SchoolPage.objects.get(urn="100001")
    school.about = "<p>Our draft welcome.</p>"
    school.save_revision()
    run(write_csv(tmp_path, [gias_row(Town="Lambeth")], name="next.csv"))
    school.refresh_from_db()
    assert school.town == "Lambeth" and school.about == ""
    draft = school.get_latest_revision_as_object()
    assert draft.about == "<p>Our draft welcome.</p>" and draft.town == "Lambeth"
    assert school.has_unpublished_changes


def test_existing_school_keeps_its_own_fields(tmp_path):
    school = SchoolPageFactory(
        urn="100001", title="Old name", website="https://our-school.example.org"
    )
    school.contact_email = "office@our-school.example.org"
    school.save()
    out, _ = run(write_csv(tmp_path, [gias_row(SchoolWebsite="", Easting="", Northing="")]))
    assert last_line(out) == "created 0, updated 1, rejected 0"
    school.refresh_from_db()
    assert school.title == "Westminster Bridge Primary"
    assert school.website == "https://our-school.example.org"
    assert school.contact_email == "office@our-school.example.org"
    assert school.latitude == 51.53  # GIAS gave no location: the old one stays


def test_windows_1252_file_with_accented_names(tmp_path):
    rows = [
        gias_row(URN="100011", EstablishmentName="St Mary\u2019s Church of England Primary"),
        gias_row(
            URN="100012",
            EstablishmentName="École Française Jacqueline de Romilly",
            Town="Camden Town",
        ),
        gias_row(URN="100013", EstablishmentName="Ysgol Gymraeg Dewi Sant – Llundain"),
    ]
    path = write_csv(tmp_path, rows, encoding="cp1252")
    assert "\u2019".encode("cp1252") in path.read_bytes()
    out, err = run(path)
    assert last_line(out) == "created 3, updated 0, rejected 0", err
    assert SchoolPage.objects.get(urn="100011").title == "St Mary\u2019s Church of England Primary"
    assert SchoolPage.objects.get(urn="100012").title == "École Française Jacqueline de Romilly"
    assert SchoolPage.objects.get(urn="100013").title == "Ysgol Gymraeg Dewi Sant – Llundain"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_bom(tmp_path, encoding):
    path = write_csv(
        tmp_path, [gias_row(EstablishmentName="Ysgol Gymraeg Dewi Sant — Pêl")], encoding=encoding
    )
    out, _ = run(path)
    assert last_line(out) == "created 1, updated 0, rejected 0"
    assert SchoolPage.objects.get(urn="100001").title == "Ysgol Gymraeg Dewi Sant — Pêl"


def test_a_trimmed_extract_with_only_the_required_columns(tmp_path):
    columns = ["URN", "EstablishmentName", "PhaseOfEducation (name)"]
    rows = [
        {
            "URN": "100020",
            "EstablishmentName": "Small File School",
            "PhaseOfEducation (name)": "Nursery",
        }
    ]
    out, _ = run(write_csv(tmp_path, rows, columns=columns))
    assert last_line(out) == "created 1, updated 0, rejected 0"
    school = SchoolPage.objects.get(urn="100020")
    assert school.phase == Phase.NURSERY and school.latitude is None and school.region == ""


def test_an_odd_website_is_left_out_with_a_note(tmp_path):
    out, _ = run(write_csv(tmp_path, [gias_row(SchoolWebsite="not a website at all")]))
    assert "line 2: website 'not a website at all' left out" in out
    assert last_line(out) == "created 1, updated 0, rejected 0"
    assert SchoolPage.objects.get(urn="100001").website == ""


def test_directory_is_made_when_missing(tmp_path):
    assert not SchoolIndexPage.objects.exists()
    run(write_csv(tmp_path, [gias_row()]))
    index = SchoolIndexPage.objects.get()
    assert index.live and index.url == "/schools/"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file"),
        (b'{"schools": [1, 2, 3]}', "is not a GIAS establishment CSV"),
        (b"name,town\nAlder,Durham\n", "no column 'URN'"),
        (b"", "is not a GIAS establishment CSV"),
    ],
)
def test_a_file_that_is_not_a_gias_csv_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not SchoolPage.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nowhere.csv")


def test_every_gias_phase_and_region_name_is_understood(tmp_path):
    phases = {
        "Nursery": Phase.NURSERY,
        "Primary": Phase.PRIMARY,
        "Middle deemed primary": Phase.MIDDLE_PRIMARY,
        "Secondary": Phase.SECONDARY,
        "Middle deemed secondary": Phase.MIDDLE_SECONDARY,
        "16 plus": Phase.SIXTEEN_PLUS,
        "All-through": Phase.ALL_THROUGH,
        "Not applicable": Phase.NOT_APPLICABLE,
    }
    regions = {
        "North East": Region.NORTH_EAST,
        "North West": Region.NORTH_WEST,
        "Yorkshire and the Humber": Region.YORKSHIRE,
        "Yorkshire and The Humber": Region.YORKSHIRE,
        "East Midlands": Region.EAST_MIDLANDS,
        "West Midlands": Region.WEST_MIDLANDS,
        "East of England": Region.EAST_OF_ENGLAND,
        "London": Region.LONDON,
        "South East": Region.SOUTH_EAST,
        "South West": Region.SOUTH_WEST,
        "Wales (pseudo)": "",
        "Not Applicable": "",
    }
    rows = [
        gias_row(URN=f"{110000 + n}", **{"PhaseOfEducation (name)": name})
        for n, name in enumerate(phases)
    ] + [gias_row(URN=f"{120000 + n}", **{"GOR (name)": name}) for n, name in enumerate(regions)]
    out, err = run(write_csv(tmp_path, rows))
    assert last_line(out) == f"created {len(rows)}, updated 0, rejected 0", err
    for n, expected in enumerate(phases.values()):
        assert SchoolPage.objects.get(urn=f"{110000 + n}").phase == expected
    for n, expected in enumerate(regions.values()):
        assert SchoolPage.objects.get(urn=f"{120000 + n}").region == expected


# ------ Provision: special schools, PRUs and alternative provision ------

PROVISION_COLUMNS = [*COLUMNS, "EstablishmentTypeGroup (name)"]
GIAS_TYPES = [
    # (TypeOfEstablishment (name), EstablishmentTypeGroup (name), provision)
    ("Community special school", "Special schools", Provision.SPECIAL),
    ("Foundation special school", "Special schools", Provision.SPECIAL),
    ("Non-maintained special school", "Special schools", Provision.SPECIAL),
    ("Other independent special school", "Independent schools", Provision.SPECIAL),
    ("Academy special converter", "Academies", Provision.SPECIAL),
    ("Academy special sponsor led", "Academies", Provision.SPECIAL),
    ("Free schools special", "Free Schools", Provision.SPECIAL),
    ("Pupil referral unit", "Local authority maintained schools", Provision.PRU),
    ("Academy alternative provision converter", "Academies", Provision.ALTERNATIVE_PROVISION),
    ("Academy alternative provision sponsor led", "Academies", Provision.ALTERNATIVE_PROVISION),
    ("Free schools alternative provision", "Free Schools", Provision.ALTERNATIVE_PROVISION),
    ("Community school", "Local authority maintained schools", Provision.MAINSTREAM),
    ("Academy converter", "Academies", Provision.MAINSTREAM),
    ("Free schools", "Free Schools", Provision.MAINSTREAM),
    ("Other independent school", "Independent schools", Provision.MAINSTREAM),
    ("", "Special schools", Provision.SPECIAL),  # the type left blank: its group decides
    ("", "Academies", Provision.MAINSTREAM),
]


def test_provision_follows_the_type_of_establishment_in_a_windows_1252_file(tmp_path):
    rows = [
        gias_row(
            URN=f"{110000 + number}",
            EstablishmentName=f"St Mary\u2019s School {number}",
            **{
                "TypeOfEstablishment (name)": kind,
                "EstablishmentTypeGroup (name)": group,
                "PhaseOfEducation (name)": "Not applicable",
            },
        )
        for number, (kind, group, _) in enumerate(GIAS_TYPES)
    ]
    path = write_csv(tmp_path, rows, encoding="cp1252", columns=PROVISION_COLUMNS)
    assert "\u2019".encode("cp1252") in path.read_bytes()
    out, err = run(path)
    assert last_line(out) == f"created {len(GIAS_TYPES)}, updated 0, rejected 0", err
    found = dict(SchoolPage.objects.values_list("urn", "provision"))
    expected = {f"{110000 + n}": provision for n, (_, _, provision) in enumerate(GIAS_TYPES)}
    assert found == expected
    school = SchoolPage.objects.get(urn="110000")
    assert school.title == "St Mary\u2019s School 0"
    assert school.get_provision_display() == "Special school"


def test_a_school_that_becomes_a_special_academy_is_updated_as_a_revision(tmp_path):
    run(write_csv(tmp_path, [gias_row()]))
    school = SchoolPage.objects.get(urn="100001")
    assert school.provision == Provision.MAINSTREAM
    converted = gias_row(**{"TypeOfEstablishment (name)": "Academy special converter"})
    out, _ = run(write_csv(tmp_path, [converted], name="next-month.csv"))
    assert last_line(out) == "created 0, updated 1, rejected 0"
    school.refresh_from_db()
    assert school.provision == Provision.SPECIAL
    assert school.revisions.count() == 2
    assert school.get_latest_revision_as_object().provision == Provision.SPECIAL


def test_an_extract_without_the_type_leaves_the_provision_as_it_is(tmp_path):
    SchoolPageFactory(urn="100020", provision=Provision.PRU)
    columns = ["URN", "EstablishmentName", "PhaseOfEducation (name)"]
    rows = [
        {"URN": urn, "EstablishmentName": "Small File School", "PhaseOfEducation (name)": "Primary"}
        for urn in ("100020", "100021")
    ]
    out, _ = run(write_csv(tmp_path, rows, columns=columns))
    assert last_line(out) == "created 1, updated 1, rejected 0"
    assert SchoolPage.objects.get(urn="100020").provision == Provision.PRU
    assert SchoolPage.objects.get(urn="100021").provision == ""

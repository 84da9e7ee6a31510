"""Award holders in bulk, as scheme staff run it: `import_award_holders FILE --gias GIAS`."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Revision

from network.models import (
    AssessorAssignment,
    Award,
    Provision,
    ResourcedProvision,
    SchoolPage,
)
from network.permissions import ASSESSORS
from tests.factories import UserFactory
from tests.network.gias_files import gias_row, write_gias, write_holders

pytestmark = pytest.mark.django_db

GOOD_LINES = [
    # Abbreviations, full names, any case, stray spaces, both date forms, blank "valid until".
    "131313, iqm ,Centre of Excellence,31/08/2025,31/08/2026,J.Smith@Assessors.example.org",
    "141414,Inclusion Quality Mark,  flagship SCHOOL ,2025-07-01,,j.smith@assessors.example.org",
    "151515,IQM,CoE,1/9/2025,,",
    "161616,Artsmark,gold,15 March 2025,2028-03-14,k.obrien@assessors.example.org",
    "131313,Values-based Education Quality Mark,Quality Mark,01.10.2024,,",
]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_award_holders", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_award_holders", *map(str, args), stdout=io.StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


@pytest.fixture
def network(db):
    call_command("start_network", stdout=io.StringIO())


@pytest.fixture
def gias(tmp_path):
    return write_gias(tmp_path / "edubasealldata20260901.csv")


def test_a_real_export_imports_schools_awards_and_assessors(network, gias, tmp_path):
    holders = write_holders(tmp_path / "holders.csv", GOOD_LINES)
    out, err = run(holders, "--gias", gias)
    assert err == ""
    assert "awards added 5" in out and "schools added 4" in out

    special = SchoolPage.objects.get(urn="131313")
    assert special.live and special.provision == Provision.SPECIAL
    assert special.establishment_type_group == "Special schools"
    assert special.sen_needs == ["asd", "slcn"]
    assert special.number_on_roll == 142 and special.percentage_fsm == Decimal("41.3")
    assert special.latest_revision is not None  # its history starts with the import

    primary = SchoolPage.objects.get(urn="141414")
    assert primary.title == "St Thérèse's Catholic Primary School, Ashford"  # Windows-1252
    assert primary.provision == Provision.MAINSTREAM
    assert primary.resourced_provision == ResourcedProvision.RESOURCED
    assert primary.percentage_fsm is None  # "SUPP": suppressed, not zero
    assert SchoolPage.objects.get(urn="151515").provision == Provision.PRU
    assert SchoolPage.objects.get(urn="161616").provision == Provision.ALTERNATIVE_PROVISION

    coe = Award.objects.get(school=special, level__name="Centre of Excellence")
    assert (coe.awarded_on, coe.valid_until) == (
        datetime.date(2025, 8, 31),
        datetime.date(2026, 8, 31),
    )
    flagship = Award.objects.get(school=primary)
    assert flagship.level.name == "Flagship School"
    assert flagship.valid_until == datetime.date(2026, 7, 1)  # from the level's validity
    assert Award.objects.get(school__urn="161616").awarded_on == datetime.date(2025, 3, 15)
    assert Award.objects.get(level__scheme__short_name="VbE").awarded_on == datetime.date(
        2024, 10, 1
    )

    assessor = get_user_model().objects.get(email="j.smith@assessors.example.org")
    assert not assessor.has_usable_password()
    assert assessor.groups.filter(name=ASSESSORS).exists()
    assert set(
        AssessorAssignment.objects.filter(assessor=assessor).values_list("school__urn", flat=True)
    ) == {"131313", "141414"}
    # They read their schools' private updates through each school's assessors group, and the
    # assignment is in the permissions log like one made in the admin.
    group = Group.objects.get(name="School assessors: URN 131313")
    assert group.user_set.filter(pk=assessor.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="network.permission_change",
        data__change="assessor_assigned",
        data__school_id=special.pk,
        data__user_id=assessor.pk,
    ).exists()

    # The schools are in the directory and on their own pages.
    page = SchoolPage.objects.get(urn="131313")
    assert page.url_path.startswith("/home/schools/")


def test_the_same_file_twice_changes_nothing(network, gias, tmp_path):
    holders = write_holders(tmp_path / "holders.csv", GOOD_LINES, encoding="utf-8", bom=True)
    run(holders, "--gias", gias)
    counts = (
        SchoolPage.objects.count(),
        Award.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
        AssessorAssignment.objects.count(),
    )
    out, _ = run(holders, "--gias", gias)
    assert "awards added 0, updated 0, unchanged 5" in out
    assert "schools added 0, updated from GIAS 0" in out
    assert (
        SchoolPage.objects.count(),
        Award.objects.count(),
        Revision.objects.count(),
        get_user_model().objects.count(),
        AssessorAssignment.objects.count(),
    ) == counts


def test_every_bad_row_is_named_and_nothing_is_saved(network, gias, tmp_path):
    users = get_user_model().objects.count()
    holders = write_holders(
        tmp_path / "holders.csv",
        [
            GOOD_LINES[0],  # line 2: fine
            "13131,IQM,Centre of Excellence,31/08/2025,,",  # 3
            "141414,Inclusion Mark,Centre of Excellence,31/08/2025,,",  # 4
            "141414,IQM,Platinum,31/08/2025,,",  # 5
            "151515,IQM,Centre of Excellence,31/13/2025,,",  # 6
            "151515,IQM,Centre of Excellence,08/31/2025,,",  # 7
            "151515,IQM,Centre of Excellence,31/08/2025,01/08/2025,",  # 8
            "151515,IQM,Centre of Excellence,31/08/2025,,not-an-email",  # 9
            "999999,IQM,Centre of Excellence,31/08/2025,,",  # 10: not in GIAS
            "171717,IQM,Centre of Excellence,31/08/2025,,",  # 11: closed
            ",,,,,",  # blank: skipped, not an error
            "161616,IQM,Centre of Excellence,,,",  # 13
        ],
    )
    message, err = run_failing(holders, "--gias", gias)
    assert "Nothing imported: 10 of 11 rows need correcting" in message
    lines = err.splitlines()
    assert lines == [
        "line 3: URN '13131' is not six digits",
        "line 4: scheme 'Inclusion Mark' is not one the network knows; give one of "
        "Artsmark, IQM, VbE, WCSQM",
        "line 5: IQM has no level 'Platinum'; its levels are Inclusive School Award, "
        "Centre of Excellence, Flagship School",
        "line 6: awarded on '31/13/2025' is not a date in the calendar (day/month/year)",
        "line 7: awarded on '08/31/2025' looks like month/day/year; write the day first, as "
        "31/08/2025, or as 2025-08-31",
        "line 8: valid until (01/08/2025) is not after awarded on (31/08/2025)",
        "line 9: assessor's email 'not-an-email' is not an email address",
        "line 10: URN 999999 is not in the GIAS file: is the URN right, and is the file the "
        "full establishment extract?",
        "line 11: URN 171717: GIAS line 31 cannot be read: GIAS lists the school as closed",
        "line 13: awarded on is empty",
    ]
    assert SchoolPage.objects.count() == 0
    assert Award.objects.count() == 0
    assert get_user_model().objects.count() == users


def test_a_failure_while_saving_leaves_nothing_half_done(network, gias, tmp_path):
    # Two accounts share the assessor's email: found only when writing, after the schools
    # and the first awards went in. The whole import is rolled back.
    UserFactory(username="one", email="twice@assessors.example.org")
    UserFactory(username="two", email="Twice@assessors.example.org")
    holders = write_holders(
        tmp_path / "holders.csv",
        [GOOD_LINES[2], "131313,IQM,CoE,31/08/2025,,twice@assessors.example.org"],
    )
    message, err = run_failing(holders, "--gias", gias)
    assert "line 3: two accounts have the email twice@assessors.example.org" in err
    assert SchoolPage.objects.count() == 0
    assert Award.objects.count() == 0


def test_without_the_gias_file_only_known_schools_are_taken(network, gias, tmp_path):
    holders = write_holders(tmp_path / "holders.csv", [GOOD_LINES[2]])
    message, err = run_failing(holders)
    assert err.strip() == (
        "line 2: URN 151515 is not in the school directory: give the GIAS establishment "
        "file as well to add the school"
    )
    run(holders, "--gias", gias)
    out, _ = run(holders)  # now known: no GIAS file needed
    assert "unchanged 1" in out


def test_gias_changes_reach_known_schools_as_a_revision(network, gias, tmp_path):
    holders = write_holders(tmp_path / "holders.csv", [GOOD_LINES[2]])
    run(holders, "--gias", gias)
    school = SchoolPage.objects.get(urn="151515")
    revisions = Revision.objects.filter(object_id=str(school.pk)).count()
    newer = write_gias(
        tmp_path / "edubasealldata20261001.csv",
        [gias_row("151515", NumberOfPupils="44", PercentageFSM="58.1")],
    )
    out, _ = run(holders, "--gias", newer)
    assert "updated from GIAS 1" in out
    school.refresh_from_db()
    assert (school.number_on_roll, school.percentage_fsm) == (44, Decimal("58.1"))
    assert Revision.objects.filter(object_id=str(school.pk)).count() == revisions + 1


def test_a_gias_row_that_cannot_be_read_is_named_with_both_lines(network, tmp_path):
    gias = write_gias(tmp_path / "gias.csv", [gias_row("131313", NumberOfPupils="lots")], filler=4)
    holders = write_holders(tmp_path / "holders.csv", [GOOD_LINES[0]])
    _, err = run_failing(holders, "--gias", gias)
    assert err.strip() == (
        "line 2: URN 131313: GIAS line 4 cannot be read: NumberOfPupils 'lots' is not a "
        "whole number"
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"Name,Town\r\nA school,Leeds\r\n", "has no column for URN, scheme, level, awarded on"),
        (b"PK\x03\x04\x00\x00binary", "is not a CSV file"),
    ],
)
def test_files_that_are_not_award_holders_are_refused_whole(network, tmp_path, content, message):
    path = tmp_path / "holders.csv"
    path.write_bytes(content)
    error, _ = run_failing(path)
    assert message in error


def test_a_missing_gias_file_is_named(network, tmp_path):
    holders = write_holders(tmp_path / "holders.csv", [GOOD_LINES[0]])
    error, _ = run_failing(holders, "--gias", tmp_path / "nowhere.csv")
    assert "No such file" in error

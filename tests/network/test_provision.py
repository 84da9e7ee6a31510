"""A school's provision (mainstream, special school, PRU, alternative provision): reading what
people write, filling it for the schools already in the directory, and editing it."""

import importlib

import pytest
from django.apps import apps

from network.models import Phase, Provision, SchoolPage
from network.provision import phase_and_provision, provision_from_gias
from tests.factories import SchoolPageFactory, UserFactory


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Special", (Phase.NOT_APPLICABLE, Provision.SPECIAL)),
        ("special school", (Phase.NOT_APPLICABLE, Provision.SPECIAL)),
        ("Alternative provision", (Phase.NOT_APPLICABLE, Provision.ALTERNATIVE_PROVISION)),
        ("alternative_provision", (Phase.NOT_APPLICABLE, Provision.ALTERNATIVE_PROVISION)),
        ("AP", (Phase.NOT_APPLICABLE, Provision.ALTERNATIVE_PROVISION)),
        ("PRU", (Phase.NOT_APPLICABLE, Provision.PRU)),
        ("Pupil referral unit", (Phase.NOT_APPLICABLE, Provision.PRU)),
        ("Secondary", (Phase.SECONDARY, Provision.MAINSTREAM)),
        ("primary", (Phase.PRIMARY, Provision.MAINSTREAM)),
        ("Primary school", (Phase.PRIMARY, Provision.MAINSTREAM)),
        ("All-through", (Phase.ALL_THROUGH, Provision.MAINSTREAM)),
        ("all_through", (Phase.ALL_THROUGH, Provision.MAINSTREAM)),
        ("Middle deemed primary", (Phase.MIDDLE_PRIMARY, Provision.MAINSTREAM)),
        ("16 plus", (Phase.SIXTEEN_PLUS, Provision.MAINSTREAM)),
        ("16+", (Phase.SIXTEEN_PLUS, Provision.MAINSTREAM)),
        ("  SECONDARY  ", (Phase.SECONDARY, Provision.MAINSTREAM)),
        ("Middle   Deemed  Primary", (Phase.MIDDLE_PRIMARY, Provision.MAINSTREAM)),
        # "Not applicable" is what GIAS says of special schools and PRUs: the kind stays unknown.
        ("Not applicable", (Phase.NOT_APPLICABLE, "")),
        ("not_applicable", (Phase.NOT_APPLICABLE, "")),
        # A phase named with the kind of school.
        ("Special primary", (Phase.PRIMARY, Provision.SPECIAL)),
        ("Secondary special school", (Phase.SECONDARY, Provision.SPECIAL)),
        ("Secondary PRU", (Phase.SECONDARY, Provision.PRU)),
        ("", ("", "")),
        (None, ("", "")),
    ],
)
def test_the_labels_people_write_for_a_schools_phase(label, expected):
    assert phase_and_provision(label) == expected


def test_a_provision_given_beside_the_phase():
    assert phase_and_provision("Secondary", "Special") == (Phase.SECONDARY, Provision.SPECIAL)
    assert phase_and_provision("primary", "mainstream") == (Phase.PRIMARY, Provision.MAINSTREAM)
    assert phase_and_provision(None, "PRU") == (Phase.NOT_APPLICABLE, Provision.PRU)
    assert phase_and_provision("Special", "special") == (Phase.NOT_APPLICABLE, Provision.SPECIAL)
    assert phase_and_provision("Not applicable", "AP") == (
        Phase.NOT_APPLICABLE,
        Provision.ALTERNATIVE_PROVISION,
    )


@pytest.mark.parametrize(
    "phase, provision, message",
    [
        ("Secondry", None, '"school.phase" is "Secondry"; give a phase (Nursery, Primary,'),
        ("Mainstream", None, "or a kind of school (Special, Pupil referral unit or PRU, Alt"),
        ("Primary", "SEN unit", '"school.provision" is "SEN unit"; give one of: Mainstream,'),
        ("Special", "PRU", 'says Special school but "school.provision" says Pupil referral'),
        (3, None, '"school.phase" must be a string'),
    ],
)
def test_what_cannot_be_read_is_refused_naming_what_is_accepted(phase, provision, message):
    with pytest.raises(ValueError) as error:
        phase_and_provision(phase, provision)
    assert message in str(error.value)


def test_the_refusal_lists_every_accepted_label():
    with pytest.raises(ValueError) as error:
        phase_and_provision("Infants")
    for label in ["Nursery", "Primary", "Middle deemed primary", "Secondary", "All-through"]:
        assert label in str(error.value)
    for label in ["16 plus", "Not applicable", "Special", "PRU", "Alternative provision", "AP"]:
        assert label in str(error.value)


def test_gias_types_without_a_type_or_group_say_nothing():
    assert provision_from_gias("", "") == ""
    assert provision_from_gias("Special post 16 institution") == Provision.SPECIAL
    assert provision_from_gias("Local authority nursery school") == Provision.MAINSTREAM


@pytest.mark.django_db
def test_the_migration_fills_schools_and_their_revisions_from_the_type(client):
    fill = importlib.import_module("network.migrations.0004_fill_school_provision").fill
    special = SchoolPageFactory(establishment_type="Foundation special school")
    pru = SchoolPageFactory(establishment_type="Pupil referral unit")
    mainstream = SchoolPageFactory(establishment_type="Academy converter")
    unknown = SchoolPageFactory(establishment_type="")
    for school in (special, pru, mainstream, unknown):
        revision = school.save_revision()
        revision.publish()
        # As written before the field existed: no provision in the revision.
        del revision.content["provision"]
        revision.save(update_fields=["content"])

    fill(apps, None)

    found = dict(SchoolPage.objects.values_list("pk", "provision"))
    assert found == {
        special.pk: Provision.SPECIAL,
        pru.pk: Provision.PRU,
        mainstream.pk: Provision.MAINSTREAM,
        unknown.pk: "",
    }
    special.refresh_from_db()
    # What the editor opens says "Special school" too, so publishing it keeps it.
    assert special.get_latest_revision_as_object().provision == Provision.SPECIAL
    assert "Provision</dt><dd>Special school" in client.get(special.url).content.decode()


@pytest.mark.django_db
def test_scheme_staff_edit_the_provision_beside_the_phase(client):
    school = SchoolPageFactory(title="Oakfield School", phase=Phase.NOT_APPLICABLE)
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    edit = client.get(f"/admin/pages/{school.pk}/edit/").content.decode()
    phase_at, provision_at = edit.index('name="phase"'), edit.index('name="provision"')
    assert 0 < provision_at - phase_at < 3000  # the next field along
    assert '<option value="" selected>Not known</option>' in edit
    assert '<option value="special">Special school</option>' in edit
    assert '<option value="pru">Pupil referral unit</option>' in edit
    school.provision = Provision.SPECIAL
    school.save_revision().publish()
    edit = client.get(f"/admin/pages/{school.pk}/edit/").content.decode()
    assert '<option value="special" selected>Special school</option>' in edit
    page = client.get(school.url).content.decode()
    assert "<dt>Provision</dt><dd>Special school</dd>" in page

"""A cold review of issue 16 (every quality mark runs its own cycle): each test shows one
problem found, the way a user would meet it."""

import datetime

import pytest

from network.models import AssessorAssignment, Award, Process, Scheme
from practice.models import AnnualReview, AnnualUpdatePage
from practice.updates.year import open_update_year, start_cycle
from tests.factories import (
    AwardFactory,
    SchoolPageFactory,
    school_assessor,
    school_with_award,
)
from tests.practice.test_cycles import TODAY, hold, level, review_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_marks(frameworks):
    school = school_with_award(title="Oakfield Special School")
    hold(school, "VbE", "Quality Mark")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    consultant = school_assessor(SchoolPageFactory(title="Elsewhere"), "chris")
    AssessorAssignment.objects.create(
        school=school, assessor=consultant, scheme=Scheme.objects.get(short_name="VbE")
    )
    iqm = AnnualUpdatePage.objects.get(school=school, process__key="annual-update")
    vbe = AnnualUpdatePage.objects.get(school=school, process__key="vbe-quality-mark")
    return school, consultant, iqm, vbe


def _secret(update, text):
    """The school writes something private in the update and it is saved."""
    from practice.models import ElementProgress

    ElementProgress.objects.filter(update=update).update(narrative=f"<p>{text}</p>")
    return AnnualUpdatePage.objects.get(pk=update.pk).save_revision()


# ------ Privacy: a consultant assigned for one scheme ------


def test_comparing_does_not_open_another_schemes_round(client, two_marks):
    """/compare/?with=<id> opened any round of the same school, whoever could read the first."""
    _school, consultant, iqm, vbe = two_marks
    _secret(iqm, "Our private IQM self-evaluation")
    client.force_login(consultant)
    response = client.get(f"/admin/updates/{vbe.pk}/compare/?with={iqm.pk}")
    assert "Our private IQM self-evaluation" not in response.content.decode()
    assert response.status_code in (403, 404)


def test_a_signed_off_round_is_not_served_to_another_schemes_consultant(client, two_marks):
    """The page's view restriction names the school's assessors group, which holds every
    assessor of the school whatever scheme they were assigned for."""
    _school, consultant, iqm, _vbe = two_marks
    _secret(iqm, "Our private IQM self-evaluation").publish()
    iqm.refresh_from_db()
    assert iqm.live
    client.force_login(consultant)
    response = client.get(iqm.url)
    assert "Our private IQM self-evaluation" not in response.content.decode()


# ------ Outcomes ------


def _centre_for(school, years):
    """Awards at Centre of Excellence, one a year, the last given 60 days ago."""
    for years_ago in range(years - 1, 0, -1):
        AwardFactory(
            school=school,
            level=level("IQM", "Centre of Excellence"),
            awarded_on=TODAY - datetime.timedelta(days=60 + 365 * years_ago),
        )
    hold(school, "IQM", "Centre of Excellence")


def test_flagship_is_not_offered_after_two_years_as_a_centre(client, frameworks):
    """The renewal the review has just given was counted as a year already held."""
    school = SchoolPageFactory(title="Two Year Academy")
    _centre_for(school, 2)
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    client.force_login(school_assessor(school))
    client.post(f"/admin/updates/{update.pk}/review/", review_post("ratified"))
    assert AnnualReview.objects.get(update=update).offered_level is None


def test_correcting_a_review_after_flagship_was_taken_up_keeps_flagship(
    client, frameworks, staff_user
):
    """Saving the review again (a typo in the strengths) turned the Flagship award the staff
    had given back into a Centre of Excellence renewal, and offered Flagship again."""
    school = SchoolPageFactory(title="Cedar Academy")
    _centre_for(school, 3)
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year="2026/27")
    assessor = school_assessor(school)
    client.force_login(assessor)
    client.post(f"/admin/updates/{update.pk}/review/", review_post("ratified"))
    client.force_login(staff_user)
    client.post(f"/admin/updates/{update.pk}/accept-offer/")
    assert Award.objects.filter(school=school, level__name="Flagship School").exists()

    client.force_login(assessor)
    corrected = review_post("ratified", strengths="Pupils lead the school's values (corrected).")
    client.post(f"/admin/updates/{update.pk}/review/", corrected)
    assert Award.objects.filter(school=school, level__name="Flagship School").exists()
    assert AnnualReview.objects.get(update=update).offered_level is None


# ------ Odd input ------


def test_two_staff_whose_names_make_the_same_address_each_get_their_round(client, staff_user):
    """The round's address is made from the person's name: names in another script (or
    differing only in punctuation) made the same one, and the second ended in a 500."""
    from django.core.management import call_command

    call_command("load_frameworks", verbosity=0)
    school = SchoolPageFactory(title="Elm Primary", urn="123456")
    client.force_login(staff_user)
    staff_mark = Process.objects.get(key="vbe-staff")
    for name in ("李明", "王芳"):
        response = client.post(
            "/admin/updates/start/",
            {
                "school": "123456",
                "cycle": staff_mark.pk,
                "person_name": name,
                "academic_year": "2026/27",
                "deadline": "2027-06-30",
            },
        )
        assert response.status_code == 302, name
    assert AnnualUpdatePage.objects.filter(school=school).count() == 2


def test_staff_starting_a_round_twice_with_a_person_named_differently(staff_user, frameworks):
    school = SchoolPageFactory(title="Elm Primary")
    process = Process.objects.get(key="vbe-staff")
    start_cycle(school, process, "2026/27", datetime.date(2027, 6, 30), person_name="Ann O'Neil")
    update, created = start_cycle(
        school, process, "2026/27", datetime.date(2027, 6, 30), person_name="Ann ONeil"
    )
    assert created and update.person_name == "Ann ONeil"


# ------ Privacy: a scheme's own staff, and evidence documents ------


def _vbe_staff():
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    vbe = Scheme.objects.get(short_name="VbE")
    vbe.staff_group = Group.objects.create(name="VbE staff")
    vbe.save()
    return UserFactory(username="val", groups=[vbe.staff_group])


def test_a_schemes_own_staff_see_coverage_of_their_scheme_only(client, two_marks):
    """The coverage page (each element's self-ratings across schools) was opened to a
    scheme's own staff with every scheme's ratings on it: with one school, its own."""
    from practice.models import ElementProgress

    _school, _consultant, iqm, vbe = two_marks
    ElementProgress.objects.filter(update__in=[iqm, vbe]).update(self_rating=3)
    iqm_element = ElementProgress.objects.filter(update=iqm).first().element
    vbe_element = ElementProgress.objects.filter(update=vbe).first().element
    client.force_login(_vbe_staff())
    html = client.get("/admin/updates/coverage/?year=2026/27").content.decode()
    assert vbe_element.title in html  # control: their own scheme's coverage is there
    assert iqm_element.title not in html


def test_another_schemes_consultant_cannot_download_the_rounds_evidence(client, two_marks):
    """Every round of a school keeps its evidence in one private collection, whose readers
    are the school's assessors group (all its assessors, whatever scheme they were
    assigned for) and the own staff of whichever scheme's round was protected last."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from practice.updates.access import evidence_collection

    school, consultant, _iqm, _vbe = two_marks
    document = get_document_model().objects.create(
        title="IQM self-evaluation evidence",
        file=ContentFile(b"private", name="iqm-evidence.txt"),
        collection=evidence_collection(school),
    )
    client.force_login(consultant)
    response = client.get(document.url)
    assert response.status_code in (302, 403, 404)
    client.force_login(_vbe_staff())
    response = client.get(document.url)
    assert response.status_code in (302, 403, 404)


# ------ Odd input: a 500 ------


def test_a_visit_date_far_in_the_future_is_refused_with_a_message(client, frameworks):
    """The award's end was computed from it: year 10000 is past what Python's dates hold."""
    school = SchoolPageFactory(title="Willow Primary")
    process = Process.objects.get(key="vbe-quality-mark")
    update, _ = start_cycle(school, process, "2026/27", datetime.date(2027, 6, 30))
    client.force_login(school_assessor(school, "chris"))
    sections = {f"section_{s.pk}": "Written." for s in process.report_sections.all()}
    response = client.post(
        f"/admin/updates/{update.pk}/review/",
        review_post("awarded", visit_date="9999-12-31", **sections),
    )
    assert response.status_code == 200
    assert "9999-12-31" in response.content.decode()  # what was typed is kept
    assert not AnnualReview.objects.exists()


# ------ Data ------


def test_an_assessor_is_assigned_to_a_school_for_every_scheme_once(frameworks):
    """The old unique (school, assessor) became (school, assessor, scheme); with no scheme
    the database counts two NULLs as different, so the same assignment can be made twice."""
    from django.db import IntegrityError, transaction

    from tests.factories import UserFactory

    school = SchoolPageFactory(title="Willow Primary")
    assessor = UserFactory(username="twice")
    AssessorAssignment.objects.create(school=school, assessor=assessor)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessorAssignment.objects.create(school=school, assessor=assessor)


def test_scheme_staff_can_edit_a_cycle_in_the_admin(client, frameworks):
    """docs/cycles.md: 'scheme staff edit it in the admin (Network → Schemes → a scheme →
    its cycles; or Snippets)'. Neither the scheme's page nor the snippets hold the cycles."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    vbe = Scheme.objects.get(short_name="VbE")
    scheme_page = client.get(f"/admin/snippets/network/scheme/edit/{vbe.pk}/").content.decode()
    snippets = client.get("/admin/snippets/network/process/")
    assert "Audit conclusion" in scheme_page or snippets.status_code == 200


# ------ Which stage is now; how often a round opens ------


def test_the_adviser_approving_the_commitment_does_not_end_the_artsmark_journey(
    client, frameworks, staff_user
):
    """The school moves to its development period only when the adviser sends the work back;
    "Approve for sign-off" on the Statement of Commitment sent it to sign-off, and signed off,
    every stage showed done: the Statement of Impact was never written. Now the adviser's
    answer to the commitment is to send it on to the next step, and approval is not offered
    until the school's last step."""
    from network.models import Phase
    from practice.updates.stages import stage_rows
    from practice.updates.status import update_status
    from tests.factories import school_editor

    school = SchoolPageFactory(title="Hazel Primary", phase=Phase.PRIMARY)
    editor = school_editor(school)
    adviser = school_assessor(school, "adviser")
    update, _ = start_cycle(
        school, Process.objects.get(key="artsmark"), "2026/27", datetime.date(2027, 6, 30)
    )
    fresh = AnnualUpdatePage.objects.get(pk=update.pk)
    fresh.save_revision(user=editor)
    fresh.get_workflow().start(fresh, editor)
    client.force_login(adviser)
    read = f"/admin/updates/{update.pk}/"
    html = client.get(read).content.decode()
    assert "Approve for sign-off" not in html
    assert "Send back for the next step: Development period and Statement of Impact" in html
    refused = client.post(f"/admin/updates/{update.pk}/decide/", {"decision": "approve"})
    assert refused.status_code in (302, 403) and update_status(fresh) == "submitted"
    client.post(f"/admin/updates/{update.pk}/decide/", {"decision": "changes"})
    fresh = AnnualUpdatePage.objects.get(pk=update.pk)
    rows = stage_rows(fresh, update_status(fresh), False)
    now = [row.stage.name for row in rows if row.state == "now"]
    assert now == ["Development period", "Statement of Impact"]
    impact = next(row for row in rows if row.stage.name == "Statement of Impact")
    assert impact.state != "done"


def test_a_two_year_artsmark_journey_is_not_opened_again_the_next_year(frameworks):
    """Process.cycle_years ("how long one round lasts") is read nowhere: each year that
    opens gives every Artsmark holder a new journey, the last one not finished."""
    from network.models import Phase

    school = SchoolPageFactory(title="Hazel Primary", phase=Phase.PRIMARY)
    hold(school, "Artsmark", "Silver")
    assert Process.objects.get(key="artsmark").cycle_years == 2
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    open_update_year("2027/28", datetime.date(2028, 6, 30))
    journeys = AnnualUpdatePage.objects.filter(school=school, process__key="artsmark")
    assert journeys.count() == 1

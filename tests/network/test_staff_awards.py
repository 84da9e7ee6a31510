"""An award held by a member of staff (VbE's Staff Quality Mark): shown on the school's
profile only while they agree to be named, never counted as the school's own mark; the
school's editors see every one and record the agreement; each award has a certificate."""

import datetime
import html
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from cms.cache import HEADER
from network.models import Award, Scheme
from network.permissions import SCHEME_STAFF
from network.school_content import scheme_of
from tests.factories import (
    AssessorAssignmentFactory,
    AwardFactory,
    SchoolPageFactory,
    UserFactory,
    award_level,
    school_assessor,
    school_editor,
    school_index,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SCHOOL_AWARDED = TODAY - datetime.timedelta(days=60)
STAFF_AWARDED = TODAY - datetime.timedelta(days=30)


@pytest.fixture
def world(frameworks):
    school = SchoolPageFactory(title="Riverside Primary", urn="330001")
    own = AwardFactory(
        school=school, level=award_level("IQM", "Centre of Excellence"), awarded_on=SCHOOL_AWARDED
    )
    staff_level = award_level("VbE", "Staff Quality Mark")
    anna = AwardFactory(
        school=school, level=staff_level, awarded_on=STAFF_AWARDED, holder_name="Anna Patel"
    )
    ben = AwardFactory(
        school=school,
        level=staff_level,
        awarded_on=STAFF_AWARDED,
        holder_name="Ben Okafor",
        holder_consents=True,
    )
    other = SchoolPageFactory(title="Hillside Primary", urn="330002")
    return {
        "school": school,
        "own": own,
        "anna": anna,
        "ben": ben,
        "editor": school_editor(school, "riverside-editor"),
        "assessor": school_assessor(school, "riverside-assessor"),
        "outsider": school_editor(other, "hillside-editor"),
        "staff": UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)]),
    }


def text_of(response):
    return html.unescape(response.content.decode())


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# ------ The public profile ------


def test_the_profile_names_only_the_staff_who_agreed(client, world):
    page = text_of(client.get(world["school"].url))
    assert "IQM Centre of Excellence" in page
    assert "Awards held by our staff" in page
    assert "Ben Okafor" in page and "VbE Staff Quality Mark" in page
    assert "Anna Patel" not in page


def test_a_staff_award_is_never_the_schools_mark(client, world):
    """A newer, and in the level's order higher, staff award leaves the school's mark as it
    was: on its directory card, in the directory's filters, and for the scheme its practice
    is tagged against."""
    school = world["school"]
    school.awards.filter(holder_name="").delete()
    school = type(school).objects.get(pk=school.pk)
    assert school.current_award() is None
    assert school.awards_by_date() == []
    assert scheme_of(school) == Scheme.objects.default()

    directory = school_index().url
    card = text_of(client.get(directory))
    assert "Riverside Primary" in card and "VbE Staff Quality Mark" not in card
    by_scheme = text_of(client.get(directory, {"scheme": "VbE"}))
    assert "Riverside Primary" not in by_scheme
    # The directory's "Award level" filter offers the school's levels only.
    assert "VbE: Staff Quality Mark" not in card and "VbE: Quality Mark" in card
    # ... while a school VbE Quality Mark is the school's.
    AwardFactory(school=school, level=award_level("VbE", "Quality Mark"), awarded_on=TODAY)
    assert "Riverside Primary" in text_of(client.get(directory, {"scheme": "VbE"}))
    assert type(school).objects.get(pk=school.pk).current_award().level.name == "Quality Mark"


def test_the_school_keeps_its_own_mark_beside_its_staffs(world):
    school = type(world["school"]).objects.get(pk=world["school"].pk)
    assert school.current_award() == world["own"]
    assert school.awards_by_date() == [world["own"]]
    assert scheme_of(school).short_name == "IQM"


def test_scheme_staff_cannot_record_a_staff_award_without_a_name(client, world):
    client.force_login(world["staff"])
    url = reverse("wagtailsnippets_network_award:add")
    base = {
        "school": world["school"].pk,
        "awarded_on": "2026-09-01",
        "valid_until": "",
        "holder_name": "",
    }
    response = client.post(url, {**base, "level": award_level("VbE", "Staff Quality Mark").pk})
    assert response.status_code == 200
    assert "is held by a member of staff: give their name" in text_of(response)
    response = client.post(
        url,
        {**base, "level": award_level("IQM", "Centre of Excellence").pk, "holder_name": "Cara"},
    )
    assert "is held by the school: leave the name blank" in text_of(response)
    assert Award.objects.filter(school=world["school"]).count() == 3


# ------ The school's awards in the admin ------


def test_the_schools_editors_see_every_staff_award_and_whether_it_is_shown(client, world):
    client.force_login(world["editor"])
    home = text_of(client.get(reverse("wagtailadmin_home")))
    assert "Your school's awards" in home
    menu_item = '"label": "Awards and certificates", "icon_name": "success", "classname": ""'
    assert menu_item in home and f'"url": "{reverse("my_school_awards")}"' in home
    assert "Anna Patel (VbE Staff Quality Mark) has not agreed to be named" in home
    assert reverse("award_consent", args=[world["anna"].pk]) in home
    assert "Ben Okafor" not in home  # named already: nothing to ask

    menu = client.get(reverse("my_school_awards"))
    assert menu.status_code == 302
    assert menu["Location"] == reverse("school_awards", args=[world["school"].pk])
    page = text_of(client.get(menu["Location"]))
    assert "Riverside Primary's awards" in page and "IQM Centre of Excellence" in page
    assert "Anna Patel" in page and "Not shown: they have not agreed to be named" in page
    assert "Ben Okafor" in page and "Named: they agreed" in page
    for award in ("own", "anna", "ben"):
        assert reverse("award_certificate", args=[world[award].pk]) in page
    assert reverse("award_consent", args=[world["anna"].pk]) in page


def test_the_school_page_in_the_admin_links_to_its_awards(client, world):
    client.force_login(world["editor"])
    page = text_of(client.get(reverse("wagtailadmin_pages:edit", args=[world["school"].pk])))
    assert reverse("school_awards", args=[world["school"].pk]) in page


def test_recording_and_withdrawing_agreement_changes_the_profile_at_once(world):
    """Anonymous visitors get the profile from the page cache; the change reaches them on
    the next request, and each change is in the audit log."""
    school, anna = world["school"], world["anna"]
    visitor, editor = Client(), Client()
    editor.force_login(world["editor"])
    assert visitor.get(school.url)[HEADER] == "miss"
    assert visitor.get(school.url)[HEADER] == "hit"

    url = reverse("award_consent", args=[anna.pk])
    form = text_of(editor.get(url))
    assert "Anna Patel agrees to be named on our profile" in form
    response = editor.post(url, {"agrees": "on"}, follow=True)
    assert "Anna Patel is now named on Riverside Primary's profile." in text_of(response)
    shown = visitor.get(school.url)
    assert shown[HEADER] == "miss"
    assert "Anna Patel" in text_of(shown)

    response = editor.post(url, {}, follow=True)
    assert "Anna Patel is no longer named on Riverside Primary's profile." in text_of(response)
    hidden = visitor.get(school.url)
    assert "Anna Patel" not in text_of(hidden)
    assert "Ben Okafor" in text_of(hidden)

    entries = list(ModelLogEntry.objects.for_instance(anna).order_by("pk"))
    assert [entry.action for entry in entries] == [
        "network.award_consent_given",
        "network.award_consent_withdrawn",
    ]
    assert all(entry.user == world["editor"] for entry in entries)
    history = text_of(editor.get(url))
    assert "agreed to be named" in history and "agreement withdrawn" in history


def test_saving_without_a_change_changes_nothing(client, world):
    client.force_login(world["editor"])
    url = reverse("award_consent", args=[world["ben"].pk])
    response = client.post(url, {"agrees": "on"}, follow=True)
    assert "Nothing changed." in text_of(response)
    assert not ModelLogEntry.objects.for_instance(world["ben"]).exists()


def test_scheme_staff_may_record_agreement(client, world):
    client.force_login(world["staff"])
    url = reverse("award_consent", args=[world["anna"].pk])
    assert client.post(url, {"agrees": "on"}).status_code == 302
    assert Award.objects.get(pk=world["anna"].pk).holder_consents


def test_a_schools_own_award_has_no_agreement_to_record(client, world):
    client.force_login(world["editor"])
    response = client.get(reverse("award_consent", args=[world["own"].pk]))
    assert response.status_code == 404


def test_an_editor_of_two_schools_chooses_whose_awards(client, world):
    second = SchoolPageFactory(title="Brookside Primary", urn="330003")
    world["editor"].groups.add(second.editors_group)
    client.force_login(world["editor"])
    page = text_of(client.get(reverse("my_school_awards")))
    assert reverse("school_awards", args=[world["school"].pk]) in page
    assert reverse("school_awards", args=[second.pk]) in page


def test_opening_a_year_gives_the_teacher_their_own_cycle_not_the_school(world):
    """The Staff Quality Mark opens the teacher's cycle; the school's VbE cycle does not open
    for it, and its IQM annual update opens as before."""
    from practice.models import AnnualUpdatePage
    from practice.updates.year import open_update_year

    open_update_year("2026/27", datetime.date(2027, 6, 30))
    opened = set(
        AnnualUpdatePage.objects.filter(school=world["school"]).values_list(
            "process__key", "person_name"
        )
    )
    assert opened == {
        ("annual-update", ""),
        ("vbe-staff", "Anna Patel"),
        ("vbe-staff", "Ben Okafor"),
    }


@pytest.mark.parametrize("who", ["outsider", "assessor", "anonymous"])
def test_others_cannot_change_who_is_named(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    url = reverse("award_consent", args=[world["anna"].pk])
    for response in (client.get(url), client.post(url, {"agrees": "on"})):
        assert response.status_code in (302, 403)
        assert "Anna Patel" not in text_of(response)
    assert not Award.objects.get(pk=world["anna"].pk).holder_consents
    assert not ModelLogEntry.objects.for_instance(world["anna"]).exists()


def test_the_schools_assessor_sees_what_the_profile_shows(client, world):
    client.force_login(world["assessor"])
    page = text_of(client.get(reverse("school_awards", args=[world["school"].pk])))
    assert "IQM Centre of Excellence" in page and "Ben Okafor" in page
    assert "Anna Patel" not in page
    assert reverse("award_certificate", args=[world["own"].pk]) in page
    assert reverse("award_certificate", args=[world["ben"].pk]) not in page
    assert reverse("award_consent", args=[world["ben"].pk]) not in page


def test_another_schools_editor_is_refused_the_awards_page(client, world):
    client.force_login(world["outsider"])
    response = client.get(reverse("school_awards", args=[world["school"].pk]))
    assert response.status_code == 403
    assert "Anna Patel" not in text_of(response)


# ------ Certificates ------


def test_the_schools_certificate(client, world):
    client.force_login(world["editor"])
    response = client.get(reverse("award_certificate", args=[world["own"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = f"riverside-primary-iqm-centre-of-excellence-{SCHOOL_AWARDED.year}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = pdf_text(response)
    assert "Riverside Primary" in text and "URN 330001" in text
    assert "Inclusion Quality Mark" in text and "Centre of Excellence" in text
    assert f"Awarded on {SCHOOL_AWARDED:%-d %B %Y}" in text
    assert f"Valid until {world['own'].valid_until:%-d %B %Y}" in text


def test_a_staff_members_certificate_names_them_with_their_school(client, world):
    client.force_login(world["editor"])
    response = client.get(reverse("award_certificate", args=[world["anna"].pk]))
    assert response.status_code == 200
    assert (
        f"riverside-primary-anna-patel-vbe-staff-quality-mark-{STAFF_AWARDED.year}.pdf"
        in response["Content-Disposition"]
    )
    text = pdf_text(response)
    assert "Anna Patel" in text and "of Riverside Primary" in text
    assert "Values-based Education Quality Mark" in text and "Staff Quality Mark" in text


CERTIFICATES = {
    # who              the school's own  Anna's (not named)  Ben's (named)
    "editor": (200, 200, 200),
    "staff": (200, 200, 200),
    "assessor": (200, 403, 403),
    "outsider": (403, 403, 403),
    "member": (302, 302, 302),  # no admin at all: sent to sign in
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("who", CERTIFICATES)
def test_who_may_download_a_certificate(client, world, who):
    if who == "member":
        client.force_login(UserFactory(username="member"))
    elif who != "anonymous":
        client.force_login(world[who])
    for award, expected in zip(("own", "anna", "ben"), CERTIFICATES[who], strict=True):
        response = client.get(reverse("award_certificate", args=[world[award].pk]))
        assert response.status_code == expected, (who, award)
        if expected != 200:
            assert not response.content.startswith(b"%PDF")


def test_a_schemes_own_staff_get_their_schemes_certificates_only(client, world):
    from django.contrib.auth.models import Permission

    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    vbe, iqm = Scheme.objects.get(short_name="VbE"), Scheme.objects.get(short_name="IQM")
    for scheme in (vbe, iqm):
        scheme.staff_group = Group.objects.create(name=f"{scheme.short_name} staff")
        scheme.staff_group.permissions.add(admin)
        scheme.save()
    client.force_login(UserFactory(username="vbe-staff", groups=[vbe.staff_group]))
    assert client.get(reverse("award_certificate", args=[world["anna"].pk])).status_code == 200
    client.force_login(UserFactory(username="iqm-staff", groups=[iqm.staff_group]))
    assert client.get(reverse("award_certificate", args=[world["own"].pk])).status_code == 200
    assert client.get(reverse("award_certificate", args=[world["anna"].pk])).status_code == 403


def test_an_assessor_for_another_scheme_gets_no_certificate(client, world):
    assessor = UserFactory(username="artsmark-assessor")
    AssessorAssignmentFactory(
        school=world["school"], assessor=assessor, scheme=Scheme.objects.get(short_name="Artsmark")
    )
    assessor.groups.add(*world["assessor"].groups.all())
    client.force_login(assessor)
    assert client.get(reverse("award_certificate", args=[world["own"].pk])).status_code == 403


# ------ Queries ------


def add_staff_awards(school, count, start=0):
    """`count` staff awards more, every other one named on the profile."""
    level = award_level("VbE", "Staff Quality Mark")
    Award.objects.bulk_create(
        Award(
            school=school,
            level=level,
            awarded_on=STAFF_AWARDED,
            valid_until=STAFF_AWARDED + datetime.timedelta(days=1000),
            holder_name=f"Teacher {number:03d}",
            holder_consents=number % 2 == 0,
        )
        for number in range(start, start + count)
    )


def count_queries(client, url, shows):
    client.get(url)  # warm the site-root cache, as any running site has
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    # The awards are really on the page: a flat count over nothing proves nothing.
    assert shows in text_of(response), shows
    return len(context.captured_queries)


def test_the_profile_costs_the_same_with_10_or_100_staff_awards(world, settings):
    settings.PAGE_CACHE_ENABLED = False  # the page as built, not its stored copy
    school, client = world["school"], Client()
    add_staff_awards(school, 10)
    ten = count_queries(client, school.url, "Teacher 008")
    add_staff_awards(school, 90, start=10)
    hundred = count_queries(client, school.url, "Teacher 098")
    print(f"\nprofile: {ten} queries with 10 staff awards, {hundred} with 100")
    assert ten == hundred


def test_the_awards_page_costs_the_same_with_10_or_100_staff_awards(client, world):
    school = world["school"]
    client.force_login(world["editor"])
    url = reverse("school_awards", args=[school.pk])
    add_staff_awards(school, 10)
    ten = count_queries(client, url, "Teacher 009")
    add_staff_awards(school, 90, start=10)
    hundred = count_queries(client, url, "Teacher 099")
    print(f"\nawards page: {ten} queries with 10 staff awards, {hundred} with 100")
    assert ten == hundred


# ------ The school's export ------


def test_the_schools_export_keeps_its_staff_awards_and_their_agreement(world, settings, tmp_path):
    from exports.export import write_export
    from tests.cms.test_school_restore import empty_the_site, restore

    settings.MEDIA_ROOT = tmp_path / "exporting-site"
    school = world["school"]
    path = tmp_path / "riverside.zip"
    write_export(school, path)
    empty_the_site(school)
    assert not Award.objects.exists()
    settings.MEDIA_ROOT = tmp_path / "restoring-site"

    assert "awards: 3" in restore(path)
    restored = {
        (award.level.name, award.holder_name, award.holder_consents, award.awarded_on)
        for award in Award.objects.select_related("level")
    }
    assert restored == {
        ("Centre of Excellence", "", False, SCHOOL_AWARDED),
        ("Staff Quality Mark", "Anna Patel", False, STAFF_AWARDED),
        ("Staff Quality Mark", "Ben Okafor", True, STAFF_AWARDED),
    }
    profile = text_of(Client().get(type(school).objects.get(urn="330001").url))
    assert "Ben Okafor" in profile and "Anna Patel" not in profile


def test_agreement_is_the_persons_a_renewal_keeps_it_and_withdrawing_covers_every_award(
    client, world
):
    """Ben agreed; his renewed award (a new one, as a review's outcome gives) is named too,
    and withdrawing on either takes both off the profile."""
    renewed = Award.objects.create(
        school=world["school"],
        level=award_level("VbE", "Staff Quality Mark"),
        awarded_on=TODAY,
        holder_name="Ben Okafor",
    )
    assert renewed.holder_consents
    assert (
        Award.objects.create(
            school=world["school"],
            level=award_level("VbE", "Staff Quality Mark"),
            awarded_on=TODAY,
            holder_name="Anna Patel",
        ).holder_consents
        is False
    )
    profile = text_of(Client().get(world["school"].url))
    assert profile.count("Ben Okafor") == 2

    client.force_login(world["editor"])
    url = reverse("award_consent", args=[renewed.pk])
    form = text_of(client.get(url))
    for day in (STAFF_AWARDED, TODAY):
        assert f"awarded on {day:%-d %B %Y}" in form
    client.post(url, {})
    assert not Award.objects.filter(holder_name="Ben Okafor", holder_consents=True).exists()
    assert "Ben Okafor" not in text_of(Client().get(world["school"].url))
    assert ModelLogEntry.objects.filter(action="network.award_consent_withdrawn").count() == 2

"""A school's profile on a phone (390 x 844): nothing scrolls sideways, however long the
school's email, website or award history, and the email is given once in its facts
(issue 17)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from network.models import Award, AwardLevel
from tests.browser.conftest import BROWSER_DB, assert_no_axe_violations, save_screenshot, url
from tests.browser.seed import publish, seed_network
from tests.factories import default_scheme

pytestmark = [pytest.mark.browser, BROWSER_DB]
PHONE = {"width": 390, "height": 844}
EMAIL = "admin.office@st-bartholomews-church-of-england-federated-primary.example.org"


def test_a_long_school_profile_fits_a_phone(new_tab):
    network = seed_network()
    school = network.schools["Alder Primary School"]
    school.title = "St Bartholomew's Church of England Federated Primary School and Nursery"
    school.contact_email = EMAIL
    school.website = "https://www.st-bartholomews-church-of-england-federated-primary.example.org/our-school/send-information-report"
    school.street = "Sunnybank Avenue, off the Old Great North Road"
    school.trust = "The Diocese of Durham and Newcastle Learning and Inclusion Multi-Academy Trust"
    school.sen_needs = ",asd,semh,slcn,"
    school.support_offer = "Visits to our enhanced mainstream provision; SENCo network training."
    publish(school)
    levels = list(AwardLevel.objects.filter(scheme=default_scheme()).order_by("sort_order"))
    moved_up = datetime.date.today() - datetime.timedelta(days=120)
    Award.objects.create(
        school=school,
        level=levels[0],
        awarded_on=moved_up - datetime.timedelta(days=500),
        valid_until=moved_up + datetime.timedelta(days=10),
    )
    Award.objects.create(school=school, level=levels[-1], awarded_on=moved_up)

    page = new_tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(url(page, school.url))
    expect(page.get_by_role("heading", level=1)).to_contain_text("St Bartholomew's")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The email once among the school's facts (the offer of support may point to it again).
    expect(page.locator(".facts").get_by_role("link", name=EMAIL)).to_have_count(1)
    # Moved up from the lowest level: that award reads "Followed by ...", not "Lapsed".
    lowest = page.get_by_role("row", name=re.compile(f"^IQM {levels[0].name} "))
    expect(lowest.get_by_role("cell", name=re.compile(r"^Followed by "))).to_be_visible()
    expect(page.get_by_role("cell", name="Lapsed")).to_have_count(0)
    assert_no_axe_violations(page)
    save_screenshot(page, "school-phone")

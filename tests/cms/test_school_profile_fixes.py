"""A school's profile: its email shown once, and an award the school moved up from reads
"Followed by ...", not "Lapsed" (issue 17)."""

import datetime

import pytest

from network.models import Award, AwardLevel
from tests.factories import SchoolPageFactory, default_scheme

pytestmark = pytest.mark.django_db


def test_email_once_and_a_higher_award_follows_rather_than_lapses(client, frameworks):
    school = SchoolPageFactory(title="Kingsmead School")
    school.contact_email = "office@kingsmead.example"
    school.save_revision().publish()
    scheme = default_scheme()
    levels = list(AwardLevel.objects.filter(scheme=scheme).order_by("sort_order"))
    lower, higher = levels[0], levels[-1]
    assert (lower.sort_order or 0) < (higher.sort_order or 0)
    moved_up = datetime.date.today() - datetime.timedelta(days=100)
    Award.objects.create(
        school=school,
        level=lower,
        awarded_on=moved_up - datetime.timedelta(days=400),
        valid_until=moved_up + datetime.timedelta(days=20),
    )
    Award.objects.create(school=school, level=higher, awarded_on=moved_up)
    body = client.get(school.url).content.decode()
    assert body.count("office@kingsmead.example</a>") == 1
    assert f"Followed by {higher.name} ({moved_up:%Y})" in body
    assert "Lapsed" not in body

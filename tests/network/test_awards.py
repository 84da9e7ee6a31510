import datetime

import pytest

from network.models import AwardStatus
from tests.factories import AwardFactory, SchoolPageFactory, award_level

pytestmark = pytest.mark.django_db


def test_valid_until_follows_from_the_level(frameworks):
    coe = AwardFactory(awarded_on=datetime.date(2026, 3, 1))
    assert coe.valid_until == datetime.date(2027, 3, 1)
    isa = AwardFactory(
        level=award_level(name="Inclusive School Award"), awarded_on=datetime.date(2024, 2, 29)
    )
    assert isa.valid_until == datetime.date(2027, 2, 28)


@pytest.mark.parametrize(
    "today, expected",
    [
        (datetime.date(2026, 2, 28), AwardStatus.UPCOMING),
        (datetime.date(2026, 3, 1), AwardStatus.CURRENT),
        (datetime.date(2026, 11, 30), AwardStatus.CURRENT),
        (datetime.date(2026, 12, 1), AwardStatus.DUE_FOR_REVIEW),
        (datetime.date(2027, 3, 1), AwardStatus.DUE_FOR_REVIEW),
        (datetime.date(2027, 3, 2), AwardStatus.LAPSED),
    ],
)
def test_status_follows_from_the_dates(frameworks, today, expected):
    award = AwardFactory(awarded_on=datetime.date(2026, 3, 1))
    assert award.status(today) == expected


def test_current_award_is_the_highest_level_in_force(frameworks):
    school = SchoolPageFactory()
    AwardFactory(
        school=school,
        level=award_level(name="Inclusive School Award"),
        awarded_on=datetime.date(2024, 9, 1),
    )
    coe = AwardFactory(school=school, awarded_on=datetime.date(2026, 9, 1))
    AwardFactory(
        school=school,
        level=award_level(name="Flagship School"),
        awarded_on=datetime.date(2020, 9, 1),
    )  # lapsed long ago
    assert school.current_award(datetime.date(2026, 10, 1)) == coe
    assert school.current_award(datetime.date(2031, 10, 1)) is None


def test_profile_lists_awards_with_their_status(client, frameworks):
    school = SchoolPageFactory(title="Hillside Primary")
    AwardFactory(school=school, awarded_on=datetime.date(2019, 9, 1))
    response = client.get(school.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "IQM Centre of Excellence" in body
    assert "1 September 2019" in body
    assert "Lapsed" in body

"""Review of issue 16: the migration onto cycles, on a network whose IQM levels staff named
by hand. Before cycles, a year opened for every Centre of Excellence and Flagship award
whatever its level was called (by its kind); after it, a cycle opens only for the levels
the shipped file names, so such a network's next year opens for nobody."""

import datetime

import pytest

from tests.factories import school_with_award
from tests.practice.test_cycles_migration import (  # noqa: F401 (the fixture)
    BEFORE,
    _content_types_remembered_as_before,
    latest,
    migrate,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_network_whose_levels_were_named_by_hand_still_opens_its_year(frameworks):
    from network.models import AwardLevel
    from practice.models import AnnualUpdatePage
    from practice.updates.year import open_update_year

    school = school_with_award(title="Rowan Special School")
    open_update_year("2025/26", datetime.date(2026, 6, 30))
    migrate(BEFORE)
    # As on a network set up by hand before the frameworks file named its levels.
    AwardLevel.objects.filter(scheme__short_name="IQM", name="Centre of Excellence").update(
        name="Centre of Excellence award"
    )
    migrate(latest())

    opened = open_update_year("2026/27", datetime.date(2027, 6, 30))
    assert AnnualUpdatePage.objects.filter(school=school, academic_year="2026/27").exists(), (
        opened.created,
        opened.skipped,
    )

"""practice/0005–0007 and network/0008: a network with last year's annual updates moves
onto cycles as data and loses nothing.

The world is built as it stands today (pages need the tree), the database is taken back to
before cycles existed (the process, the person, the report sections and the processes
themselves are gone; the updates, sections, targets, feedback and reviews stay), and then
migrated forward: every update joins IQM's annual update, its review keeps its outcome, and
the next year opens from it as it did before.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import school_assessor, school_with_award

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("practice", "0004_update_feedback"), ("network", "0007_school_member")]


@pytest.fixture(autouse=True)
def _content_types_remembered_as_before():
    """As in the search app's migration test: what this process remembers of the content
    types comes back after the test, so the next test's restored rows match it."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())
    remembered = {alias: dict(types) for alias, types in ContentType.objects._cache.items()}
    yield
    ContentType.objects._cache.clear()
    ContentType.objects._cache.update(remembered)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_last_years_updates_join_iqms_cycle_and_lose_nothing(frameworks):
    from practice.models import (
        AnnualReview,
        AnnualUpdatePage,
        DevelopmentTarget,
        FeedbackSection,
        UpdateFeedback,
        UpdateTarget,
    )
    from practice.updates.year import open_update_year

    school = school_with_award(title="Rowan Special School")
    flagship = school_with_award(kind="flagship", title="Yew Academy")
    open_update_year("2025/26", datetime.date(2026, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school)
    section = update.element_progress.order_by("sort_order").first()
    section.narrative = "<p>Pupils with EHCPs lead the school council.</p>"
    section.self_rating = 3
    section.save()
    UpdateTarget.objects.create(
        update=update, text="Every child reads daily", progress="<p>Done</p>"
    )
    assessor = school_assessor(school)
    UpdateFeedback.objects.create(
        update=update,
        section=FeedbackSection.SUMMARY,
        text="Say more about attendance.",
        author=assessor,
    )
    review = AnnualReview.objects.create(
        update=update,
        visit_date=datetime.date(2026, 7, 8),
        outcome="validated",
        strengths="A well-led SEND team.",
        recorded_by=assessor,
    )
    DevelopmentTarget.objects.create(review=review, text="Train two more ELSAs", sort_order=0)
    ids = {"update": update.pk, "flagship": AnnualUpdatePage.objects.get(school=flagship).pk}

    before = migrate(BEFORE)
    Old = before.get_model("practice", "AnnualUpdatePage")
    assert not hasattr(Old(), "process_id")
    assert Old.objects.filter(pk__in=ids.values()).count() == 2
    assert before.get_model("practice", "AnnualReview").objects.get().outcome == "validated"

    migrate(latest())

    update = AnnualUpdatePage.objects.get(pk=ids["update"])
    assert update.process.key == "annual-update"
    assert AnnualUpdatePage.objects.get(pk=ids["flagship"]).process.key == "annual-update"
    assert update.title == "Annual update 2025/26" and update.slug == "annual-update-2025-26"
    section = update.element_progress.order_by("sort_order").first()
    assert section.narrative == "<p>Pupils with EHCPs lead the school council.</p>"
    assert section.self_rating == 3
    assert [(t.text, t.progress) for t in update.targets.all()] == [
        ("Every child reads daily", "<p>Done</p>")
    ]
    assert UpdateFeedback.objects.get(update=update).text == "Say more about attendance."
    review = AnnualReview.objects.get(update=update)
    assert review.outcome == "validated"
    assert review.get_outcome_display() == "Progress validated"
    assert review.strengths == "A well-led SEND team."
    # The other schemes' cycles came with the migration, as load_frameworks gives them.
    from network.models import Process

    assert {"vbe-quality-mark", "artsmark", "wcsqm-students"} <= set(
        Process.objects.values_list("key", flat=True)
    )
    # IQM's ten-to-eight mapping is there for year-on-year comparison.
    from practice.models import ElementMapping

    assert ElementMapping.objects.count() >= 10

    # Next year opens from last year's review, as before.
    opened = open_update_year("2026/27", datetime.date(2027, 6, 30))
    next_year = next(u for u in opened.created if u.school_id == update.school_id)
    assert [t.text for t in next_year.targets.all()] == ["Train two more ELSAs"]
    assert next_year.process.key == "annual-update"

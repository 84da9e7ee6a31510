"""The demo network gets two years of updates in every state, with reviews."""

import datetime
import random
from types import SimpleNamespace

import pytest
from django.core import mail

from demo.updates import academic_year_of, seed
from practice.models import AnnualReview, AnnualUpdatePage, UpdateReminder, UpdateStatus
from practice.updates.dashboard import dashboard_rows
from tests.factories import school_assessor, school_editor, school_with_award

pytestmark = pytest.mark.django_db


class Context(SimpleNamespace):
    def rng_for(self, *parts):
        return random.Random(":".join(str(part) for part in (2026, *parts)))

    def report(self, label, count):
        self.summary[label] = count

    def say(self, text):
        self.said.append(text)


def test_two_years_in_every_state(frameworks, staff_user):
    schools = [school_with_award(title=f"Demo {i:02d}") for i in range(7)]
    schools.append(school_with_award(kind="flagship", title="Demo Flagship"))
    for school in schools[:3]:
        school_editor(school)
        school_assessor(school)
    today = datetime.date.today()
    context = Context(today=today, users={"staff": staff_user}, summary={}, said=[])

    seed(context)
    this_year, first = academic_year_of(today)
    last_year = f"{first - 1}/{first % 100:02d}"
    assert context.summary["annual updates added"] == 16
    assert not UpdateReminder.objects.exists()  # demo events send no reminders
    assert mail.outbox == []

    last = dashboard_rows(last_year, today)
    assert {row.status for row in last} == {UpdateStatus.REVIEWED}
    assert all(row.submitted and row.submitted.year == first for row in last)
    assert AnnualReview.objects.filter(update__academic_year=last_year).count() == 8
    current = dashboard_rows(this_year, today)
    assert {row.status for row in current} == set(UpdateStatus.values)
    flagship = AnnualUpdatePage.objects.get(school=schools[-1], academic_year=this_year)
    assert flagship.research_steps.exists()
    centre = AnnualUpdatePage.objects.get(school=schools[0], academic_year=this_year)
    plan = AnnualReview.objects.get(update__school=schools[0], update__academic_year=last_year)
    assert [t.text for t in centre.targets.all()] == [
        t.text for t in plan.development_targets.all()
    ]

    seed(context)  # again: nothing twice
    assert context.summary["annual updates added"] == 0
    assert AnnualUpdatePage.objects.count() == 16

"""Factories shared by every test: pages are added to the tree where the site puts them."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from wagtail.models import Page

from cms.models import HomePage
from network.models import (
    ActivityKind,
    AssessorAssignment,
    Award,
    AwardLevel,
    ClusterActivityPage,
    ClusterIndexPage,
    ClusterKind,
    ClusterPage,
    Phase,
    Region,
    Scheme,
    SchoolIndexPage,
    SchoolPage,
)


def home_page():
    return HomePage.objects.get()


def add_page(parent, page):
    parent.add_child(instance=page)
    return page


def school_index():
    index = SchoolIndexPage.objects.first()
    if index is None:
        index = add_page(home_page(), SchoolIndexPage(title="Schools", slug="schools"))
    return index


def cluster_index():
    index = ClusterIndexPage.objects.first()
    if index is None:
        index = add_page(home_page(), ClusterIndexPage(title="Clusters", slug="clusters"))
    return index


class PageFactory(factory.django.DjangoModelFactory):
    """Builds a page and adds it under `parent` (or the page type's usual parent)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    live = True

    @classmethod
    def default_parent(cls):
        return home_page()

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        page = model_class(*args, **kwargs)
        return add_page(parent or cls.default_parent(), page)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "password")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)


class SchoolPageFactory(PageFactory):
    class Meta:
        model = SchoolPage

    title = factory.Sequence(lambda n: f"Test School {n}")
    urn = factory.Sequence(lambda n: f"{200000 + n}")
    phase = Phase.PRIMARY
    region = Region.LONDON
    local_authority = "Camden"
    la_code = "202"
    town = "London"
    postcode = "NW1 1AA"
    latitude = 51.53
    longitude = -0.14

    @classmethod
    def default_parent(cls):
        return school_index()


class ClusterPageFactory(PageFactory):
    class Meta:
        model = ClusterPage

    title = factory.Sequence(lambda n: f"Cluster {n}")
    kind = ClusterKind.LOCAL
    summary = "Schools working together on inclusion."

    @classmethod
    def default_parent(cls):
        return cluster_index()


class ClusterActivityPageFactory(PageFactory):
    class Meta:
        model = ClusterActivityPage

    title = factory.Sequence(lambda n: f"Cluster meeting {n}")
    date = datetime.date(2026, 10, 1)
    kind = ActivityKind.MEETING
    purpose = "<p>Share what worked this term.</p>"


def award_level(short_name="IQM", name="Centre of Excellence"):
    return AwardLevel.objects.get(scheme__short_name=short_name, name=name)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    school = factory.SubFactory(SchoolPageFactory)
    level = factory.LazyFunction(award_level)
    awarded_on = datetime.date(2026, 9, 1)


class AssessorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessorAssignment

    school = factory.SubFactory(SchoolPageFactory)
    assessor = factory.SubFactory(UserFactory)


def default_scheme():
    return Scheme.objects.default()


# ------ publishing: case studies, research, curation ------


def practice_index():
    from practice.models import PracticeIndexPage

    index = PracticeIndexPage.objects.first()
    if index is None:
        index = add_page(home_page(), PracticeIndexPage(title="Practice", slug="practice"))
    return index


def research_index():
    from research.models import ResearchIndexPage

    index = ResearchIndexPage.objects.first()
    if index is None:
        index = add_page(home_page(), ResearchIndexPage(title="Research", slug="research"))
    return index


class CaseStudyPageFactory(PageFactory):
    """A live case study under `parent` (a school; a new one if not given)."""

    class Meta:
        model = "practice.CaseStudyPage"

    title = factory.Sequence(lambda n: f"Case study {n}")
    summary = "Pre-teaching vocabulary helped pupils with EAL join in."
    context = "<p>Many pupils arrive mid-year with little English.</p>"
    actions = "<p>Teaching assistants pre-taught key words before each lesson.</p>"

    @classmethod
    def default_parent(cls):
        return SchoolPageFactory()


class ResearchProjectPageFactory(PageFactory):
    class Meta:
        model = "research.ResearchProjectPage"

    title = factory.Sequence(lambda n: f"Research project {n}")
    summary = "Does daily reading aloud improve reading fluency in Year 3?"
    question = "Does daily reading aloud improve fluency?"
    status = "in_progress"

    @classmethod
    def default_parent(cls):
        return SchoolPageFactory()


__all__ = [
    "CaseStudyPageFactory",
    "ResearchProjectPageFactory",
    "practice_index",
    "research_index",
    "AssessorAssignmentFactory",
    "AwardFactory",
    "ClusterActivityPageFactory",
    "ClusterPageFactory",
    "Page",
    "SchoolPageFactory",
    "UserFactory",
    "add_page",
    "award_level",
    "cluster_index",
    "default_scheme",
    "home_page",
    "school_index",
]


# ------ annual updates ------


def school_with_award(kind="centre_of_excellence", **kwargs):
    """A school holding a current IQM Centre of Excellence (or Flagship) award today."""
    from django.utils import timezone

    school = SchoolPageFactory(**kwargs)
    name = "Flagship School" if kind == "flagship" else "Centre of Excellence"
    AwardFactory(
        school=school,
        level=award_level("IQM", name),
        awarded_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    return school


def school_editor(school, username=None):
    return UserFactory(username=username or f"editor-{school.urn}", groups=[school.editors_group])


def school_assessor(school, username=None):
    from django.contrib.auth.models import Group

    from network.permissions import ASSESSORS

    user = UserFactory(
        username=username or f"assessor-{school.urn}", groups=[Group.objects.get(name=ASSESSORS)]
    )
    AssessorAssignmentFactory(school=school, assessor=user)
    return user


def update_edit_data(update, narratives=None, ratings=None, progress=None, action=None, **fields):
    """The Wagtail editor's form post for an annual update, as a browser would send it.

    `narratives`/`ratings` map element numbers to text/ratings; `progress` is a list of
    progress texts for the update's targets (or research steps for a Flagship)."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    narratives = narratives or {}
    ratings = ratings or {}
    progress = progress or []
    sections = list(update.element_progress.select_related("element"))
    targets = list(update.targets.all())
    steps = list(update.research_steps.all())

    def text(value):
        return rich_text(value or "")

    data = {
        "title": update.title,
        "slug": update.slug,
        "academic_year": update.academic_year,
        "deadline": update.deadline.isoformat(),
        "framework": str(update.framework_id),
        "award_kind": update.award_kind,
        "element_progress": inline_formset(
            [
                {
                    "id": str(section.pk),
                    "element": str(section.element_id),
                    "narrative": text(narratives.get(section.element.number, "")),
                    "evidence": streamfield([]),
                    "self_rating": str(ratings.get(section.element.number, "")),
                }
                for section in sections
            ],
            initial=len(sections),
        ),
        "targets": inline_formset(
            [
                {
                    "id": str(target.pk),
                    "text": target.text,
                    "progress": text(progress[i] if i < len(progress) else ""),
                    "evidence": streamfield([]),
                }
                for i, target in enumerate(targets)
            ],
            initial=len(targets),
        ),
        "research_steps": inline_formset(
            [
                {
                    "id": str(step.pk),
                    "step": step.step,
                    "people_responsible": step.people_responsible,
                    "due_on": step.due_on.isoformat() if step.due_on else "",
                    "status": step.status,
                    "progress": text(progress[i] if i < len(progress) else ""),
                }
                for i, step in enumerate(steps)
            ],
            initial=len(steps),
        ),
        "comments": inline_formset([]),
        "summary": text(fields.pop("summary", "")),
        "sharing_next_year": text(fields.pop("sharing_next_year", "")),
    }
    data.update(fields)
    flat = nested_form_data(data)
    if action:
        flat[f"action-{action}"] = "1"
    return flat


# ------ An annual update and the people around it, as the workflow tests need them ------

ALL_TEN = {n: f"<p>Element {n} this year.</p>" for n in range(1, 11)}


def update_with_people(staff, title="Birch Academy", year="2026/27"):
    """A school's opened update with one target, its editor, its assessor and `staff`."""
    from practice.models import AnnualUpdatePage, UpdateTarget
    from practice.updates.year import open_update_year

    school = school_with_award(title=title)
    open_update_year(year, datetime.date(int(year[:4]) + 1, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year=year)
    UpdateTarget.objects.create(update=update, text="Every child reads daily")
    return {
        "update": update,
        "editor": school_editor(school),
        "assessor": school_assessor(school),
        "staff": staff,
    }


def submit_update(client, people):
    """The editor writes all ten sections and the target's progress and submits."""
    client.force_login(people["editor"])
    data = update_edit_data(
        people["update"], narratives=ALL_TEN, progress=["<p>Daily reading.</p>"], action="submit"
    )
    return client.post(f"/admin/pages/{people['update'].pk}/edit/", data)


def workflow_action(client, user, page, action, comment=""):
    """`user` approves or rejects the page's task in progress, as the admin's buttons do."""
    from wagtail.models import TaskState

    client.force_login(user)
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/", {"comment": comment}
    )

"""Who may do what to school A's content: every role against every page type and action.

One table says what each role may do; pytest makes one test of each cell. Every action is
done as the person would do it, through the site or the Wagtail admin. "Allowed" is checked
by its effect (the response and what was saved), "refused" by the response (403, 404, or a
redirect to sign in or to the admin's "no permission" home) and by nothing having changed.

The expected answers come from the roles (README, "Roles"; docs of the design): a school's
editors add and edit in their school's subtree but do not publish; editors of a cluster's
member schools add activities to it; scheme staff publish everywhere and sign updates off;
an assessor reads and reviews the updates of the schools assigned to them only; a member is
signed in but in no school's group; anyone sees public pages.
"""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from network.models import ClusterActivityPage
from network.permissions import SCHEME_STAFF
from practice.models import AnnualReview, AnnualUpdatePage, CaseStudyPage, UpdateTarget
from practice.updates.year import open_update_year
from tests.factories import (
    CaseStudyPageFactory,
    ClusterActivityPageFactory,
    ClusterPageFactory,
    ResearchProjectPageFactory,
    SchoolPageFactory,
    UserFactory,
    school_assessor,
    school_editor,
    school_with_award,
    update_edit_data,
)
from tests.security.editor_forms import editor_post_data

pytestmark = pytest.mark.django_db

Y = "allowed"
N = "refused"
DRAFT = "saved as a draft, not published"

ROLES = ("anonymous", "member", "editor_a", "editor_b", "assessor_a", "assessor_b", "staff")

# ------ The table ------
#
# Rows are (what, action) on school A's content; columns are ROLES in order. "add" on the
# school adds a case study below it, on the cluster an activity; "export" is the school's
# data export (a zip of everything it wrote), so it has a row for the school only. The
# update is reviewed at the assessor's step; "update at sign-off" is the same update once
# its assessor has approved it, waiting for scheme staff.

MATRIX = {
    #                                  anon member ed_a  ed_b as_a as_b staff
    ("school", "view"):               (Y,   Y,     Y,    Y,   Y,   Y,   Y),
    ("school", "edit"):               (N,   N,     Y,    N,   N,   N,   Y),
    ("school", "submit"):             (N,   N,     Y,    N,   N,   N,   Y),
    ("school", "publish"):            (N,   N,     DRAFT, N,  N,   N,   Y),
    ("school", "review"):             (N,   N,     N,    N,   N,   N,   Y),
    ("school", "add"):                (N,   N,     Y,    N,   N,   N,   Y),
    ("school", "export"):             (N,   N,     Y,    N,   N,   N,   Y),
    ("case study", "view"):           (Y,   Y,     Y,    Y,   Y,   Y,   Y),
    ("case study", "edit"):           (N,   N,     Y,    N,   N,   N,   Y),
    ("case study", "submit"):         (N,   N,     Y,    N,   N,   N,   Y),
    ("case study", "publish"):        (N,   N,     DRAFT, N,  N,   N,   Y),
    ("case study", "review"):         (N,   N,     N,    N,   N,   N,   Y),
    ("research", "view"):             (Y,   Y,     Y,    Y,   Y,   Y,   Y),
    ("research", "edit"):             (N,   N,     Y,    N,   N,   N,   Y),
    ("research", "submit"):           (N,   N,     Y,    N,   N,   N,   Y),
    ("research", "publish"):          (N,   N,     DRAFT, N,  N,   N,   Y),
    ("research", "review"):           (N,   N,     N,    N,   N,   N,   Y),
    ("update", "view"):               (N,   N,     Y,    N,   Y,   N,   Y),
    ("update", "edit"):               (N,   N,     Y,    N,   N,   N,   Y),
    ("update", "submit"):             (N,   N,     Y,    N,   N,   N,   Y),
    ("update", "publish"):            (N,   N,     DRAFT, N,  N,   N,   Y),
    ("update", "review"):             (N,   N,     N,    N,   Y,   N,   N),
    ("update at sign-off", "review"): (N,   N,     N,    N,   N,   N,   Y),
    ("cluster", "view"):              (Y,   Y,     Y,    Y,   Y,   Y,   Y),
    ("cluster", "edit"):              (N,   N,     N,    N,   N,   N,   Y),
    ("cluster", "submit"):            (N,   N,     N,    N,   N,   N,   Y),
    ("cluster", "publish"):           (N,   N,     N,    N,   N,   N,   Y),
    ("cluster", "review"):            (N,   N,     N,    N,   N,   N,   Y),
    ("cluster", "add"):               (N,   N,     Y,    N,   N,   N,   Y),
    ("activity", "view"):             (Y,   Y,     Y,    Y,   Y,   Y,   Y),
    ("activity", "edit"):             (N,   N,     Y,    N,   N,   N,   Y),
    ("activity", "submit"):           (N,   N,     Y,    N,   N,   N,   Y),
    ("activity", "publish"):          (N,   N,     DRAFT, N,  N,   N,   Y),
    ("activity", "review"):           (N,   N,     N,    N,   N,   N,   Y),
}  # fmt: skip

CELLS = [
    pytest.param(what, action, role, expected, id=f"{what}-{action}-{role}".replace(" ", "_"))
    for (what, action), row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


# ------ School A's world, built once for the module ------

UPDATE_SUMMARY = "Our nurture groups doubled in size this year."


def build_world():
    call_command("load_frameworks", stdout=io.StringIO())
    school_a = school_with_award(title="Alder Primary", urn="310001")
    school_b = SchoolPageFactory(title="Beech Primary", urn="310002")
    school_c = SchoolPageFactory(title="Cedar Primary", urn="310003")
    staff = UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)])
    users = {
        "member": UserFactory(username="member"),
        "editor_a": school_editor(school_a, "editor-a"),
        "editor_b": school_editor(school_b, "editor-b"),
        "assessor_a": school_assessor(school_a, "assessor-a"),
        "assessor_b": school_assessor(school_b, "assessor-b"),
        "staff": staff,
    }
    case_study = CaseStudyPageFactory(parent=school_a, title="Vocabulary before lessons")
    research = ResearchProjectPageFactory(parent=school_a, title="Reading aloud in Year 3")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school_a)
    UpdateTarget.objects.create(update=update, text="Every child reads daily")
    update.summary = f"<p>{UPDATE_SUMMARY}</p>"
    update.save_revision(user=staff).publish()
    # Published so that its address answers; reopened by staff, so it is still the school's to
    # write (a published update that staff have not reopened is signed off, and closed).
    AnnualUpdatePage.objects.filter(pk=update.pk).update(reopened_at=timezone.now())
    update.refresh_from_db()
    cluster = ClusterPageFactory(title="Alder cluster", lead_school=school_a)
    cluster.member_schools.set([school_a, school_c])
    cluster.save()
    activity = ClusterActivityPageFactory(
        parent=cluster, title="Autumn meeting", owner=users["editor_a"]
    )
    pages = {
        "school": school_a,
        "case study": case_study,
        "research": research,
        "update": update,
        "update at sign-off": update,
        "cluster": cluster,
        "activity": activity,
    }
    return {
        "pages": {what: page.pk for what, page in pages.items()},
        "users": {role: user.pk for role, user in users.items()},
        "school_b": school_b.pk,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built in a transaction that stays open for the module and is rolled back after it;
    each test runs in a savepoint inside it, so nothing one test does reaches the next."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def page_of(world, what):
    return Page.objects.get(pk=world["pages"][what]).specific


def user_of(world, role):
    if role == "anonymous":
        return None
    return get_user_model().objects.get(pk=world["users"][role])


def sign_in(client, world, role):
    user = user_of(world, role)
    if user is not None:
        client.force_login(user)
    return user


# ------ What a refusal looks like ------


def assert_refused(response, what):
    """403, 404, a redirect to sign in, or Wagtail's redirect to the admin home with
    "Sorry, you do not have permission"."""
    if response.status_code in (403, 404):
        return
    assert response.status_code == 302, (what, response.status_code)
    location = response["Location"]
    signing_in = "login" in location or location.startswith("/sign-in/")
    assert signing_in or location == reverse("wagtailadmin_home"), (what, location)


def snapshot(page):
    """What a refused request must leave as it was."""
    page = Page.objects.get(pk=page.pk)
    return {
        "title": page.title,
        "draft_title": page.draft_title,
        "live": page.live,
        "latest_revision": page.latest_revision_id,
        "live_revision": page.live_revision_id,
        "revisions": page.revisions.count(),
        "children": page.get_children().count(),
        "workflow_states": list(
            WorkflowState.objects.filter(object_id=str(page.pk)).values_list("status", "pk")
        ),
        "task_states": list(
            TaskState.objects.filter(workflow_state__object_id=str(page.pk)).values_list(
                "status", "pk"
            )
        ),
        "reviews": AnnualReview.objects.filter(update_id=page.pk).count(),
    }


# ------ The editor's form posts ------


ALL_SECTIONS = {n: f"<p>What we did on element {n}.</p>" for n in range(1, 11)}


def edit_post(page, title, action=None):
    """The editor's form as the browser posts it, with a new title (and a button)."""
    staff = get_user_model().objects.get(username="staff")
    if isinstance(page, AnnualUpdatePage):
        data = update_edit_data(
            page, narratives=ALL_SECTIONS, progress=["<p>Daily reading.</p>"], title=title
        )
    else:
        data = editor_post_data(page, staff, title=title)
    if action:
        data[f"action-{action}"] = action
    return data


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def in_progress(page):
    return WorkflowState.objects.filter(
        object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).first()


def put_in_review(world, what):
    """Submitted by those who may: the school's editor, or staff for the cluster."""
    page = page_of(world, what)
    submitter = user_of(world, "staff" if what == "cluster" else "editor_a")
    page.title = f"{page.title} (submitted)"
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    if what == "update at sign-off":
        state = in_progress(page).current_task_state
        state.task.specific.on_action(state, user_of(world, "assessor_a"), "approve")
    return page


# ------ The actions ------


def do_view(client, world, what, role, expected):
    """The page's own text is what a reader sees and an outsider must not: its title for
    public pages, the summary for the update (a refusal may name the update, not quote it)."""
    page = page_of(world, what)
    urls = [page.url]
    text = page.title
    if isinstance(page, AnnualUpdatePage):
        urls.append(reverse("practice_updates:read", args=[page.pk]))
        text = UPDATE_SUMMARY
    for url in urls:
        response = client.get(url)
        if expected == Y:
            assert response.status_code == 200, url
            assert text in response.content.decode(), url
        else:
            assert_refused(response, url)
            assert text not in response.content.decode(), url


def do_edit(client, world, what, role, expected):
    page = page_of(world, what)
    before = snapshot(page)
    get = client.get(edit_url(page))
    title = f"{page.title} (edited by {role})"
    post = client.post(edit_url(page), edit_post(page, title))
    page = Page.objects.get(pk=page.pk)
    if expected == Y:
        assert get.status_code == 200
        assert post.status_code == 302, (
            getattr(post, "context", None) and post.context.get("form").errors
        )
        assert post["Location"] == edit_url(page)
        assert page.get_latest_revision().as_object().title == title
        assert page.draft_title == title
        assert page.title == before["title"], "a draft must not change the live page"
    else:
        assert_refused(get, "GET edit")
        assert_refused(post, "POST edit")
        assert snapshot(page) == before


def do_submit(client, world, what, role, expected):
    page = page_of(world, what)
    before = snapshot(page)
    title = f"{page.title} (submitted by {role})"
    response = client.post(edit_url(page), edit_post(page, title, action="submit"))
    if expected == Y:
        assert response.status_code == 302, response.context and response.context["form"].errors
        state = in_progress(page)
        assert state is not None
        assert state.requested_by == user_of(world, role)
        assert state.current_task_state.revision.as_object().title == title
        assert Page.objects.get(pk=page.pk).title == before["title"]
    else:
        assert_refused(response, "submit")
        assert snapshot(page) == before


def do_publish(client, world, what, role, expected):
    page = page_of(world, what)
    before = snapshot(page)
    title = f"{page.title} (published by {role})"
    response = client.post(edit_url(page), edit_post(page, title, action="publish"))
    page = Page.objects.get(pk=page.pk)
    if expected == Y:
        assert response.status_code == 302
        assert page.live and page.title == title
        assert page.live_revision_id == page.latest_revision_id != before["live_revision"]
    elif expected == DRAFT:
        assert response.status_code == 302
        assert response["Location"] == edit_url(page)
        assert page.draft_title == title
        assert page.title == before["title"]
        assert page.live_revision_id == before["live_revision"]
        assert page.latest_revision_id != before["latest_revision"]
    else:
        assert_refused(response, "publish")
        assert snapshot(page) == before


REVIEW_FORM = {
    "visit_date": "2027-07-08",
    "outcome": "validated",
    "strengths": "A well-led SEND team.",
    "development_targets-TOTAL_FORMS": "1",
    "development_targets-INITIAL_FORMS": "0",
    "development_targets-MIN_NUM_FORMS": "0",
    "development_targets-MAX_NUM_FORMS": "1000",
    "development_targets-0-text": "Host a cluster CPD day",
}


def do_review(client, world, what, role, expected):
    page = put_in_review(world, what)
    state = in_progress(page)
    task_state = state.current_task_state
    before = snapshot(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    task_state.refresh_from_db()
    reviews_record = what == "update"
    review_url = reverse("practice_updates:review", args=[page.pk])
    if expected == Y:
        assert response.status_code == 302
        assert task_state.status == TaskState.STATUS_APPROVED
        assert task_state.finished_by == user_of(world, role)
        if what in ("update", "update at sign-off"):
            state.refresh_from_db()
            if what == "update at sign-off":
                assert state.status == WorkflowState.STATUS_APPROVED
                assert Page.objects.get(pk=page.pk).title == page.title
        else:
            assert Page.objects.get(pk=page.pk).title == page.title  # approved means published
        if reviews_record:
            assert client.get(review_url).status_code == 200
            response = client.post(review_url, REVIEW_FORM)
            assert response.status_code == 302
            review = AnnualReview.objects.get(update_id=page.pk)
            assert review.recorded_by == user_of(world, role)
    else:
        assert_refused(response, "workflow approve")
        if reviews_record:
            assert_refused(client.get(review_url), "GET review form")
            assert_refused(client.post(review_url, REVIEW_FORM), "POST review form")
        assert snapshot(page) == before


CHILD_POSTS = {
    "school": (
        "practice/casestudypage",
        CaseStudyPage,
        {
            "slug": "pre-teaching",
            "summary": "Pre-teaching key words helped pupils join in.",
            "evidence_stage": "untested",
            "visibility": "public",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    ),
    "cluster": (
        "network/clusteractivitypage",
        ClusterActivityPage,
        {
            "slug": "spring-meeting",
            "date": "2027-03-04",
            "kind": "meeting",
            "visibility": "public",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    ),
}


def do_add(client, world, what, role, expected):
    parent = page_of(world, what)
    before = snapshot(parent)
    page_type, model, data = CHILD_POSTS[what]
    url = f"/admin/pages/add/{page_type}/{parent.pk}/"
    title = f"New page by {role}"
    get = client.get(url)
    post = client.post(url, {**data, "title": title})
    if expected == Y:
        assert get.status_code == 200
        assert post.status_code == 302
        child = model.objects.child_of(parent).get(title=title)
        assert child.owner == user_of(world, role)
        assert not child.live, "a new page waits for review"
    else:
        assert_refused(get, "GET add")
        assert_refused(post, "POST add")
        assert snapshot(parent) == before
        assert not model.objects.filter(title=title).exists()


def do_export(client, world, what, role, expected):
    school = page_of(world, what)
    try:
        url = reverse("school_export", args=[school.pk])
    except NoReverseMatch:
        pytest.skip("the school data export (URL name school_export) is not on this branch")
    response = client.get(url)
    if expected == Y:
        assert response.status_code == 200
        body = b"".join(response) if response.streaming else response.content
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert archive.namelist()
    elif role in ("anonymous", "member"):
        # Wagtail sends anyone without admin access to its sign-in, as on every admin URL.
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == 403


ACTIONS = {
    "view": do_view,
    "edit": do_edit,
    "submit": do_submit,
    "publish": do_publish,
    "review": do_review,
    "add": do_add,
    "export": do_export,
}


@pytest.mark.parametrize(("what", "action", "role", "expected"), CELLS)
def test_cell(client, world, what, action, role, expected):
    sign_in(client, world, role)
    ACTIONS[action](client, world, what, role, expected)


def test_the_table_covers_every_page_type_below_a_school():
    from network.models import SchoolPage

    below_a_school = {model._meta.label for model in SchoolPage.allowed_subpage_models()}
    covered = {
        "practice.CaseStudyPage",
        "research.ResearchProjectPage",
        "practice.AnnualUpdatePage",
    }
    assert below_a_school == covered
    for what in ("school", "case study", "research", "update", "cluster", "activity"):
        assert {action for (page, action) in MATRIX if page == what} >= {
            "view",
            "edit",
            "submit",
            "publish",
            "review",
        }


# ------ Each role edits only what is theirs (issue 17) ------
#
# The year, deadline, framework and award kind of an update are set by scheme staff; while
# the assessor reviews it nobody rewrites the school's text (the assessor comments beside
# it); once signed off it is closed to the school until staff reopen it; the assessor and
# staff write feedback, and those who read the update may mark it resolved.

UPDATE_RULES = {
    #                                         anon member ed_a  ed_b as_a as_b staff
    ("update", "set the deadline"):          (N,   N,     N,    N,   N,   N,   Y),
    ("update in review", "edit the text"):   (N,   N,     N,    N,   N,   N,   N),
    ("signed-off update", "edit"):           (N,   N,     N,    N,   N,   N,   Y),
    ("signed-off update", "reopen"):         (N,   N,     N,    N,   N,   N,   Y),
    ("update in review", "give feedback"):   (N,   N,     N,    N,   Y,   N,   Y),
    ("update in review", "resolve feedback"): (N,  N,     Y,    N,   Y,   N,   Y),
}  # fmt: skip

RULE_CELLS = [
    pytest.param(what, action, role, expected, id=f"{what}-{action}-{role}".replace(" ", "_"))
    for (what, action), row in UPDATE_RULES.items()
    for role, expected in zip(ROLES, row, strict=True)
]


def signed_off(world):
    update = put_in_review(world, "update")
    for role in ("assessor_a", "staff"):
        state = in_progress(update).current_task_state
        state.task.specific.on_action(state, user_of(world, role), "approve")
    from practice.updates.status import is_closed

    update = AnnualUpdatePage.objects.get(pk=update.pk)
    assert is_closed(update)
    return update


def latest_of(update):
    return AnnualUpdatePage.objects.get(pk=update.pk).get_latest_revision_as_object()


def rule_set_the_deadline(client, world, role, expected):
    update = page_of(world, "update")
    before = latest_of(update).deadline
    data = edit_post(update, update.title)
    data["deadline"] = "2031-01-31"
    client.post(edit_url(update), data)
    after = latest_of(update).deadline
    assert (after != before) == (expected == Y), (before, after)


def rule_edit_the_text(client, world, role, expected):
    update = put_in_review(world, "update")
    data = edit_post(update, update.title)
    from wagtail.test.utils.form_data import rich_text

    data["summary"] = rich_text("<p>Rewritten by someone else.</p>")
    client.post(edit_url(update), data)
    assert "Rewritten by someone else" not in (latest_of(update).summary or "")


def rule_edit_signed_off(client, world, role, expected):
    update = signed_off(world)
    revisions = update.revisions.count()
    client.post(edit_url(update), edit_post(update, f"{update.title} (after sign-off)"))
    changed = update.revisions.count() != revisions
    assert changed == (expected == Y)


def rule_reopen(client, world, role, expected):
    from practice.updates.status import is_closed

    update = signed_off(world)
    client.post(reverse("practice_updates:reopen", args=[update.pk]))
    assert is_closed(AnnualUpdatePage.objects.get(pk=update.pk)) == (expected == N)


def rule_give_feedback(client, world, role, expected):
    from practice.models import UpdateFeedback

    update = put_in_review(world, "update")
    client.post(
        reverse("practice_updates:add_feedback", args=[update.pk]),
        {"section": "summary", "text": f"Feedback from {role}"},
    )
    made = UpdateFeedback.objects.filter(update=update, text=f"Feedback from {role}").exists()
    assert made == (expected == Y)


def rule_resolve_feedback(client, world, role, expected):
    from practice.models import UpdateFeedback

    update = put_in_review(world, "update")
    item = UpdateFeedback.objects.create(
        update=update, section="summary", text="Say more.", author=user_of(world, "assessor_a")
    )
    client.post(reverse("practice_updates:resolve_feedback", args=[item.pk]))
    item.refresh_from_db()
    assert item.resolved == (expected == Y)


RULES = {
    "set the deadline": rule_set_the_deadline,
    "edit the text": rule_edit_the_text,
    "edit": rule_edit_signed_off,
    "reopen": rule_reopen,
    "give feedback": rule_give_feedback,
    "resolve feedback": rule_resolve_feedback,
}


@pytest.mark.parametrize(("what", "action", "role", "expected"), RULE_CELLS)
def test_update_rule(client, world, what, action, role, expected):
    sign_in(client, world, role)
    RULES[action](client, world, role, expected)

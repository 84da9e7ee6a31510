"""No private update text reaches another school, by any channel the site or the admin has.

School A's update carries a phrase found nowhere else, in its narrative, its summary, a
comment and the title of a document attached as evidence. It is submitted (so it sits in
workflow panels and reports) and locked by its editor. The person trying to read it is the
editor of school B who is also B's assessor: signed in to the admin, with pages, documents
and images of their own. Anonymous visitors try the public channels too.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Comment, PageSubscription
from wagtail.test.utils.form_data import inline_formset

from network.models import AssessorAssignment
from network.permissions import ASSESSORS, SCHEME_STAFF, SHARED_COLLECTION
from practice.models import AnnualUpdatePage, UpdateTarget
from practice.updates.access import evidence_collection_name
from practice.updates.year import open_update_year
from tests.factories import (
    CaseStudyPageFactory,
    UserFactory,
    school_assessor,
    school_editor,
    school_with_award,
    update_edit_data,
)

pytestmark = pytest.mark.django_db

SECRET = "Quillwort"  # the searches echo this word back; what must not appear is the rest
PHRASE = "marmalade tribunal"
EVIDENCE_TITLE = "Quillwort marmalade tribunal minutes"
UPDATE_TITLE = "Alder Primary update for 2026 to 2027"  # B's update has the usual title


def secret_edit_data(update, **fields):
    """The editor's form post that writes the phrase into every section and the summary."""
    return update_edit_data(
        update,
        narratives={n: f"<p>{SECRET} {PHRASE} on element {n}.</p>" for n in range(1, 11)},
        progress=["<p>Daily reading.</p>"],
        summary=f"<p>{PHRASE}</p>",
        title=UPDATE_TITLE,
        **fields,
    )


def body(response):
    content = b"".join(response) if response.streaming else response.content
    return content.decode(errors="replace")


@pytest.fixture
def world(frameworks, client):
    school_a = school_with_award(title="Alder Primary", urn="320001")
    school_b = school_with_award(title="Beech Primary", urn="320002")
    staff = UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)])
    editor_a = school_editor(school_a, "editor-a")
    assessor_a = school_assessor(school_a, "assessor-a")
    outsider = school_editor(school_b, "editor-b")
    outsider.groups.add(Group.objects.get(name=ASSESSORS))
    AssessorAssignment.objects.create(school=school_b, assessor=outsider)
    CaseStudyPageFactory(parent=school_b, title="Beech outdoor learning")
    open_update_year("2026/27", datetime.date(2027, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school_a)
    UpdateTarget.objects.create(update=update, text="Every child reads daily")

    # School A's editor uploads evidence in the admin and saves it into the update.
    client.force_login(editor_a)
    upload = ContentFile(f"%PDF-1.4\n{SECRET} {PHRASE}\n".encode(), name="tribunal.pdf")
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": EVIDENCE_TITLE, "file": upload, **_collection_choice(client)},
    )
    assert response.status_code == 302, response.context["form"].errors
    document = Document.objects.get(title=EVIDENCE_TITLE)
    assert document.collection.name == SHARED_COLLECTION, "the form offers the shared one first"
    data = secret_edit_data(update)
    first = update.element_progress.order_by("sort_order").first()
    data.update(
        {
            "element_progress-0-evidence-count": "1",
            "element_progress-0-evidence-0-type": "document",
            "element_progress-0-evidence-0-deleted": "",
            "element_progress-0-evidence-0-order": "0",
            "element_progress-0-evidence-0-value-document": str(document.pk),
            "element_progress-0-evidence-0-value-title": "Minutes",
        }
    )
    data["action-submit"] = "submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[update.pk]), data)
    assert response.status_code == 302
    assert first.pk
    update.refresh_from_db()
    revision = update.get_latest_revision()
    assert str(document.pk) in str(revision.content)
    document.refresh_from_db()
    Comment.objects.create(
        page=update,
        user=assessor_a,
        text=f"{SECRET}: say more about the {PHRASE}.",
        contentpath="summary",
        revision_created=revision,
    )
    update.locked, update.locked_by, update.locked_at = True, editor_a, timezone.now()
    update.save(update_fields=["locked", "locked_by", "locked_at"])
    client.logout()
    return {
        "update": update,
        "document": document,
        "revision": revision,
        "editor_a": editor_a,
        "assessor_a": assessor_a,
        "outsider": outsider,
        "staff": staff,
        "school_b": school_b,
    }


def _collection_choice(client):
    """What the upload form offers first, as the browser would send it (no choice at all
    when the editor may add to one collection only)."""
    form = client.get(reverse("wagtaildocs:add")).context["form"]
    if "collection" not in form.fields:
        return {}
    offered = [str(value) for value, _ in form.fields["collection"].choices if value != ""]
    return {"collection": offered[0]}


def assert_hidden(client, urls, update):
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        text = body(response)
        assert PHRASE not in text, url
        assert f"/admin/pages/{update.pk}/" not in text, url


def test_the_evidence_document_is_served_to_the_school_only(client, world):
    document = world["document"]
    assert document.collection.name == evidence_collection_name(world["update"].school)
    url = document.url
    assert client.get(url).status_code in (302, 403), "anonymous"
    for who in ("outsider",):
        client.force_login(world[who])
        response = client.get(url)
        assert response.status_code in (302, 403), who
        assert PHRASE not in body(response)
    for who in ("editor_a", "assessor_a", "staff"):
        client.force_login(world[who])
        response = client.get(url)
        assert response.status_code == 200, who
        assert PHRASE in body(response), who


def test_public_channels(client, world):
    update = world["update"]
    urls = [
        f"/search/?q={SECRET}",
        f"/api/search/?q={SECRET}",
        f"/api/search/suggest?q={SECRET[:5]}",
        "/api/v2/pages/?type=practice.AnnualUpdatePage",
        f"/api/v2/pages/{update.pk}/",
        f"/api/v2/pages/?search={SECRET}",
        f"/api/v2/pages/?child_of={update.school_id}",
        "/sitemap.xml",
        "/feeds/practice/",
        "/feeds/practice/atom/",
        f"/feeds/schools/{update.school.urn}/",
        update.school.url,
    ]
    assert_hidden(client, urls, update)
    client.force_login(world["outsider"])
    assert_hidden(client, urls, update)


def test_previews_and_revisions(client, world):
    update, revision = world["update"], world["revision"]
    urls = [
        reverse("wagtailadmin_pages:preview_on_edit", args=[update.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[update.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[update.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[update.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[update.pk, "live", "latest"]),
        reverse("wagtailadmin_pages:revisions_compare", args=[update.pk, "earliest", revision.pk]),
        reverse("wagtailadmin_pages:history", args=[update.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[update.pk]),
        reverse("wagtailadmin_pages:edit", args=[update.pk]),
        reverse("wagtailadmin_explore", args=[update.school_id]),
        reverse("practice_updates:read", args=[update.pk]),
        reverse("practice_updates:compare", args=[update.pk]),
    ]
    client.force_login(world["outsider"])
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert PHRASE not in body(response), url
    client.force_login(world["editor_a"])
    assert PHRASE in body(client.get(urls[3]))


def test_admin_search_choosers_panels_and_reports(client, world):
    update, document = world["update"], world["document"]
    urls = [
        f"/admin/pages/search/?q={SECRET}",
        "/admin/pages/search/?q=marmalade",
        "/admin/choose-page/",
        f"/admin/choose-page/{update.school_id}/",
        f"/admin/choose-page/search/?q={SECRET}",
        "/admin/choose-page/search/?q=annual",
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs_chooser:choose_results") + f"?q={SECRET}",
        reverse("wagtaildocs_chooser:chosen", args=[document.pk]),
        reverse("wagtaildocs:index") + f"?q={SECRET}",
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:document_usage", args=[document.pk]),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        "/admin/api/main/pages/?child_of=" + str(update.school_id),
        f"/admin/api/main/pages/{update.pk}/",
        f"/admin/api/main/pages/?search={SECRET}",
        reverse("practice_updates:mine"),
    ]
    client.force_login(world["outsider"])
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        text = body(response)
        assert PHRASE not in text, url
        assert EVIDENCE_TITLE not in text, url
        assert UPDATE_TITLE not in text, url
        assert f"/admin/pages/{update.pk}/" not in text, url
        assert document.url not in text, url


def test_comment_notifications_reach_current_readers_only(client, world):
    """Wagtail mails a page's comment subscribers each new comment without asking whether
    they may still read the page: someone taken off the school must stop getting them."""
    update, assessor_a = world["update"], world["assessor_a"]
    AnnualUpdatePage.objects.filter(pk=update.pk).update(locked=False, locked_by=None)
    leaver = school_assessor(update.school, "leaving-assessor")
    former_editor = school_editor(update.school, "former-editor")
    for user in (world["editor_a"], world["staff"], leaver, former_editor):
        PageSubscription.objects.update_or_create(
            page=update, user=user, defaults={"comment_notifications": True}
        )
    AssessorAssignment.objects.filter(assessor=leaver).delete()
    former_editor.groups.remove(update.school.editors_group)

    mail.outbox.clear()
    client.force_login(assessor_a)
    comment = {"contentpath": "summary", "text": f"{PHRASE}?", "position": "", "resolved": ""}
    data = secret_edit_data(
        update,
        comments=inline_formset([{**comment, "replies": inline_formset([])}]),
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[update.pk]), data)
    assert response.status_code == 302
    assert Comment.objects.filter(page=update, user=assessor_a, text=f"{PHRASE}?").exists()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {world["editor_a"].email, world["staff"].email} <= recipients
    assert leaver.email not in recipients
    assert former_editor.email not in recipients


def test_comment_threads_are_not_mailed_to_former_readers(client, world):
    """Wagtail also mails everyone who wrote in a comment thread when someone replies: an
    editor who has left the school must not get the reply, though they wrote the comment."""
    update, assessor_a = world["update"], world["assessor_a"]
    AnnualUpdatePage.objects.filter(pk=update.pk).update(locked=False, locked_by=None)
    former_editor = school_editor(update.school, "former-editor")
    staying_assessor = school_assessor(update.school, "staying-assessor")
    threads = [
        Comment.objects.create(
            page=update, user=author, text=f"Question from {author.username}", contentpath="summary"
        )
        for author in (former_editor, staying_assessor)
    ]
    former_editor.groups.remove(update.school.editors_group)
    PageSubscription.objects.filter(page=update).delete()

    mail.outbox.clear()
    client.force_login(assessor_a)
    data = secret_edit_data(
        update,
        comments=inline_formset(
            [
                {
                    "id": str(thread.pk),
                    "contentpath": thread.contentpath,
                    "text": thread.text,
                    "position": "",
                    "resolved": "",
                    "replies": inline_formset([{"text": f"Answer: {PHRASE}"}]),
                }
                for thread in threads
            ],
            initial=len(threads),
        ),
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[update.pk]), data)
    assert response.status_code == 302
    assert all(thread.replies.filter(user=assessor_a).exists() for thread in threads)
    recipients = {address for message in mail.outbox for address in message.to}
    assert staying_assessor.email in recipients
    assert former_editor.email not in recipients
    assert not any(
        PHRASE in message.body for message in mail.outbox if former_editor.email in message.to
    )

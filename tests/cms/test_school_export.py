"""A school's editors download everything the school has written as one zip, from the admin."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from network.models import Element, Scheme, SchoolPage
from network.permissions import SCHEME_STAFF
from practice.models import (
    AnnualReview,
    AnnualUpdatePage,
    CaseStudyDocument,
    CaseStudyImage,
    DevelopmentTarget,
    UpdateTarget,
)
from practice.updates.year import open_update_year
from research.models import ResearchAttachment
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
)

pytestmark = pytest.mark.django_db

REPORT_BYTES = b"%PDF-1.4 evaluation of the nurture groups"
EVIDENCE_BYTES = b"%PDF-1.4 attendance figures 2025/26"


def build_school_with_everything():
    """A school holding every kind of content the export carries, live and drafted."""
    school = school_with_award(title="Riverside Primary", urn="100001", slug="riverside-primary")
    other = SchoolPageFactory(title="Hillside Primary", urn="100002")
    editor = school_editor(school, username="riverside-editor")
    report = Document.objects.create(
        title="Evaluation report", file=ContentFile(REPORT_BYTES, name="report.pdf")
    )
    report.tags.add("evaluation")
    evidence = Document.objects.create(
        title="Attendance figures", file=ContentFile(EVIDENCE_BYTES, name="attendance.pdf")
    )
    photo = Image.objects.create(
        title="Nurture room", description="Children reading on beanbags", file=get_test_image_file()
    )
    elements = list(
        Element.objects.filter(
            framework=Scheme.objects.get(short_name="IQM").update_framework
        ).order_by("number")
    )

    case_study = CaseStudyPageFactory(
        parent=school,
        title="Nurture groups at lunchtime",
        slug="nurture-groups",
        summary="A lunchtime nurture group halved playground incidents.",
        context=(
            f'<p>Read <a id="{report.pk}" linktype="document">our evaluation</a>.</p>'
            f'<embed alt="The nurture room" embedtype="image" format="fullwidth" id="{photo.pk}"/>'
        ),
        impact="<p>Incidents fell from 40 to 18 a term.</p>",
        evidence_stage="locally_evaluated",
        outcome="worked",
        owner=editor,
    )
    case_study.elements = elements[:2]
    case_study.tags.add("nurture", "behaviour")
    case_study.images = [CaseStudyImage(image=photo, caption="The room", alt_text="Beanbags")]
    case_study.documents = [CaseStudyDocument(document=report, caption="Full report")]
    case_study.save_revision().publish()
    case_study.summary = "A lunchtime nurture group halved incidents; now in Key Stage 2 too."
    case_study.save_revision()  # an unpublished draft on top of the live page

    draft_only = CaseStudyPageFactory(
        parent=school, title="Quiet starts", slug="quiet-starts", live=False, owner=editor
    )
    draft_only.summary = "Calm first ten minutes of each day."
    draft_only.save_revision()

    research = ResearchProjectPageFactory(
        parent=school,
        title="Does pre-teaching vocabulary help?",
        slug="pre-teaching",
        method=f'<p>See <a linktype="page" id="{case_study.pk}">our case study</a>.</p>',
    )
    research.collaborating_schools = [other]
    research.tags.add("EAL")
    research.attachments = [ResearchAttachment(document=evidence, caption="Data")]
    research.save_revision().publish()

    open_update_year("2025/26", datetime.date(2026, 6, 30))
    update = AnnualUpdatePage.objects.get(school=school, academic_year="2025/26")
    first = update.element_progress.order_by("sort_order").first()
    first.narrative = "<p>Pupils co-design their support plans.</p>"
    first.self_rating = 3
    first.evidence = [
        {"type": "document", "value": {"document": evidence.pk, "title": "Attendance"}},
        {"type": "link", "value": {"url": "https://example.org/plan", "title": "Plan"}},
    ]
    first.save()
    update.targets = [UpdateTarget(text="Extend nurture to KS2", progress="<p>Begun.</p>")]
    update.summary = "<p>A year of steady progress.</p>"
    update.sharing_next_year = "<p>Our nurture model.</p>"
    update.save()
    update.save_revision()
    review = AnnualReview.objects.create(
        update=update,
        visit_date=datetime.date(2026, 7, 8),
        outcome="validated",
        strengths="Strong pupil voice.",
        recorded_by=school_assessor(school, username="riverside-assessor"),
    )
    DevelopmentTarget.objects.create(review=review, text="Share the nurture model")

    cluster = ClusterPageFactory(title="Camden inclusion cluster", slug="camden-inclusion")
    cluster.member_schools = [school, other]
    cluster.save_revision().publish()
    ClusterActivityPageFactory(
        parent=cluster,
        title="Nurture visit",
        slug="nurture-visit",
        outcomes=f'<p>Slides: <a id="{report.pk}" linktype="document">report</a>.</p>',
        owner=editor,
    )
    SchoolPage.objects.filter(pk=school.pk).update(
        about=f'<p>We lead <a linktype="page" id="{cluster.pk}">our cluster</a>.</p>'
    )
    school.refresh_from_db()
    school.save_revision().publish()
    return school


def download(client, user, school):
    client.force_login(user)
    return client.get(reverse("school_export", args=[school.pk]))


def open_download(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive, json.loads(archive.read("school.json"))


def test_an_editor_downloads_everything_the_school_wrote(client, frameworks):
    school = build_school_with_everything()
    response = download(client, school_editor(school, username="riverside-editor"), school)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="100001-riverside-primary-export-{today}.zip"'
    )
    archive, data = open_download(response)
    assert data["format"] == "coe-network-school-export" and data["format_version"] == 1
    assert "Riverside Primary" in archive.read("README.txt").decode()

    pages = {(e["draft_version"] or e["live_version"])["title"]: e for e in data["pages"]}
    case_study = pages["Nurture groups at lunchtime"]
    assert case_study["status"] == "published, with unpublished changes"
    assert "halved playground incidents" in case_study["live_version"]["summary"]
    assert "now in Key Stage 2 too" in case_study["draft_version"]["summary"]
    assert case_study["live_version"]["impact"] == "<p>Incidents fell from 40 to 18 a term.</p>"
    assert case_study["live_version"]["tags"] == ["behaviour", "nurture"]
    assert [e["number"] for e in case_study["live_version"]["elements"]] == [1, 2]
    assert pages["Quiet starts"]["status"] == "draft" and pages["Quiet starts"]["live"] is False

    update = pages["Annual update 2025/26"]
    section = update["draft_version"]["element_progress"][0]
    assert section["narrative"] == "<p>Pupils co-design their support plans.</p>"
    assert section["self_rating"] == 3
    assert section["element"] == {
        "scheme": "IQM",
        "framework": section["element"]["framework"],
        "number": 1,
    }
    (review,) = data["reviews"]
    assert review["strengths"] == "Strong pupil voice." and review["outcome"] == "validated"
    assert review["development_targets"] == [{"text": "Share the nurture model"}]
    assert review["recorded_by"]["username"] == "riverside-assessor"
    assert [award["level"] for award in data["awards"]] == ["Centre of Excellence"]

    files = {entry["title"]: entry for entry in data["documents"]}
    assert archive.read(files["Evaluation report"]["file"]) == REPORT_BYTES
    assert archive.read(files["Attendance figures"]["file"]) == EVIDENCE_BYTES
    (image,) = data["images"]
    assert image["description"] == "Children reading on beanbags"
    assert archive.read(image["file"]).startswith(b"\x89PNG")


def test_internal_references_become_the_exports_own_numbers(client, frameworks):
    school = build_school_with_everything()
    _, data = open_download(download(client, school_editor(school, "riverside-editor"), school))
    documents = {entry["title"]: entry["key"] for entry in data["documents"]}
    by_type = {}
    for entry in data["pages"]:
        by_type.setdefault(entry["type"], []).append(entry)
    case_study = by_type["practice.casestudypage"][0]["live_version"]
    report = documents["Evaluation report"]
    assert f'<a id="{report}" linktype="document">our evaluation</a>' in case_study["context"]
    assert 'embedtype="image"' in case_study["context"] and 'id="1"' in case_study["context"]
    assert case_study["documents"] == [{"document": report, "caption": "Full report"}]
    research = by_type["research.researchprojectpage"][0]["live_version"]
    key = by_type["practice.casestudypage"][0]["key"]
    assert f'<a linktype="page" id="{key}">our case study</a>' in research["method"]
    assert research["collaborating_schools"] == [{"urn": "100002", "title": "Hillside Primary"}]
    evidence = by_type["practice.annualupdatepage"][0]["draft_version"]["element_progress"][0]
    assert evidence["evidence"][0]["value"]["document"] == documents["Attendance figures"]
    (activity,) = by_type["network.clusteractivitypage"]
    assert activity["parent"] == {
        "cluster": {"slug": "camden-inclusion", "title": "Camden inclusion cluster"}
    }
    school_page = by_type["network.schoolpage"][0]["live_version"]
    (outside,) = data["outside_pages"]
    assert f'<a linktype="page" id="{outside["key"]}">our cluster</a>' in school_page["about"]
    assert outside["url"] == "/clusters/camden-inclusion/"


# ------ Who may download it ------


def admin_user(username, *groups):
    user = UserFactory(username=username, groups=list(groups))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_only_the_schools_editors_staff_and_superusers_may_download(client, frameworks):
    school_a = SchoolPageFactory(title="School A")
    school_b = SchoolPageFactory(title="School B")
    allowed = [
        school_editor(school_a),
        UserFactory(username="staff", groups=[Group.objects.get(name=SCHEME_STAFF)]),
        UserFactory(username="root", is_superuser=True, is_staff=True),
    ]
    for user in allowed:
        assert download(client, user, school_a).status_code == 200, user.username
    refused = [
        school_editor(school_b),
        school_assessor(school_a),
        admin_user("member-with-admin-access"),
    ]
    for user in refused:
        response = download(client, user, school_a)
        assert response.status_code == 403, user.username
        assert not response.content.startswith(b"PK")


def test_anonymous_visitors_are_sent_to_sign_in(client, frameworks):
    school = SchoolPageFactory()
    response = client.get(reverse("school_export", args=[school.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_member_without_admin_access_is_sent_to_sign_in(client, frameworks):
    """Wagtail's own check on every admin URL answers first, as for any admin page."""
    school = SchoolPageFactory()
    response = download(client, UserFactory(username="member"), school)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_schools_admin_page_offers_the_export_to_its_editors(client, frameworks):
    school = SchoolPageFactory()
    other = SchoolPageFactory()
    url = reverse("school_export", args=[school.pk])
    client.force_login(school_editor(school))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[school.pk])).content.decode()
    assert "Export this school&#x27;s data" in html or "Export this school's data" in html
    assert url in html
    client.force_login(school_editor(other))
    html = client.get(reverse("wagtailadmin_explore", args=[school.pk])).content.decode()
    assert url not in html


# ------ Queries ------


def export_queries(client, user, school):
    download(client, user, school)  # the first request also fills caches (content types, sites)
    with CaptureQueriesContext(connection) as queries:
        response = download(client, user, school)
    assert response.status_code == 200
    return len(queries), open_download(response)[1]


def add_case_studies(school, editor, report, count):
    for number in range(count):
        page = CaseStudyPageFactory(
            parent=school,
            summary=f"Case study {number}",
            context=f'<p><a id="{report.pk}" linktype="document">report</a></p>',
            owner=editor,
        )
        page.tags.add(f"tag-{number}")
        page.documents = [CaseStudyDocument(document=report)]
        page.save_revision().publish()
        page.summary = f"Case study {number}, drafted again"
        page.save_revision()


def test_the_number_of_queries_does_not_grow_with_the_pages(client, frameworks):
    school = school_with_award(title="Counting School")
    editor = school_editor(school)
    report = Document.objects.create(title="R", file=ContentFile(b"%PDF", name="r.pdf"))
    add_case_studies(school, editor, report, 2)
    few, few_data = export_queries(client, editor, school)
    add_case_studies(school, editor, report, 8)
    many, many_data = export_queries(client, editor, school)
    assert len(few_data["pages"]) == 3 and len(many_data["pages"]) == 11
    assert many == few


# ------ The command ------


def test_the_command_writes_the_zip_and_says_what_is_in_it(frameworks, tmp_path):
    school = build_school_with_everything()
    target = tmp_path / "riverside.zip"
    out = io.StringIO()
    call_command("export_school", "100001", "--output", str(target), stdout=out)
    assert out.getvalue().startswith(f"Exported Riverside Primary (URN 100001) to {target}")
    assert "documents: 2; images: 1; awards: 1; reviews: 1." in out.getvalue()
    assert "practice.casestudypage 2" in out.getvalue()
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("school.json"))["school"]["urn"] == school.urn


def test_the_command_names_an_unknown_urn(frameworks, tmp_path):
    with pytest.raises(CommandError, match="No school with URN 999999"):
        call_command("export_school", "999999", "--output", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()

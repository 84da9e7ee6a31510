"""A school's export read back into a site without the school: everything returns, or nothing."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction

from exports.export import export_document, write_export
from network.models import Award, ClusterActivityPage, SchoolPage
from practice.models import AnnualReview, AnnualUpdatePage, CaseStudyPage
from research.models import ResearchProjectPage
from tests.cms.test_school_export import (
    EVIDENCE_BYTES,
    REPORT_BYTES,
    build_school_with_everything,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    """Separate media folders for the exporting site and the restoring one."""
    settings.MEDIA_ROOT = tmp_path / "exporting-site"
    return tmp_path


def export_to(path, school):
    write_export(school, path)
    return path


def empty_the_site(school):
    """Take away everything the school wrote, as on a site that never had it."""
    editors = school.editors_group
    # Unpublished and made public first: deleting a live page, or a page's view restriction,
    # sets the practice search re-indexing pages that are on their way out (their records
    # then fail the foreign key check at commit). Unpublishing takes the records away first.
    PageViewRestriction.objects.filter(page__path__startswith=school.path).delete()
    activities = list(ClusterActivityPage.objects.filter(owner__groups=editors))
    below = list(Page.objects.descendant_of(school, inclusive=True).live().specific())
    for page in activities + below:
        page.unpublish()
    for activity in activities:
        activity.delete()
    SchoolPage.objects.get(pk=school.pk).delete()
    Document.objects.all().delete()
    Image.objects.all().delete()
    editors.delete()


def restore(path):
    out = io.StringIO()
    call_command("restore_school", str(path), stdout=out)
    return out.getvalue()


def without_export_date(document):
    return {key: value for key, value in document.items() if key != "exported_at"}


def draft_of(page):
    return page.get_latest_revision_as_object()


def test_a_restored_school_has_everything_it_wrote(media, settings, frameworks):
    school = build_school_with_everything()
    before, _ = export_document(school)
    zip_path = export_to(media / "riverside.zip", school)
    empty_the_site(school)
    settings.MEDIA_ROOT = media / "restoring-site"

    output = restore(zip_path)

    assert "Restored Riverside Primary (URN 100001)" in output
    assert "documents: 2; images: 1; awards: 1; reviews: 1; editors added: 1" in output
    school = SchoolPage.objects.get(urn="100001")
    assert school.live and school.phase == "primary" and school.local_authority == "Camden"
    assert school.editors_group.user_set.filter(username="riverside-editor").exists()
    assert [award.level.name for award in school.awards.all()] == ["Centre of Excellence"]
    cluster_page = Page.objects.get(slug="camden-inclusion")
    assert f'<a linktype="page" id="{cluster_page.pk}">our cluster</a>' in school.about

    report = Document.objects.get(title="Evaluation report")
    evidence = Document.objects.get(title="Attendance figures")
    assert report.file.read() == REPORT_BYTES and evidence.file.read() == EVIDENCE_BYTES
    assert list(report.tags.names()) == ["evaluation"]
    photo = Image.objects.get(title="Nurture room")
    assert photo.description == "Children reading on beanbags" and photo.width > 0

    case_study = CaseStudyPage.objects.get(slug="nurture-groups")
    assert case_study.get_parent().pk == school.pk and case_study.live
    assert case_study.summary == "A lunchtime nurture group halved playground incidents."
    assert draft_of(case_study).summary.endswith("now in Key Stage 2 too.")
    assert f'<a id="{report.pk}" linktype="document">our evaluation</a>' in case_study.context
    assert f'embedtype="image" format="fullwidth" id="{photo.pk}"' in case_study.context
    assert sorted(case_study.tags.names()) == ["behaviour", "nurture"]
    assert [e.number for e in case_study.elements.order_by("number")] == [1, 2]
    (image_row,) = case_study.images.all()
    assert image_row.image == photo and image_row.alt_text == "Beanbags"
    assert [row.document for row in case_study.documents.all()] == [report]
    assert case_study.owner.username == "riverside-editor"
    quiet = CaseStudyPage.objects.get(slug="quiet-starts")
    assert not quiet.live and draft_of(quiet).summary == "Calm first ten minutes of each day."

    research = ResearchProjectPage.objects.get(slug="pre-teaching")
    assert f'<a linktype="page" id="{case_study.pk}">our case study</a>' in research.method
    assert [s.urn for s in research.collaborating_schools.all()] == ["100002"]
    assert [row.document for row in research.attachments.all()] == [evidence]

    update = draft_of(AnnualUpdatePage.objects.get(school=school, academic_year="2025/26"))
    first = update.element_progress.all()[0]
    assert first.element.number == 1 and first.self_rating == 3
    assert first.narrative == "<p>Pupils co-design their support plans.</p>"
    assert first.evidence[0].value["document"] == evidence
    assert first.evidence[1].value["url"] == "https://example.org/plan"
    assert [target.text for target in update.targets.all()] == ["Extend nurture to KS2"]
    assert update.summary == "<p>A year of steady progress.</p>"
    assert update.sharing_next_year == "<p>Our nurture model.</p>"
    assert PageViewRestriction.objects.filter(page_id=update.pk).exists()  # still private
    review = AnnualReview.objects.get(update_id=update.pk)
    assert review.outcome == "validated" and review.strengths == "Strong pupil voice."
    assert [t.text for t in review.development_targets.all()] == ["Share the nurture model"]
    assert review.recorded_by.username == "riverside-assessor"

    activity = ClusterActivityPage.objects.get(slug="nurture-visit")
    assert activity.get_parent().pk == cluster_page.pk
    assert f'id="{report.pk}" linktype="document"' in activity.outcomes

    after, _ = export_document(school)
    assert without_export_date(after) == without_export_date(before)


# ------ What is refused, and leaves nothing behind ------


def rewritten(zip_path, target, change):
    """A copy of the export with its school.json passed through `change`."""
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(target, "w") as copy:
        for name in source.namelist():
            data = source.read(name)
            if name == "school.json":
                document = json.loads(data)
                change(document)
                data = json.dumps(document)
            copy.writestr(name, data)
    return target


def counts():
    return (
        Page.objects.count(),
        Document.objects.count(),
        Image.objects.count(),
        Award.objects.count(),
    )


def refused(path, message):
    before = counts()
    with pytest.raises(CommandError, match=message):
        restore(path)
    assert counts() == before


@pytest.fixture
def exported(media, settings, frameworks):
    school = build_school_with_everything()
    zip_path = export_to(media / "riverside.zip", school)
    empty_the_site(school)
    settings.MEDIA_ROOT = media / "restoring-site"
    return zip_path


def test_a_file_that_is_not_a_zip_is_refused(media, frameworks):
    path = media / "notes.zip"
    path.write_bytes(b"these are my notes")
    refused(path, "not a school export: not a readable zip")


def test_a_zip_that_is_not_an_export_is_refused(media, frameworks):
    path = media / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not an export")
    refused(path, "the zip holds no school.json")


def test_an_export_of_a_newer_format_is_refused(exported, media):
    newer = rewritten(exported, media / "newer.zip", lambda d: d.update(format_version=2))
    refused(newer, "format version 2, made by a newer version of the site")


def test_a_school_already_on_the_site_is_refused(exported):
    restore(exported)
    refused(exported, "A school with URN 100001 is already on this site")


def test_a_missing_framework_stops_the_restore_and_leaves_no_files(exported, media):
    def rename_framework(document):
        for entry in document["pages"]:
            version = entry["draft_version"] or entry["live_version"]
            if entry["type"] == "practice.annualupdatepage":
                version["framework"]["name"] = "A framework this site never had"

    broken = rewritten(exported, media / "broken.zip", rename_framework)
    refused(broken, 'no framework version "A framework this site never had" of scheme IQM')
    assert not SchoolPage.objects.filter(urn="100001").exists()
    stored = media / "restoring-site"
    assert not stored.exists() or not [p for p in stored.rglob("*") if p.is_file()]


def test_awards_of_unknown_levels_are_left_out_with_a_note(exported, media):
    def unknown_level(document):
        document["awards"][0]["level"] = "Platinum"

    changed = rewritten(exported, media / "platinum.zip", unknown_level)
    output = restore(changed)
    assert "awards: 0" in output
    assert "Award IQM Platinum" in output and "no such award level" in output
    assert Group.objects.filter(school__urn="100001").exists()

"""Scheme staff curate: collections, featured practice on the practice index, and promotions."""

import datetime

import pytest
from django.utils import timezone
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from network.models.visibility import Visibility
from practice.models import PracticeCollection
from tests.factories import (
    CaseStudyPageFactory,
    ResearchProjectPageFactory,
    practice_index,
)

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(datetime.datetime(2026, 2, day, 9, 0))


@pytest.fixture
def practice(school):
    return {
        "phonics": CaseStudyPageFactory(
            parent=school, title="Phonics catch-up", first_published_at=at(1)
        ),
        "autism": CaseStudyPageFactory(
            parent=school, title="Autism transition passports", first_published_at=at(2)
        ),
        "research": ResearchProjectPageFactory(
            parent=school, title="Reading aloud research", first_published_at=at(3)
        ),
        "hidden": CaseStudyPageFactory(
            parent=school,
            title="Members-only SEMH",
            visibility=Visibility.MEMBERS,
            first_published_at=at(4),
        ),
    }


def test_staff_build_a_collection_and_feature_practice(client, staff_user, practice):
    index = practice_index()
    client.force_login(staff_user)

    response = client.post(
        "/admin/snippets/practice/practicecollection/add/",
        nested_form_data(
            {
                "title": "Starting secondary school",
                "slug": "transition",
                "introduction": rich_text("<p>How schools ease the move to Year 7.</p>"),
                "items": inline_formset(
                    [
                        {"page": str(practice["research"].pk)},
                        {"page": str(practice["hidden"].pk)},
                        {"page": str(practice["autism"].pk)},
                    ],
                    min=1,
                ),
            }
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    collection = PracticeCollection.objects.get(slug="transition")

    response = client.post(
        f"/admin/pages/{index.pk}/edit/",
        nested_form_data(
            {
                "title": "Practice",
                "slug": "practice",
                "intro": rich_text("<p>What schools share.</p>"),
                "featured": inline_formset(
                    [{"page": str(practice["phonics"].pk), "blurb": "Our pick this term"}],
                    max=6,
                ),
                "shown_collections": inline_formset([{"collection": str(collection.pk)}]),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302

    client.logout()
    html = client.get("/practice/").text
    featured = html.split('id="featured-heading"')[1].split("</section>")[0]
    assert "Phonics catch-up" in featured and "Our pick this term" in featured
    shown = html.split('id="collection-transition"')[1].split("</section>")[0]
    assert "How schools ease the move" in shown
    # In the order staff chose; what is not public is left out.
    assert shown.index("Reading aloud research") < shown.index("Autism transition passports")
    assert "Members-only SEMH" not in html
    newest = html.split('id="newest-heading"')[1]
    positions = [
        newest.index(p.title)
        for p in (practice["research"], practice["autism"], practice["phonics"])
    ]
    assert positions == sorted(positions)


def test_editors_cannot_curate(client, editor):
    client.force_login(editor)
    assert client.get("/admin/snippets/practice/practicecollection/add/").status_code in (302, 403)
    assert client.get("/admin/searchpicks/").status_code in (302, 403)


def test_staff_promote_a_result_for_a_search(client, staff_user, practice):
    client.force_login(staff_user)
    assert client.get("/admin/searchpicks/add/").status_code == 200
    response = client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "autism",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": str(practice["autism"].pk),
            "editors_picks-0-description": "Staff pick on transition",
            "editors_picks-0-ORDER": "1",
        },
    )
    assert response.status_code == 302
    promotion = SearchPromotion.objects.get()
    assert promotion.query.query_string == "autism"
    assert promotion.page.specific == practice["autism"]
    assert "autism" in client.get("/admin/searchpicks/").text

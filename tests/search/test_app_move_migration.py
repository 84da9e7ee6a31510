"""search/0001 and cms/0011: practice search leaves `cms` for its own app and loses nothing.

A database as it stood before the move (search's models still in `cms`) gets records, tags,
elements, thesaurus entries with a broader link, vocabulary, logged queries, a missed index
change and a staff permission on the thesaurus; after migrating, the `search` app finds all of
it, and the permission still lets scheme staff edit the thesaurus.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _content_types_remembered_as_before():
    """Migrating back and forth gives the moved models new content type rows; the flush and
    restore after the test bring the original rows back. What this process remembers of the
    content types must come back too: Wagtail asks for a page's type while the next test's
    rows are restored, and a type it has forgotten is created there and then, clashing with
    the restored row. (A stale one would give pages the wrong type.)"""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())  # the rows as restored
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


def test_search_rows_move_to_their_own_app():
    call_command("load_frameworks", stdout=io.StringIO())
    before = migrate([("search", None)])  # cms/0011 and search/0001 undone: search is in cms

    Record = before.get_model("cms", "PracticeRecord")
    Synonym = before.get_model("cms", "SearchSynonym")
    Element = before.get_model("network", "Element")
    ContentType = before.get_model("contenttypes", "ContentType")
    Permission = before.get_model("auth", "Permission")
    Group = before.get_model("auth", "Group")
    element = Element.objects.order_by("pk").first()
    record = Record.objects.create(
        key="ref-nurture-group",
        kind="case_study",
        title="Nurture group at Alder Special School",
        body="A nurture group for pupils with SEMH needs.",
        school_name="Alder Special School",
        school_urn="100001",
        provision="special",
        published=datetime.date(2025, 3, 14),
        year=2025,
        tags=["nurture", "SEMH"],
    )
    before.get_model("cms", "RecordTag").objects.create(record=record, name="nurture")
    before.get_model("cms", "RecordElement").objects.create(record=record, element=element)
    broad = Synonym.objects.create(terms="SEN support, special needs support")
    narrow = Synonym.objects.create(terms="EHCP, education health and care plan")
    narrow.broader.add(broad)
    before.get_model("cms", "SearchTerm").objects.create(
        word="nurture", stem="nurtur", length=7, records=1
    )
    before.get_model("cms", "SearchQueryLog").objects.create(
        query="nurture grp", results=0, low_confidence=True
    )
    before.get_model("cms", "MissedIndexChange").objects.create(key="page-9999")
    synonym_type = ContentType.objects.get(app_label="cms", model="searchsynonym")
    change = Permission.objects.get(content_type=synonym_type, codename="change_searchsynonym")
    Group.objects.create(name="Thesaurus editors (migration test)").permissions.add(change)

    migrate(latest())

    from django.contrib.auth.models import Group as CurrentGroup
    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from search.models import (
        MissedIndexChange,
        PracticeRecord,
        SearchQueryLog,
        SearchSynonym,
        SearchTerm,
    )
    from tests.factories import UserFactory

    moved = PracticeRecord.objects.get(key="ref-nurture-group")
    assert moved.pk == record.pk
    assert moved.title == "Nurture group at Alder Special School"
    assert moved.provision == "special"
    assert list(moved.tag_rows.values_list("name", flat=True)) == ["nurture"]
    assert list(moved.elements.values_list("pk", flat=True)) == [element.pk]
    ehcp = SearchSynonym.objects.get(terms__startswith="EHCP")
    # Kept (search 0003 loads the shipped thesaurus again, which may add links, never drop one).
    assert "SEN support, special needs support" in [entry.terms for entry in ehcp.broader.all()]
    assert SearchTerm.objects.get(word="nurture").stem == "nurtur"
    assert SearchQueryLog.objects.get(query="nurture grp").low_confidence
    assert MissedIndexChange.objects.filter(key="page-9999").exists()

    assert not CurrentContentType.objects.filter(app_label="cms", model="searchsynonym").exists()
    editor = UserFactory(
        username="thesaurus-editor",
        groups=[CurrentGroup.objects.get(name="Thesaurus editors (migration test)")],
    )
    assert editor.has_perm("search.change_searchsynonym")

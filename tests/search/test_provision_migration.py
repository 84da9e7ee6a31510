"""cms/0007: records made before schools had a provision take their school's."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from search import loader
from search.models import PracticeRecord
from tests.factories import SchoolPageFactory

from .corpus import ITEMS

pytestmark = pytest.mark.django_db


def test_existing_records_take_their_schools_provision(frameworks_loaded):
    fill = importlib.import_module("cms.migrations.0007_practice_provision").fill_provision
    loader.load(ITEMS)
    PracticeRecord.objects.update(provision="")
    SchoolPageFactory(urn="100001", provision="special")  # Alder, in the corpus
    SchoolPageFactory(urn="100004", provision="")  # Damson: not known, left so

    # The models as they stood at cms/0007 (search lived in cms then): the same tables.
    apps = MigrationLoader(connection).project_state(("cms", "0007_practice_provision")).apps
    fill(apps, None)

    kinds = dict(PracticeRecord.objects.values_list("key", "provision"))
    assert kinds["ref-attendance-families"] == "special"
    assert kinds["ref-pupil-premium-tutoring"] == "special"
    assert kinds["ref-send-inclusion"] == ""
    assert set(kinds.values()) == {"special", ""}

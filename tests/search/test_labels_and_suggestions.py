"""Tag facets keep the sector's capitals ("SEND", not "Send"), and suggestions list a title
once however many schools used it (issue 17)."""

import pytest

from search import loader
from search.service import tag_label

from .corpus import ITEMS


def test_tag_labels_keep_abbreviations():
    assert tag_label("send") == "SEND"
    assert tag_label("semh") == "SEMH"
    assert tag_label("eal learners") == "EAL learners"
    assert tag_label("zones of regulation") == "Zones of regulation"


@pytest.fixture
def repeated(frameworks_loaded):
    base = dict(ITEMS[0])
    items = []
    for n in range(5):
        item = dict(base, ref=f"passport-{n}", title="Transition passports for Year 6")
        item["tags"] = ["send", "semh", "eal", "transition"]
        items.append(item)
    loader.load(items)


def test_facets_and_suggestions(client, repeated):
    data = client.get("/api/search/", {"q": "transition"}).json()
    labels = {facet["value"]: facet["label"] for facet in data["facets"]["tag"]}
    assert labels["send"] == "SEND" and labels["semh"] == "SEMH" and labels["eal"] == "EAL"
    suggestions = client.get("/api/search/suggest", {"q": "transition pass"}).json()
    titles = [s["value"] for s in suggestions["suggestions"] if s["type"] == "title"]
    assert titles == ["Transition passports for Year 6"]

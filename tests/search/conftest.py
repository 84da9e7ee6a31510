import io

import pytest
from django.core.management import call_command
from django.http import QueryDict

from search import loader, service
from search.engines import elastic, get_engine
from search.query import read_query
from tests.search.corpus import ITEMS
from tests.search.elastic_node import PlainJsonNode


@pytest.fixture(scope="session")
def osmem_server():
    """One osmem-server for the session (no seed, English only), on 127.0.0.1."""
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


def use_elasticsearch(settings, url):
    settings.PRACTICE_SEARCH = {
        "ENGINE": "elasticsearch",
        "ELASTICSEARCH_URL": url,
        "INDEX": "practice",
        "CLIENT_OPTIONS": {"node_class": PlainJsonNode},
    }
    elastic._clients.clear()
    elastic._aliases_seen.clear()


@pytest.fixture
def elasticsearch(settings, osmem_clone):
    use_elasticsearch(settings, osmem_clone.url)
    yield osmem_clone
    elastic._clients.clear()
    elastic._aliases_seen.clear()


@pytest.fixture
def frameworks_loaded(db):
    call_command("load_frameworks", stdout=io.StringIO())


@pytest.fixture(params=["database", "elasticsearch"])
def engine_name(request, settings, frameworks_loaded):
    """Each contract test runs on the database engine (this database) and on Elasticsearch."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    return request.param


@pytest.fixture
def corpus(engine_name):
    """The contract corpus as records, indexed by the engine under test."""
    loader.load(ITEMS)
    engine = get_engine()
    if engine.name == "elasticsearch":
        from search.models import PracticeRecord

        engine.rebuild(PracticeRecord.objects.all())
    assert engine.name == engine_name
    return ITEMS


def search(params="", **overrides):
    query = read_query(QueryDict(params))
    for name, value in overrides.items():
        setattr(query, name, value)
    outcome = service.run(query)
    # An engine that failed would be replaced by the database: the contract must not pass so.
    assert outcome.engine == get_engine().name
    return outcome.as_json()


def refs(result):
    return [hit["url"].strip("/").split("/")[-1] for hit in result["results"]]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached counts and synonyms must not leak from one test's database into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

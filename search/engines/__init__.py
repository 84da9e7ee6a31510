"""Practice search engines behind one interface, chosen by settings.

`PRACTICE_SEARCH["ENGINE"]` is "database" (the default) or "elasticsearch" (the default when
ELASTICSEARCH_URL is set). An engine answers `search(query)` with an `EngineResult` and keeps
its index with `index(records)`, `delete(keys)` and `rebuild(records, progress)`.
"""

from .base import EngineResult, EngineUnavailable, search_settings
from .database import DatabaseEngine

__all__ = [
    "DatabaseEngine",
    "EngineResult",
    "EngineUnavailable",
    "database_engine",
    "external_engine",
    "get_engine",
    "search_settings",
]


def database_engine():
    return DatabaseEngine()


def external_engine():
    """The Elasticsearch engine when settings choose it, else None."""
    config = search_settings()
    if config["ENGINE"] != "elasticsearch" or not config["ELASTICSEARCH_URL"]:
        return None
    # Loaded only where Elasticsearch is the engine: its client library is large. (Not a
    # cycle: elastic imports base, never this package.)
    from .elastic import ElasticsearchEngine

    return ElasticsearchEngine(config)


def get_engine():
    return external_engine() or database_engine()

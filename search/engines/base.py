"""What every engine shares: its answer, its refusal, and the settings that choose it."""

from dataclasses import dataclass, field

from django.conf import settings


class EngineUnavailable(Exception):
    """An engine cannot answer now, for a reason it has already logged or knows well."""


@dataclass
class EngineResult:
    count: int
    keys: list  # record keys of this page, in order
    facets: dict = field(default_factory=dict)  # facet -> {value: count}
    engine: str = ""
    text_count: int | None = None  # records the text finds whatever the filters, when known
    # {key: {field: fragment}} when the engine marked the words in its answer (Elasticsearch's
    # highlighting); None when snippets are asked for separately (`engine.snippets`).
    highlights: dict | None = None


def search_settings():
    configured = getattr(settings, "PRACTICE_SEARCH", {}) or {}
    url = configured.get("ELASTICSEARCH_URL", getattr(settings, "ELASTICSEARCH_URL", ""))
    engine = configured.get("ENGINE") or ("elasticsearch" if url else "database")
    return {
        "ENGINE": engine,
        "ELASTICSEARCH_URL": url,
        "INDEX": configured.get("INDEX", "practice"),
        "CLIENT_OPTIONS": configured.get("CLIENT_OPTIONS", {}),
        # Seconds the database answers alone after Elasticsearch failed to (elastic.py).
        "RETRY_AFTER": float(configured.get("RETRY_AFTER", 30)),
    }

"""Where the answers to the empty search (browsing everything) are cached.

Written by the engines and the ranking, cleared by every change to the records (records.py)."""

BROWSE_CACHE_KEY = "practice-search:browse"
BROWSE_FACETS_KEY = "practice-search:browse-facets"
BROWSE_ELASTIC_KEY = "practice-search:browse-elasticsearch"
BROWSE_KEYS = [BROWSE_CACHE_KEY, BROWSE_FACETS_KEY, BROWSE_ELASTIC_KEY]

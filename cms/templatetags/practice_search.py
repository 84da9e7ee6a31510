"""`{% load practice_search %}{% related_practice page %}`: see cms/search/templatetags.py."""

from cms.search.templatetags import register  # noqa: F401

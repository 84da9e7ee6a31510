"""Search in the Wagtail admin: the thesaurus staff edit, and the weekly query report."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.permissions import is_scheme_staff

from .models import SearchQueryLog, SearchSynonym

REPORT_DAYS = 7
REPORT_ROWS = 50


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "Search thesaurus"
    list_display = ["terms", "source", "note"]
    search_fields = ["terms", "capitals"]
    add_to_admin_menu = False


register_snippet(SearchSynonymViewSet)


def search_queries_report(request):
    """What searchers did not find first (nothing, or no close match), then the most frequent."""
    if not is_scheme_staff(request.user):
        raise PermissionDenied
    since = timezone.now() - datetime.timedelta(days=REPORT_DAYS)
    week = SearchQueryLog.objects.filter(searched_at__gte=since).exclude(query="")
    frequent = (
        week.values("query")
        .annotate(searches=Count("id"), last=Max("searched_at"))
        .order_by("-searches", "query")[:REPORT_ROWS]
    )
    fruitless = (
        week.filter(results=0)
        .values("query")
        .annotate(searches=Count("id"), last=Max("searched_at"))
        .order_by("-searches", "query")[:REPORT_ROWS]
    )
    unsure = (
        week.filter(results__gt=0, low_confidence=True)
        .values("query")
        .annotate(searches=Count("id"), last=Max("searched_at"), results=Max("results"))
        .order_by("-searches", "query")[:REPORT_ROWS]
    )
    return render(
        request,
        "search/admin/search_queries_report.html",
        {
            "frequent": frequent,
            "fruitless": fruitless,
            "unsure": unsure,
            "days": REPORT_DAYS,
            "since": since,
        },
    )


@hooks.register("register_admin_urls")
def search_admin_urls():
    return [path("reports/search-queries/", search_queries_report, name="search_queries_report")]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_scheme_staff(request.user)


@hooks.register("register_reports_menu_item")
def search_report_menu_item():
    return SearchReportMenuItem(
        "Search queries",
        reverse("search_queries_report"),
        name="search-queries",
        icon_name="search",
        order=1000,
    )

"""The search page and the JSON API; both read the same parameters the same way."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import service
from .forms import SearchForm, applied_filters, without_filters
from .query import BadQuery, clean, read_query
from .suggest import completions

# The search report's entry of a page's (or the API's) search, for a cache that serves it again.
LOGGED_ATTR = "practice_search_logged"


@require_GET
def search_api(request):
    try:
        query = read_query(request.GET)
    except BadQuery as error:
        return JsonResponse({"errors": error.errors}, status=400)
    outcome = service.run(query, log=True)
    response = JsonResponse(outcome.as_json())
    setattr(response, LOGGED_ATTR, outcome.logged)
    return response


@require_GET
def suggest_api(request):
    text = clean(request.GET.get("q", ""))[:100]
    return JsonResponse({"query": text, "suggestions": completions(text)})


@require_GET
def search_page(request):
    errors = {}
    outcome = None
    place_note = ""
    try:
        query = read_query(request.GET)
    except BadQuery as error:
        errors = error.errors
        if set(errors) == {"near"}:
            # A place we cannot find is said beside results searched without it, not a 400.
            place_note = errors.pop("near")
            data = request.GET.copy()
            data.pop("near", None)
            if data.get("sort") == "distance":
                data.pop("sort")
            query = read_query(data)
    if not errors:
        outcome = service.run(query, log=bool(request.GET))
        if query.near is not None and query.near.note:
            place_note = query.near.note
    form = SearchForm(request.GET or None, outcome=outcome)
    status = 400 if errors else 200
    context = {"form": form, "outcome": outcome, "errors": errors, "place_note": place_note}
    if outcome is not None:
        context["page_links"] = page_links(request, outcome)
        context["applied"] = applied_filters(request.path, request.GET, outcome)
        context["clear_url"] = without_filters(request.path, request.GET)
    response = render(request, "search/search.html", context, status=status)
    setattr(response, LOGGED_ATTR, outcome.logged if outcome is not None else None)
    return response


def page_links(request, outcome):
    """Previous/next and numbered links that keep every other parameter."""
    links = []
    for number in range(
        max(1, outcome.query.page - 3), min(outcome.pages, outcome.query.page + 3) + 1
    ):
        params = request.GET.copy()
        params["page"] = number
        links.append(
            {
                "number": number,
                "url": "?" + params.urlencode(),
                "current": number == outcome.query.page,
            }
        )
    return links

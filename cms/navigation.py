"""The main navigation: the site's top-level sections, with the current one marked."""

from django.urls import reverse
from wagtail.models import Page, Site

from search import browse_cache

# Section pages that are always in the navigation, whatever their "show in menus" box says.
SECTION_PAGE_TYPES = [
    "practice.PracticeIndexPage",
    "research.ResearchIndexPage",
    "network.SchoolIndexPage",
    "network.ClusterIndexPage",
]


def search_url():
    """The practice search page's address."""
    return reverse("practice_search")


def _section_types():
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models = []
    for label in SECTION_PAGE_TYPES:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return ContentType.objects.get_for_models(*models).values()


def sections(request):
    """The site root's live, public children that are sections or shown in menus."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    from django.db.models import Q

    return list(
        Page.objects.child_of(site.root_page)
        .live()
        .public()
        .filter(Q(show_in_menus=True) | Q(content_type__in=list(_section_types())))
        .order_by("path")
    )


# The sections are the same for every request to a host until a page or a site changes: kept
# in the shared cache under a generation that every such change renews (cms/cache.py), as the
# search keeps what it reuses (search/browse_cache.py).
NAVIGATION = "navigation"


def generation():
    return browse_cache.generation(NAVIGATION)


def forget():
    """A page or a site changed: every process builds the navigation again, now and once the
    change is committed (a process that read the rows before the commit does not keep them)."""
    browse_cache.renew(NAVIGATION)


def cached_sections(request):
    """[{pk, path, title, url}] of the sections, from the shared cache while nothing changes."""
    if request is None:
        return []

    def build():
        return [
            {
                "pk": section.pk,
                "path": section.path,
                "title": section.title,
                "url": section.get_url(request),
            }
            for section in sections(request)
        ]

    return browse_cache.remembered(
        NAVIGATION, (request.get_host().lower(), request.is_secure()), build
    )


def nav_items(request, current_page=None):
    """Each item: title, url and how it is current ("page", "true" or None)."""
    items = []
    for section in cached_sections(request):
        current = None
        if current_page is not None and getattr(current_page, "path", None):
            if current_page.pk == section["pk"]:
                current = "page"
            elif current_page.path.startswith(section["path"]):
                current = "true"
        items.append({"title": section["title"], "url": section["url"], "current": current})
    url = search_url()
    current = "page" if request is not None and request.path == url else None
    items.append({"title": "Search", "url": url, "current": current})
    return items

"""The main navigation: the site's top-level sections, with the current one marked."""

from django.urls import reverse
from wagtail.models import Page, Site

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


def nav_items(request, current_page=None):
    """Each item: title, url and how it is current ("page", "true" or None)."""
    items = []
    for section in sections(request):
        current = None
        if current_page is not None and getattr(current_page, "path", None):
            if current_page.pk == section.pk:
                current = "page"
            elif current_page.path.startswith(section.path):
                current = "true"
        items.append({"title": section.title, "url": section.get_url(request), "current": current})
    url = search_url()
    current = "page" if request is not None and request.path == url else None
    items.append({"title": "Search", "url": url, "current": current})
    return items

"""A new network from an empty database: its page tree and its schemes' frameworks.

`manage.py start_network` runs this. It adds only what is missing, so it is safe to run on
a live site (production settings included: it makes no users and no demo content), and a
second run changes nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from wagtail.models import Page, Site

from cms.models import HomePage
from network.frameworks import load_frameworks
from network.models import ClusterIndexPage, SchoolIndexPage
from network.site_address import configured_address
from practice.models import PracticeIndexPage
from research.models import ResearchIndexPage

SITE_NAME = "Centres of Excellence network"
PLACEHOLDER = "localhost"  # the host cms 0002 gives the first site

SECTIONS = [
    (
        SchoolIndexPage,
        "Schools",
        "schools",
        "<p>Every school in the network: who they are, the awards they hold, and what they "
        "are glad to help other schools with.</p>",
    ),
    (
        ClusterIndexPage,
        "Clusters",
        "clusters",
        "<p>Schools that meet, train and research together: near neighbours, and schools "
        "twinned over distance.</p>",
    ),
    (
        PracticeIndexPage,
        "Practice",
        "practice",
        "<p>Case studies shared by the network's schools.</p>",
    ),
    (
        ResearchIndexPage,
        "Research",
        "research",
        "<p>Classroom research by the network's schools.</p>",
    ),
]


@dataclass
class StartResult:
    created: list = field(default_factory=list)
    found: list = field(default_factory=list)
    frameworks: object = None
    site: object = None

    def lines(self):
        out = []
        if self.created:
            out.append("Added: " + ", ".join(self.created) + ".")
        if self.found:
            out.append("Already there: " + ", ".join(self.found) + ".")
        loaded = self.frameworks
        out.append(
            f"Frameworks: {loaded.schemes} schemes, {loaded.frameworks} framework versions, "
            f"{loaded.elements} elements ({loaded.created} new)."
        )
        site = self.site
        port = "" if site.port in (80, 443) else f":{site.port}"
        search = reverse("practice_search")
        out.append(f"Site: {site.site_name} at {site.hostname}{port}; search at {search}")
        return out


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
    return page


def ensure_home(result, site_name):
    home = HomePage.objects.first()
    if home is not None:
        result.found.append("home page")
        return home
    root = Page.get_first_root_node()
    home = _publish(root, HomePage(title=site_name, slug="home"))
    result.created.append("home page")
    return home


def ensure_site(home, hostname=None, port=None, site_name=None):
    """The default site, rooted at home, at the host and port given. Without them, a site
    still at the placeholder "localhost" moves to the configured address
    (WAGTAILADMIN_BASE_URL), so the sitemap and citations link where readers can follow;
    a host given before (--hostname) stays."""
    site = Site.objects.filter(is_default_site=True).first()
    if hostname is None and port is None and (site is None or site.hostname == PLACEHOLDER):
        hostname, port = configured_address() or (None, None)
    if site is None:
        site = Site(is_default_site=True, hostname=hostname or PLACEHOLDER, port=port or 80)
    changed = site.pk is None or site.root_page_id != home.pk
    site.root_page = home
    for name, value in (("hostname", hostname), ("port", port), ("site_name", site_name)):
        if value and getattr(site, name) != value:
            setattr(site, name, value)
            changed = True
    if not site.site_name:
        site.site_name = SITE_NAME
        changed = True
    if changed:
        site.full_clean()
        site.save()
    return site


@transaction.atomic
def start_network(hostname=None, port=None, site_name=None):
    result = StartResult()
    result.frameworks = load_frameworks()
    home = ensure_home(result, site_name or SITE_NAME)
    result.site = ensure_site(home, hostname, port, site_name)
    for model, title, slug, intro in SECTIONS:
        label = f"{title.lower()} ({'/'.join(['', slug, ''])})"
        if model.objects.exists():
            result.found.append(label)
            continue
        if Page.objects.child_of(home).filter(slug=slug).exists():
            slug = f"{slug}-section"
        _publish(home, model(title=title, slug=slug, intro=intro))
        result.created.append(label)
    return result

"""Which pages are in a private section, as SQL of one size however many sections there are.

Every annual update carries its own view restriction, so a network has one restriction per
update: thousands. Wagtail's `PageQuerySet.private_q()` ORs one `descendant_of` condition
per restriction, and its API's public queryset chains one `not_descendant_of` per
restriction: at about a thousand, SQLite refuses the query ("Expression tree is too large")
and PostgreSQL spends most of a page's time planning it.

Here a page is private when one of its ancestors-or-self is a restricted page. A tree path
is made of fixed-width steps, so the ancestor at depth d is the first d steps of the path:
one `IN (subquery)` per depth at which restrictions exist (an update sits at one depth, so in
practice one or two), each answered from the restrictions table. The outer condition is
`pk IN (those pages)`, a lookup on one of Page's filter fields, so Wagtail's search over a
`.public()` queryset (the page API's `search=`) still accepts it. `install()` puts this in
place of Wagtail's method, so `.public()`, `.private()` and `.not_public()` everywhere, the
sitemap included, use it.
"""

from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from wagtail.query import PageQuerySet

_wagtail_private_q = PageQuerySet.private_q


def private_q(queryset):
    """A Q matching the pages in a private section: restricted pages and their descendants."""
    from wagtail.models import Page, PageViewRestriction

    restrictions = PageViewRestriction.objects.all()
    depths = sorted(set(restrictions.values_list("page__depth", flat=True)))
    if not depths:
        return Q(pk__in=[])  # no private section: match no page, as Wagtail does
    in_a_private_section = Q()
    for depth in depths:
        restricted_paths = restrictions.filter(page__depth=depth).values("page__path")
        in_a_private_section |= Q(In(Substr("path", 1, depth * Page.steplen), restricted_paths))
    return Q(pk__in=Page.objects.filter(in_a_private_section).values("pk"))


def install():
    PageQuerySet.private_q = private_q

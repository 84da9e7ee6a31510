"""Which pages are in a private section, as SQL of one size however many sections there are.

Every annual update carries its own view restriction, so a network has one restriction per
update: thousands. Wagtail's `PageQuerySet.private_q()` ORs one `descendant_of` condition
per restriction, and its API's public queryset chains one `not_descendant_of` per
restriction: at about a thousand, SQLite refuses the query ("Expression tree is too large")
and PostgreSQL spends most of a page's time planning it.

Here a page is private when one of its ancestors-or-self is a restricted page. A tree path
is made of fixed-width steps, so a page's ancestor at depth d has the first d steps of the
page's path as its own: for each depth at which restrictions exist (an update sits at one
depth, so in practice one or two), one `EXISTS` that looks that path up in the page table's
unique index and joins the restrictions on their page. Each page costs an index probe or
two, whether the query asks for one page or the whole sitemap. `install()` puts this in place
of Wagtail's method, so `.public()`, `.private()` and `.not_public()` everywhere, the sitemap
included, use it.

Wagtail's search over a queryset reads its filters as lookups on indexed fields and refuses
an `EXISTS`, so `.public().search(...)` fails ("'Exists' object has no attribute
'target'"): a queryset to be searched excludes `private_pages_q()` instead, the same rule as
`pk IN (the private pages)`, as the page API does.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Substr
from wagtail.query import PageQuerySet

_wagtail_private_q = PageQuerySet.private_q


def restricted_depths():
    from wagtail.models import PageViewRestriction

    depths = PageViewRestriction.objects.order_by().values_list("page__depth", flat=True)
    return sorted(set(depths.distinct()))


def private_q(queryset=None):
    """A Q matching the pages in a private section: restricted pages and their descendants."""
    from wagtail.models import Page, PageViewRestriction

    in_a_private_section = Q()
    for depth in restricted_depths():
        ancestor_path = Substr(OuterRef("path"), 1, depth * Page.steplen)
        in_a_private_section |= Q(
            Exists(PageViewRestriction.objects.filter(page__depth=depth, page__path=ancestor_path))
        )
    # Match no page when no private section exists, as Wagtail does.
    return in_a_private_section if in_a_private_section else Q(pk__in=[])


def private_pages_q():
    """`private_q()` as `pk IN (...)`, a lookup Wagtail's search backends accept."""
    from wagtail.models import Page

    return Q(pk__in=Page.objects.filter(private_q()).values("pk"))


def install():
    PageQuerySet.private_q = private_q

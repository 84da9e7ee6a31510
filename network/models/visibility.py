"""Who may read a page: everyone, the network's signed-in members, or one cluster's schools.

Editors choose with a plain field; the field drives Wagtail's own PageViewRestriction so that
everything that already honours page privacy (serving, `PageQuerySet.public()`, the sitemap,
the page API) keeps out what is not public. The restriction follows the live page: a draft
that changes the visibility changes nothing until it is published.
"""

from django.contrib.auth.models import Group
from django.db import models, transaction
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published

from .roles import SCHEME_STAFF
from .schools import SchoolPage


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone"
    MEMBERS = "members", "Network members only (signed in)"
    CLUSTER = "cluster", "Our cluster only"


class VisibilityMixin(models.Model):
    """Adds the Visibility field to a page type and keeps its view restriction in step."""

    visibility = models.CharField(
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=(
            "Who can read this once it is published. Anything not public stays out of "
            "listings, search, feeds and the sitemap."
        ),
    )

    visibility_panels = [FieldPanel("visibility")]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # Saving a draft revision writes bookkeeping fields only: the live visibility stands.
        if update_fields is None or "visibility" in update_fields:
            self.sync_view_restriction()
        return result

    # ------ Who is in "the cluster" ------

    def visibility_schools(self):
        """Schools whose editors may read a cluster-only page: those sharing a cluster.

        Pages below a school mean the school and every school in a cluster with it.
        """
        school = SchoolPage.objects.ancestor_of(self).first()
        if school is None:
            return SchoolPage.objects.none()
        return SchoolPage.objects.filter(
            models.Q(pk=school.pk) | models.Q(clusters__member_schools=school)
        ).distinct()

    def visibility_groups(self):
        groups = set(
            Group.objects.filter(school__in=self.visibility_schools()).values_list("pk", flat=True)
        )
        groups.update(Group.objects.filter(name=SCHEME_STAFF).values_list("pk", flat=True))
        return sorted(groups)

    # ------ Keeping the restriction in step ------

    def sync_view_restriction(self):
        if self.pk is None:
            return
        restrictions = PageViewRestriction.objects.filter(page_id=self.pk)
        with transaction.atomic():
            if self.visibility == Visibility.PUBLIC:
                restrictions.delete()
                return
            wanted = (
                PageViewRestriction.LOGIN
                if self.visibility == Visibility.MEMBERS
                else PageViewRestriction.GROUPS
            )
            restriction = restrictions.first()
            restrictions.exclude(pk=getattr(restriction, "pk", None)).delete()
            if restriction is None:
                restriction = PageViewRestriction(page_id=self.pk)
            if restriction.restriction_type != wanted:
                restriction.restriction_type = wanted
                restriction.password = ""
                restriction.save()
            if wanted == PageViewRestriction.GROUPS:
                restriction.groups.set(self.visibility_groups())
            else:
                restriction.groups.clear()


def resync_cluster_only_pages(sender, **kwargs):
    """A cluster was published: its members, so every cluster-only page's readers, may differ.

    Listens to page_published (sent once the page and its memberships are saved), not post_save
    (sent before a page's many-to-many memberships are written).
    """
    if sender._meta.label != "network.ClusterPage":
        return
    page_ids = PageViewRestriction.objects.filter(
        restriction_type=PageViewRestriction.GROUPS
    ).values_list("page_id", flat=True)
    for page in Page.objects.filter(pk__in=list(page_ids)).specific():
        if isinstance(page, VisibilityMixin) and page.visibility == Visibility.CLUSTER:
            page.sync_view_restriction()


page_published.connect(
    resync_cluster_only_pages, dispatch_uid="network_visibility_resync_on_cluster_publish"
)

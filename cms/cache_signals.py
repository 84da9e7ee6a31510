"""Which stored pages go stale when something changes, and the signals that say so.

A page that changes makes stale: itself, its ancestors (they list it: the directory, the
cluster index, the home page's figures), the home page of every site, and the pages that
show it elsewhere (a school's profile lists the activities it attended; a cluster lists its
members). The last kind is declared per page type in `RELATED_PAGES`, by app label, so the
site needs no import of the apps above it: a new page type adds a line there.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import invalidate_page_ids


def _activity_related(page):
    # The schools that attended show the activity on their timeline.
    return [row.school_id for row in page.attendance.all()]


def _cluster_related(page):
    # Parental relations may hold unsaved, in-memory rows: read them as objects.
    ids = [school.pk for school in page.member_schools.all()]
    if page.lead_school_id:
        ids.append(page.lead_school_id)
    return ids


def _school_related(page):
    # Clusters name their members; activities name the schools that attended.
    ids = list(page.clusters.values_list("pk", flat=True))
    ids += page.activity_attendance.values_list("activity_id", flat=True)
    return ids


def _practice_related(page):
    # A case study or research shows on its school's timeline, its collaborators' timelines,
    # the practice and research indexes (newest practice) and the practice index's curation.
    from django.apps import apps

    ids = [page.school_id] if getattr(page, "school_id", None) else []
    if hasattr(page, "collaborating_schools"):
        ids += [school.pk for school in page.collaborating_schools.all()]
    for label in ("practice.PracticeIndexPage", "research.ResearchIndexPage"):
        ids += apps.get_model(label).objects.values_list("pk", flat=True)
    return ids


RELATED_PAGES = {
    "practice.casestudypage": _practice_related,
    "research.researchprojectpage": _practice_related,
    "network.clusteractivitypage": _activity_related,
    "network.clusterpage": _cluster_related,
    "network.schoolpage": _school_related,
}


def pages_affected_by(page, include_descendants=False):
    """The ids of every page whose stored copy may show something of `page`."""
    ids = {page.pk}
    ids.update(Page.objects.ancestor_of(page).values_list("pk", flat=True))
    ids.update(Site.objects.values_list("root_page_id", flat=True))
    if include_descendants:
        ids.update(Page.objects.descendant_of(page).values_list("pk", flat=True))
    related = RELATED_PAGES.get(page._meta.label_lower)
    if related is not None and page.pk is not None:
        ids.update(related(page))
    return ids


def invalidate_for_page(page, include_descendants=False):
    invalidate_page_ids(pages_affected_by(page, include_descendants=include_descendants))


# ------ Receivers ------


def _on_published(sender, instance, **kwargs):
    invalidate_for_page(instance)


def _on_unpublished(sender, instance, **kwargs):
    invalidate_for_page(instance, include_descendants=True)


def _on_moved(sender, instance, **kwargs):
    invalidate_for_page(instance, include_descendants=True)
    before = kwargs.get("parent_page_before")
    if before is not None:
        invalidate_for_page(before)


def _on_saved(sender, instance, raw=False, **kwargs):
    # Pages made in code (imports, demo data, tests) are saved, not published.
    if raw or not isinstance(instance, Page):
        return
    invalidate_for_page(instance)


def _on_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    invalidate_page_ids(
        {instance.pk}
        | set(Page.objects.ancestor_of(instance).values_list("pk", flat=True))
        | set(Site.objects.values_list("root_page_id", flat=True))
    )


def _on_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        invalidate_for_page(page, include_descendants=True)


def _on_award_changed(sender, instance, raw=False, **kwargs):
    # An award shows on the school's profile, the directory card and the home figures.
    if raw:
        return
    school = Page.objects.filter(pk=instance.school_id).first()
    if school is not None:
        invalidate_for_page(school)


def _on_schools_added(sender, schools, **kwargs):
    # Inserted in bulk: the directory, the home page and the schools themselves.
    if schools:
        ids = {school.pk for school in schools}
        ids.update(Page.objects.ancestor_of(schools[0]).values_list("pk", flat=True))
        ids.update(Site.objects.values_list("root_page_id", flat=True))
        invalidate_page_ids(ids)


def _on_site_changed(sender, instance, raw=False, **kwargs):
    # A site's host or root page: the navigation lists other sections.
    if not raw:
        from .navigation import forget

        forget()


def connect():
    from network.bulk import schools_added
    from network.models import Award

    schools_added.connect(_on_schools_added, dispatch_uid="page-cache-schools-added")

    page_published.connect(_on_published, dispatch_uid="page-cache-published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="page-cache-moved")
    post_save.connect(_on_saved, dispatch_uid="page-cache-saved")
    post_delete.connect(_on_deleted, dispatch_uid="page-cache-deleted")
    post_save.connect(_on_site_changed, sender=Site, dispatch_uid="navigation-site-saved")
    post_delete.connect(_on_site_changed, sender=Site, dispatch_uid="navigation-site-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"page-cache-restriction-{signal is post_save}",
        )
        signal.connect(
            _on_award_changed, sender=Award, dispatch_uid=f"page-cache-award-{signal is post_save}"
        )

"""Records follow the tree: publish, unpublish, move, privacy change and delete.

Each change queues an index task once it is committed (background/__init__.py), one for all
the pages a transaction changed (in chunks of a hundred): the task reads
the tree as it then is, in the worker or at once in development. A page deleted meanwhile is
simply gone by then (its records went with it), so nothing needs telling which pages are on
their way out."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from background import enqueue_batched_on_commit
from network.models import Element, FrameworkVersion, Scheme

from . import records, thesaurus
from .browse_cache import BROWSE_FACETS_KEY, FRAMEWORKS, renew
from .models import PracticeRecord, SearchSynonym
from .tasks import index_pages


@receiver(page_published)
def page_changed(sender, instance, **kwargs):
    enqueue_batched_on_commit(index_pages, [instance.pk])


@receiver(page_unpublished)
def page_withdrawn(sender, instance, **kwargs):
    # Also sent in memory just before a deletion (pre_delete): the task then finds no page.
    enqueue_batched_on_commit(index_pages, [instance.pk])


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    enqueue_batched_on_commit(index_pages, [instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    enqueue_batched_on_commit(index_pages, [instance.page_id])


@receiver(post_delete, sender=PracticeRecord)
def record_deleted(sender, instance, **kwargs):
    records.forget(instance)


@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
def synonyms_changed(sender, **kwargs):
    thesaurus.forget()


@receiver(m2m_changed, sender=SearchSynonym.broader.through)
def thesaurus_links_changed(sender, **kwargs):
    thesaurus.forget()


@receiver(post_save, sender=Element)
@receiver(post_delete, sender=Element)
@receiver(post_save, sender=FrameworkVersion)
@receiver(post_delete, sender=FrameworkVersion)
@receiver(post_save, sender=Scheme)
@receiver(post_delete, sender=Scheme)
def framework_changed(sender, raw=False, **kwargs):
    # Element titles and facet labels are kept until a framework changes (a load, an edit),
    # and the empty search's labelled facets with them.
    if not raw:
        renew(FRAMEWORKS)
        forget_labelled_browse()
        transaction.on_commit(forget_labelled_browse, robust=True)


def forget_labelled_browse():
    cache.delete(BROWSE_FACETS_KEY)

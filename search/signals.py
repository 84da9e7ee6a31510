"""Records follow the tree: publish, unpublish, move, privacy change and delete.

Each change queues an index task once it is committed (background/__init__.py), one for all
the pages a transaction changed (in chunks of a hundred): the task reads
the tree as it then is, in the worker or at once in development. A page deleted meanwhile is
simply gone by then (its records went with it), so nothing needs telling which pages are on
their way out."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from background import enqueue_batched_on_commit

from . import records, thesaurus
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

"""Records follow the tree at once: publish, unpublish, move, privacy change and delete."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import records, thesaurus
from .deleting import being_deleted, deleted, deleting
from .models import PracticeRecord, SearchSynonym
from .tasks import index_pages


@receiver(page_published)
def page_changed(sender, instance, **kwargs):
    index_pages.enqueue([instance.pk])


@receiver(page_unpublished)
def page_withdrawn(sender, instance, **kwargs):
    if Page.objects.filter(pk=instance.pk, live=True).exists():
        # Still live in the database: Wagtail is unpublishing it in memory just before it
        # deletes it (pre_delete). Its records go with it; indexing now would write rows
        # that the deletion has not collected, and the commit would fail.
        deleting(instance.pk)
        return
    index_pages.enqueue([instance.pk])


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        deleted(instance.pk)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    index_pages.enqueue([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, raw=False, **kwargs):
    if raw or being_deleted(instance.page_id):
        return
    index_pages.enqueue([instance.page_id])


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

"""The admin for curation and getting practice in: collections, and the Word import page."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from practice.models import PracticeCollection

from .word_views import import_word, schools_for


class PracticeCollectionViewSet(SnippetViewSet):
    model = PracticeCollection
    icon = "folder-open-inverse"
    menu_label = "Practice collections"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "slug"]
    search_fields = ["title"]


register_snippet(PracticeCollectionViewSet)


@hooks.register("register_admin_urls")
def word_import_urls():
    return [path("practice/import-word/", import_word, name="practice_import_word")]


class WordImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(schools_for(request.user))


@hooks.register("register_admin_menu_item")
def word_import_menu_item():
    return WordImportMenuItem(
        "Import from Word",
        reverse("practice_import_word"),
        name="practice-import-word",
        icon_name="doc-full",
        order=260,
    )

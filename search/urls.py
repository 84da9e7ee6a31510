from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="practice_search"),
    path("api/search/", views.search_api, name="practice_search_api"),
    path("api/search/suggest", views.suggest_api, name="practice_search_suggest"),
]

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("invitation/<str:token>/new-link/", views.ask_again, name="ask_again"),
    path("two-step/", views.setup, name="setup"),
    path("two-step/check/", views.verify, name="verify"),
    path("two-step/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-step/turn-off/", views.turn_off, name="turn_off"),
]

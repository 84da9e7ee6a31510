from django.urls import path

from . import staff_views, students, views

app_name = "practice_updates"

urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("coverage/", staff_views.coverage, name="coverage"),
    path("open-year/", views.open_year, name="open_year"),
    path("mine/", views.my_updates, name="mine"),
    path("<int:page_id>/", views.read_update, name="read"),
    path("<int:page_id>/pdf/", views.update_pdf, name="pdf"),
    path("<int:page_id>/compare/", views.compare_updates, name="compare"),
    path("<int:page_id>/students/", students.student_evidence, name="students"),
    path("<int:page_id>/review/", views.record_review, name="review"),
    path("<int:page_id>/reopen/", views.reopen_update, name="reopen"),
    path("<int:page_id>/feedback/", views.add_feedback, name="add_feedback"),
    path("feedback/<int:feedback_id>/resolve/", views.resolve_feedback, name="resolve_feedback"),
    path("<int:page_id>/decide/", views.decide, name="decide"),
    path("<int:page_id>/remind/", views.remind_school, name="remind"),
    path("<int:page_id>/accept-offer/", views.accept_offered_level, name="accept_offer"),
    path("start/", views.start_cycle_view, name="start_cycle"),
]

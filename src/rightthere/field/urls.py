from django.urls import path

from rightthere.field import views, views_office

urlpatterns = [
    path("my-day/", views.my_day, name="field_my_day"),
    path("visits/<int:pk>/", views.visit_page, name="field_visit"),
    path("visits/<int:pk>/status/", views.visit_status, name="field_visit_status"),
    path("visits/<int:pk>/outcome/", views.visit_outcome, name="field_visit_outcome"),
    path("visits/<int:pk>/return/", views.book_return, name="field_book_return"),
    path("schedule/", views_office.schedule, name="field_schedule"),
    path("visits/<int:pk>/reassign/", views_office.reassign, name="field_reassign"),
    path("field/quality/", views_office.quality, name="field_quality"),
]

from django.urls import path

from rightthere.field.views import booking, day, office

urlpatterns = [
    path("my-day/", day.my_day, name="field_my_day"),
    path("visits/<int:pk>/", day.visit_page, name="field_visit"),
    path("visits/<int:pk>/status/", day.visit_status, name="field_visit_status"),
    path("visits/<int:pk>/outcome/", day.visit_outcome, name="field_visit_outcome"),
    path("visits/<int:pk>/return/", day.book_return, name="field_book_return"),
    path("cases/<int:pk>/visit-slots/", booking.visit_slots, name="field_visit_slots"),
    path("cases/<int:pk>/visits/book/", booking.book_visit, name="field_book_visit"),
    path("schedule/", office.schedule, name="field_schedule"),
    path("visits/<int:pk>/reassign/", office.reassign, name="field_reassign"),
    path("field/quality/", office.quality, name="field_quality"),
]

from django.urls import path

from rightthere.field.views import booking, changes, day, feed, office
from rightthere.field.views import settings as field_settings

urlpatterns = [
    path("my-day/", day.my_day, name="field_my_day"),
    path("my-day/calendar-link/", feed.new_feed_link, name="field_new_feed_link"),
    path("calendar/<str:secret>.ics", feed.calendar_feed, name="field_calendar_feed"),
    path("visits/<int:pk>/", day.visit_page, name="field_visit"),
    path("visits/<int:pk>/status/", day.visit_status, name="field_visit_status"),
    path("visits/<int:pk>/outcome/", day.visit_outcome, name="field_visit_outcome"),
    path("visits/<int:pk>/on-my-way/", day.on_my_way, name="field_visit_on_my_way"),
    path("visits/<int:pk>/running-late/", day.running_late, name="field_visit_late"),
    path("visits/<int:pk>/return/", day.book_return, name="field_book_return"),
    path("cases/<int:pk>/visit-slots/", booking.visit_slots, name="field_visit_slots"),
    path("cases/<int:pk>/visits/book/", booking.book_visit, name="field_book_visit"),
    path("cases/<int:pk>/visits/offer/", booking.offer_slots, name="field_offer_slots"),
    path("schedule/", office.schedule, name="field_schedule"),
    path("visits/<int:pk>/change/", changes.change_visit, name="field_change_visit"),
    path("visits/<int:pk>/move/", changes.move_visit, name="field_move_visit"),
    path("visits/<int:pk>/reassign/", changes.reassign_visit, name="field_reassign"),
    path("visits/<int:pk>/cancel/", changes.cancel_visit, name="field_cancel_visit"),
    path("field/quality/", office.quality, name="field_quality"),
    # Set-up (owners): technicians and partner companies.
    path("settings/technicians/", field_settings.technicians, name="settings_technicians"),
    path("settings/technicians/skills/", field_settings.add_skill,
         name="settings_technicians_skill"),
    path("settings/technicians/load-ceiling/", field_settings.load_ceiling,
         name="settings_technicians_load"),
    path("settings/technicians/customer-cutoff/", field_settings.customer_cutoff,
         name="settings_technicians_cutoff"),
    path("settings/technicians/<int:user_id>/", field_settings.technician,
         name="settings_technician"),
    path("settings/technicians/<int:user_id>/time-off/", field_settings.add_time_off,
         name="settings_technician_time_off"),
    path("settings/technicians/time-off/<int:pk>/remove/", field_settings.remove_time_off,
         name="settings_technician_time_off_remove"),
    path("settings/partners/new/", field_settings.partner_new, name="settings_partner_new"),
    path("settings/partners/<int:pk>/", field_settings.partner, name="settings_partner"),
    path("settings/partners/<int:pk>/people/", field_settings.partner_add_user,
         name="settings_partner_user"),
]  # fmt: skip

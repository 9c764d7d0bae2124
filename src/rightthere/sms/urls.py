from django.urls import path

from rightthere.sms import views

urlpatterns = [
    path("sms/status/", views.status_callback, name="sms_status_callback"),
    path("sms/inbound/", views.inbound, name="sms_inbound"),
    path("settings/sms/", views.sms_settings, name="settings_sms"),
]

from django.urls import path

from rightthere.coach import views

urlpatterns = [
    path("coach/check/", views.reply_check, name="coach_check"),
    path("coach/promise/", views.promise_read, name="coach_promise_read"),
    path("settings/reply-check/", views.rule_settings, name="coach_rule_settings"),
]

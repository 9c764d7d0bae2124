from django.urls import path

from rightthere.coach import views

urlpatterns = [path("coach/check/", views.reply_check, name="coach_check")]

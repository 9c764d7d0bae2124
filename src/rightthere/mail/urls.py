"""Included under /mail/ by the project's URLs."""

from django.urls import path

from rightthere.mail import views

urlpatterns = [
    path("failed/", views.failed_list, name="mail_failed"),
    path("<int:pk>/retry/", views.retry, name="mail_retry"),
    path("<int:pk>/raw/", views.raw_download, name="mail_raw"),
]

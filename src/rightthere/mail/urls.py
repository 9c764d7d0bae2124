"""Included under /mail/ by the project's URLs."""

from django.urls import path

from rightthere.mail import provider_webhooks, views

urlpatterns = [
    path("failed/", views.failed_list, name="mail_failed"),
    path("<int:pk>/retry/", views.retry, name="mail_retry"),
    path("<int:pk>/raw/", views.raw_download, name="mail_raw"),
    # Mail providers (RIGHTTHERE_MAIL_PROVIDER) post incoming mail and delivery reports.
    path(
        "provider/<str:provider>/<str:kind>/",
        provider_webhooks.provider_webhook,
        name="mail_provider_webhook",
    ),
]

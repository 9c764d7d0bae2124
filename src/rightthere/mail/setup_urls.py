"""The owner's mail settings, included under /settings/mail/ by the project's URLs."""

from django.urls import path

from rightthere.mail import views

urlpatterns = [
    path("", views.mail_settings, name="settings_mail"),
    path("mailboxes/<int:pk>/", views.mailbox_edit, name="settings_mail_mailbox"),
    path("mailboxes/<int:pk>/test/", views.mailbox_test, name="settings_mail_test"),
    path("mailboxes/<int:pk>/delete/", views.mailbox_delete, name="settings_mail_delete"),
    path("test-mail/", views.send_test_mail, name="settings_mail_send_test"),
]

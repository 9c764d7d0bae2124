from django.urls import path

from rightthere.portal import views
from rightthere.portal.views import files, links, mine, pages_setup, visits

urlpatterns = [
    path("contact", views.contact, name="contact"),
    path("my/", mine.my_requests, name="my_requests"),
    path("my/sign-in/", mine.sign_in, name="my_sign_in"),
    path("my/sign-in/<str:token>/", mine.sign_in_link, name="my_sign_in_link"),
    path("my/sign-out/", mine.sign_out, name="my_sign_out"),
    path("settings/customer-pages/", pages_setup.customer_pages, name="settings_customer_pages"),
    path("s/<str:token>/", views.status_page, name="status_page"),
    path("s/<str:token>/reply/", views.status_reply, name="status_reply"),
    path("s/<str:token>/visit/", visits.choose_visit, name="status_choose_visit"),
    path(
        "s/<str:token>/visits/<int:visit_id>/invite.ics",
        files.visit_invite_download,
        name="status_visit_invite",
    ),
    path(
        "s/<str:token>/files/<int:attachment_id>/",
        files.attachment_download,
        name="status_attachment",
    ),
    path("cases/<int:case_id>/status-link/", links.link_widget, name="status_link_widget"),
    path("cases/<int:case_id>/status-link/resend/", links.resend_link, name="status_link_resend"),
    path("cases/<int:case_id>/status-link/new/", links.new_link, name="status_link_new"),
    path("cases/<int:case_id>/status-link/revoke/", links.revoke_link, name="status_link_revoke"),
]

from django.urls import path

from rightthere.portal import views
from rightthere.portal.views import links

urlpatterns = [
    path("contact", views.contact, name="contact"),
    path("s/<str:token>/", views.status_page, name="status_page"),
    path("s/<str:token>/reply/", views.status_reply, name="status_reply"),
    path("cases/<int:case_id>/status-link/", links.link_widget, name="status_link_widget"),
    path("cases/<int:case_id>/status-link/resend/", links.resend_link, name="status_link_resend"),
    path("cases/<int:case_id>/status-link/new/", links.new_link, name="status_link_new"),
    path("cases/<int:case_id>/status-link/revoke/", links.revoke_link, name="status_link_revoke"),
]

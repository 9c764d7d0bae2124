from django.urls import path

from rightthere.portal import views

urlpatterns = [
    path("contact", views.contact, name="contact"),
    path("s/<str:token>/", views.status_page, name="status_page"),
    path("s/<str:token>/reply/", views.status_reply, name="status_reply"),
]

from django.urls import path

from rightthere.canned import views

urlpatterns = [
    path("canned/", views.canned_list, name="canned_list"),
    path("canned/new/", views.canned_new, name="canned_new"),
    path("canned/<int:pk>/edit/", views.canned_edit, name="canned_edit"),
    path("canned/<int:pk>/delete/", views.canned_delete, name="canned_delete"),
    path("cases/<int:pk>/canned/", views.canned_picker, name="canned_picker"),
]

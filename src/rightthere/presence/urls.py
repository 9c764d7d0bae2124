from django.urls import URLPattern, path

from rightthere.presence import views

urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/presence/", views.heartbeat, name="case_presence"),
]

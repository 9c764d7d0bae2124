from django.urls import path

from rightthere.outbox import views

urlpatterns = [path("", views.outbox, name="outbox")]

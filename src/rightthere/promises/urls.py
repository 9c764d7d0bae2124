from django.urls import path

from rightthere.promises import views

urlpatterns = [
    path("cases/<int:pk>/promises/", views.make, name="promise_make"),
    path("promises/<int:pk>/keep/", views.keep, name="promise_keep"),
    path("promises/<int:pk>/renegotiate/", views.renegotiate, name="promise_renegotiate"),
]

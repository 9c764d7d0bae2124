from django.urls import path

from rightthere.satisfaction import views

# Beside the status page (/s/<token>/), whose signed token they share.
urlpatterns = [
    path("s/<str:token>/rate/<str:rating>/", views.rate_from_email, name="satisfaction_rate"),
    path("s/<str:token>/satisfaction/", views.answer, name="satisfaction_answer"),
]

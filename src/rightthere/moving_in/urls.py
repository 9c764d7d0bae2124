from django.urls import path

from rightthere.moving_in import views

urlpatterns = [
    path("settings/moving-in/", views.moving_in, name="moving_in"),
    path("settings/moving-in/database/", views.moving_in_database, name="moving_in_database"),
    path("settings/moving-in/<int:pk>/", views.moving_in_job, name="moving_in_job"),
    path("settings/moving-in/<int:pk>/start/", views.moving_in_start, name="moving_in_start"),
    path("settings/moving-in/<int:pk>/progress/", views.moving_in_progress,
         name="moving_in_progress"),
]  # fmt: skip

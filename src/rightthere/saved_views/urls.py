from django.urls import path

from rightthere.saved_views import views

urlpatterns = [
    path("saved-views/", views.create, name="saved_view_create"),
    path("saved-views/<int:pk>/", views.edit, name="saved_view_edit"),
    path("saved-views/<int:pk>/delete/", views.delete, name="saved_view_delete"),
]

from django.urls import path

from rightthere.merging import views

urlpatterns = [
    path("cases/<int:pk>/duplicates/", views.merging_panel, name="merging_panel"),
    path(
        "cases/<int:pk>/merge-into/<int:into>/",
        views.merge_preview_page,
        name="merging_preview",
    ),
    path("merges/<int:pk>/undo/", views.undo, name="merging_undo"),
]

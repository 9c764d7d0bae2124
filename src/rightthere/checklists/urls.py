from django.urls import path

from rightthere.checklists import views

urlpatterns = [
    path("cases/<int:pk>/checklist/items/", views.add_item, name="checklist_add_item"),
    path(
        "cases/<int:pk>/checklist/template/", views.apply_template, name="checklist_apply_template"
    ),
    path(
        "cases/<int:pk>/checklist/items/<int:item_pk>/done/",
        views.set_done,
        name="checklist_set_done",
    ),
    path(
        "cases/<int:pk>/checklist/items/<int:item_pk>/start/",
        views.start_item,
        name="checklist_start_item",
    ),
    path(
        "cases/<int:pk>/checklist/items/<int:item_pk>/remove/",
        views.remove_item,
        name="checklist_remove_item",
    ),
]

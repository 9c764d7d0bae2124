from django.urls import path

from rightthere.automation import views

urlpatterns = [
    path("settings/automation/", views.rule_list, name="automation_rules"),
    path("settings/automation/new/", views.rule_new, name="automation_rule_new"),
    path("settings/automation/<int:pk>/", views.rule_edit, name="automation_rule"),
    path("settings/automation/<int:pk>/move/", views.rule_move, name="automation_rule_move"),
    path("settings/automation/<int:pk>/active/", views.rule_active, name="automation_rule_active"),
    path("settings/automation/<int:pk>/delete/", views.rule_delete, name="automation_rule_delete"),
]

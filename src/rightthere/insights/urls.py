from django.urls import path

from rightthere.insights import views

urlpatterns = [
    path("", views.dashboard_page, name="insights_dashboard"),
    path("export/<slug:key>.csv", views.export_csv, name="insights_export"),
    path("signs/<slug:key>/", views.sign_detail, name="insights_sign"),
    path("customers/<int:pk>/relationship/", views.relationship_page, name="insights_relationship"),
    path("customers/<int:pk>/calls/", views.log_call, name="insights_log_call"),
    path("calls/", views.calls_page, name="insights_calls"),
    path("owner-time/", views.owner_time_page, name="insights_owner_time"),
    path("staff/", views.staff_page, name="insights_staff"),
    path("staff/<int:pk>/", views.staff_record_page, name="insights_staff_record"),
    path("routing/", views.routing_page, name="insights_routing"),
    path("routing/<int:pk>/", views.routing_rule_page, name="insights_routing_rule"),
    path("routing/<int:pk>/delete/", views.routing_rule_delete, name="insights_routing_delete"),
]

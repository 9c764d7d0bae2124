from django.urls import URLPattern, path

from rightthere.timetracking import views, views_timer

urlpatterns: list[URLPattern] = [
    path("time/", views.report, name="time_report"),
    path("time/export.csv", views.report_csv, name="time_report_csv"),
    path("time/running/", views.running_hint, name="time_running_hint"),
    path("time/cases/<int:pk>/", views_timer.case_widget, name="time_case_widget"),
    path("time/visits/<int:pk>/", views_timer.visit_widget, name="time_visit_widget"),
    path("time/cases/<int:pk>/start/", views_timer.start, name="time_start"),
    path("time/cases/<int:pk>/stop/", views_timer.stop, name="time_stop"),
    path("time/cases/<int:pk>/entries/", views_timer.add, name="time_add"),
    path("time/cases/<int:pk>/entries/<int:entry_pk>/", views_timer.edit, name="time_edit"),
    path(
        "time/cases/<int:pk>/entries/<int:entry_pk>/delete/",
        views_timer.delete,
        name="time_delete",
    ),
]

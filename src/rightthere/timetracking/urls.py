from django.urls import URLPattern, path

from rightthere.timetracking.views import report, timer

urlpatterns: list[URLPattern] = [
    path("time/", report.report, name="time_report"),
    path("time/export.csv", report.report_csv, name="time_report_csv"),
    path("time/running/", report.running_hint, name="time_running_hint"),
    path("time/cases/<int:pk>/", timer.case_widget, name="time_case_widget"),
    path("time/visits/<int:pk>/", timer.visit_widget, name="time_visit_widget"),
    path("time/cases/<int:pk>/start/", timer.start, name="time_start"),
    path("time/cases/<int:pk>/stop/", timer.stop, name="time_stop"),
    path("time/cases/<int:pk>/entries/", timer.add, name="time_add"),
    path("time/cases/<int:pk>/entries/<int:entry_pk>/", timer.edit, name="time_edit"),
    path(
        "time/cases/<int:pk>/entries/<int:entry_pk>/delete/",
        timer.delete,
        name="time_delete",
    ),
]

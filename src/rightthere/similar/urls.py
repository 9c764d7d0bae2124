from django.urls import URLPattern, path

from rightthere.similar import views

urlpatterns: list[URLPattern] = [
    path("cases/<int:pk>/similar/", views.similar_list, name="similar_cases"),
]

from django.urls import path

from rightthere.recovery import customer_views, improvement_views, views

urlpatterns = [
    path("cases/<int:pk>/recovery/<slug:action>/", views.step, name="recovery_step"),
    path("s/<str:token>/recovery/<slug:action>/", customer_views.answer, name="recovery_customer"),
    path("improvements/", improvement_views.improvement_list, name="improvement_list"),
    path("improvements/<int:pk>/", improvement_views.improvement_detail, name="improvement_detail"),
]

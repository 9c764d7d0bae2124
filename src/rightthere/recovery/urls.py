from django.urls import path

from rightthere.recovery.views import customer, improvements, staff

urlpatterns = [
    path("cases/<int:pk>/recovery/<slug:action>/", staff.step, name="recovery_step"),
    path("s/<str:token>/recovery/<slug:action>/", customer.answer, name="recovery_customer"),
    path("improvements/", improvements.improvement_list, name="improvement_list"),
    path("improvements/<int:pk>/", improvements.improvement_detail, name="improvement_detail"),
]

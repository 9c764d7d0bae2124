from django.urls import path

from rightthere.customers import views

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("new/", views.customer_edit, name="customer_new"),
    path("<int:pk>/", views.customer_detail, name="customer_detail"),
    path("<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/address/", views.address_set, name="customer_address"),
    path("<int:pk>/notes/", views.note_add, name="customer_note_add"),
]

from django.urls import path

from rightthere.reviews import views

urlpatterns = [
    path("", views.review_inbox, name="review_inbox"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/respond/", views.respond, name="review_respond"),
    path("<int:pk>/customer/", views.confirm_customer, name="review_confirm_customer"),
    path("import/", views.import_file, name="review_import_file"),
    path("import/<int:pk>/", views.import_preview, name="review_import"),
    path("import/<int:pk>/progress/", views.import_progress, name="review_import_progress"),
]

from django.urls import path

from rightthere.webhooks import views

urlpatterns = [
    path("settings/webhooks/", views.webhook_list, name="webhook_list"),
    path("settings/webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("settings/webhooks/<int:pk>/pause/", views.webhook_pause, name="webhook_pause"),
    path("settings/webhooks/<int:pk>/resume/", views.webhook_resume, name="webhook_resume"),
    path("settings/webhooks/<int:pk>/secret/", views.webhook_rotate, name="webhook_rotate"),
    path("settings/webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path(
        "settings/webhooks/deliveries/<int:pk>/resend/",
        views.delivery_resend,
        name="webhook_delivery_resend",
    ),
]

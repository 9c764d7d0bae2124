from django.contrib.auth import views as auth_views
from django.urls import path

from rightthere.accounts import views
from rightthere.accounts.login import LoginView

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/tokens/", views.token_list, name="token_list"),
    path("settings/tokens/new/", views.token_create, name="token_create"),
    path("settings/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("login/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("account/settings/", views.my_settings, name="my_settings"),
    path("account/two-factor/", views.two_factor_settings, name="two_factor"),
    path("settings/security/", views.security_policy, name="security_policy"),
    path("settings/integrations/", views.integration_list, name="integration_list"),
    path(
        "settings/integrations/<int:pk>/rotate/",
        views.integration_rotate,
        name="integration_rotate",
    ),
    path(
        "settings/integrations/<int:pk>/delete/",
        views.integration_delete,
        name="integration_delete",
    ),
]

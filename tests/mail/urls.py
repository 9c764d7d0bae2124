"""The project's URLs plus the mail pages and API, until the project includes them."""

from django.urls import include, path
from ninja import NinjaAPI

from rightthere.mail.api import make_router
from rightthere.urls import urlpatterns as project_urls

api = NinjaAPI(urls_namespace="mail_test_api", docs_url=None)
api.add_router("", make_router())

urlpatterns = [
    path("mail/", include("rightthere.mail.urls")),
    path("mail-api/", api.urls),
    *project_urls,
]

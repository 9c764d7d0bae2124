"""The REST API at /api/, with OpenAPI docs at /api/docs: every app's routes, mounted here.

The docs page is Swagger UI served from django-ninja's bundled static files (ninja is in
INSTALLED_APPS), so it works without internet access."""

from django.urls import path
from ninja import NinjaAPI

from rightthere.accounts import api as tokens
from rightthere.accounts.api_auth import ApiTokenAuth, WebSessionAuth
from rightthere.api.errors import install_error_handlers
from rightthere.canned import api as canned
from rightthere.cases.api import cases, events, messages
from rightthere.checklists import api as checklists
from rightthere.coach import api as coach
from rightthere.customers.api import contacts, customers
from rightthere.field import api as field
from rightthere.insights import api as insights
from rightthere.mail.api import router as mail_router
from rightthere.merging import api as merging
from rightthere.promises import api as promises
from rightthere.recovery import api as recovery
from rightthere.reviews import api as reviews
from rightthere.satisfaction import api as satisfaction
from rightthere.similar import api as similar
from rightthere.timetracking import api as timetracking

api = NinjaAPI(
    title="Rightthere API",
    version="1",
    description=(
        "Cases, messages and customers of a Rightthere desk. Authenticate with a personal "
        "token (`Authorization: Bearer <key>`, created at POST /api/tokens) or, from the "
        "web UI, with the session cookie plus the CSRF token on changes. Lists are paged "
        "with an opaque `cursor`: pass the `next` value of one page to get the following one."
    ),
    auth=[ApiTokenAuth(), WebSessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)
install_error_handlers(api)
api.add_router("/cases", cases.router)
api.add_router("/cases", messages.router)
api.add_router("/cases", events.router)
api.add_router("/customers", customers.router)
api.add_router("", contacts.router)
api.add_router("/tokens", tokens.router)
api.add_router("", promises.router)
api.add_router("", recovery.router)
api.add_router("", checklists.router)
api.add_router("", satisfaction.router)
api.add_router("", field.router)
api.add_router("", coach.router)
api.add_router("", reviews.router)
api.add_router("", mail_router)
api.add_router("", insights.router)
api.add_router("", canned.router)
api.add_router("", merging.router)
api.add_router("", timetracking.router)
api.add_router("", similar.router)

urlpatterns = [path("", api.urls)]

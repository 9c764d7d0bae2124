"""The REST API at /api/, with OpenAPI docs at /api/docs: every app's routes, mounted here.

The docs page is Swagger UI served from django-ninja's bundled static files (ninja is in
INSTALLED_APPS), so it works without internet access."""

from django.urls import path
from ninja import Swagger

from rightthere.accounts import api as tokens
from rightthere.accounts import me_api, security_api
from rightthere.accounts import setup_api as people_setup
from rightthere.accounts.api_auth import ApiTokenAuth, WebSessionAuth
from rightthere.api.document import RightthereAPI
from rightthere.api.errors import install_error_handlers
from rightthere.automation import api as automation
from rightthere.canned import api as canned
from rightthere.cases.api import attachments, bulk, cases, events, messages, opening_hours
from rightthere.checklists import api as checklists
from rightthere.coach import api as coach
from rightthere.customers.api import contacts, customers, notes
from rightthere.field import api as field
from rightthere.field import setup_api as field_setup
from rightthere.insights import api as insights
from rightthere.mail import setup_api as mail_setup
from rightthere.mail.api import router as mail_router
from rightthere.merging import api as merging
from rightthere.moving_in import api as moving_in
from rightthere.notifications import api as notifications
from rightthere.outbox import api as outbox
from rightthere.outbox import setup_api as outgoing_setup
from rightthere.portal import api as status_link
from rightthere.presence import api as presence
from rightthere.promises import api as promises
from rightthere.recovery import api as recovery
from rightthere.reviews import api as reviews
from rightthere.satisfaction import api as satisfaction
from rightthere.saved_views import api as saved_views
from rightthere.setup_screens import api as setup_screens
from rightthere.similar import api as similar
from rightthere.sms import api as sms
from rightthere.timetracking import api as timetracking
from rightthere.webhooks import api as webhooks

api = RightthereAPI(
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
    # Each route shows its own schemas; the list of all of them (some 400) under the routes
    # took a third of the page's time to draw, so it is left out.
    docs=Swagger(settings={"defaultModelsExpandDepth": -1}),
)
install_error_handlers(api)
api.add_router("/cases", bulk.router)
api.add_router("/cases", cases.router)
api.add_router("/cases", messages.router)
api.add_router("/cases", events.router)
api.add_router("/customers", customers.router)
api.add_router("", contacts.router)
api.add_router("/tokens", tokens.router)
api.add_router("", me_api.router)
api.add_router("", security_api.router)
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
api.add_router("", notifications.router)
api.add_router("", status_link.router)
api.add_router("", presence.router)
api.add_router("", timetracking.router)
api.add_router("", similar.router)
api.add_router("", saved_views.router)
api.add_router("", webhooks.router)
api.add_router("", moving_in.router)
api.add_router("", automation.router)
# Set-up and the remaining screens' actions (API parity, #17).
api.add_router("", people_setup.router)
api.add_router("", field_setup.router)
api.add_router("", mail_setup.router)
api.add_router("", outgoing_setup.router)
api.add_router("", opening_hours.router)
api.add_router("", setup_screens.router)
api.add_router("", attachments.router)
api.add_router("", notes.router)
api.add_router("", outbox.router)
api.add_router("", sms.router)

urlpatterns = [path("", api.urls)]

from django.contrib import admin
from django.urls import include, path

from rightthere.ops.health import health

# A customer's dead status link gets the portal's page, not the staff one.
handler404 = "rightthere.portal.views.not_found"

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("rightthere.accounts.urls")),
    path("", include("rightthere.cases.urls")),
    path("customers/", include("rightthere.customers.urls")),
    path("api/", include("rightthere.api.urls")),
    path("", include("rightthere.portal.urls")),
    path("outbox/", include("rightthere.outbox.urls")),
    path("mail/", include("rightthere.mail.urls")),
    path("settings/mail/", include("rightthere.mail.setup_urls")),
    path("", include("rightthere.promises.urls")),
    path("", include("rightthere.satisfaction.urls")),
    path("", include("rightthere.recovery.urls")),
    path("", include("rightthere.checklists.urls")),
    path("", include("rightthere.field.urls")),
    path("", include("rightthere.coach.urls")),
    path("reviews/", include("rightthere.reviews.urls")),
    path("insights/", include("rightthere.insights.urls")),
    path("", include("rightthere.canned.urls")),
    path("", include("rightthere.merging.urls")),
    path("", include("rightthere.timetracking.urls")),
    path("", include("rightthere.similar.urls")),
    path("", include("rightthere.notifications.urls")),
    path("", include("rightthere.presence.urls")),
    path("", include("rightthere.saved_views.urls")),
    path("", include("rightthere.webhooks.urls")),
    path("", include("rightthere.moving_in.urls")),
    path("", include("rightthere.automation.urls")),
    path("", include("rightthere.sms.urls")),
    path("", include("rightthere.setup_screens.urls")),
]

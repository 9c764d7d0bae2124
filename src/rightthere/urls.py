from django.contrib import admin
from django.urls import include, path

from rightthere.ops.health import health

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
]

"""The customer's status page panel on the case page (owners and agents only).

Listed in cases.views.panels.PANEL_PROVIDERS; its buttons post to
`portal.views.links`."""

from django.conf import settings

from rightthere.accounts.models import User
from rightthere.accounts.roles import is_manager
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.portal.links import status_url
from rightthere.portal.models import StatusLink


def status_link_panel(user: User, case: Case) -> Panel | None:
    if not is_manager(user):
        return None
    has_link = StatusLink.objects.filter(case=case, revoked_at__isnull=True).exists()
    link = status_url(case, settings.RIGHTTHERE["BASE_URL"]) if has_link else ""
    return Panel(template="portal/_link_panel.html", placement="side",
                 context={"case_id": case.pk, "has_link": has_link, "link": link})  # fmt: skip

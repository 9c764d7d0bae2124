"""Who may name a technician or partner company by id: the web form and the API ask
the same (owners and agents, field.access.catalogue_entry) before looking the id up, so
a technician working on the visit cannot learn from the API which partner ids exist."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.field.conftest import make_partner, make_visit, send

pytestmark = pytest.mark.django_db

NO_SUCH_ID = 999_999


@pytest.fixture
def visit(desk):
    """Tom's visit on the case he holds: he sees it, but may not give it away."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    starts_at = timezone.make_aware(datetime.combine(tomorrow, time(10)))
    return make_visit(desk.case, technician=desk.tom, skill=desk.boilers, starts_at=starts_at)


def _reassign_by_api(api_as, user, visit, partner_id):
    return send(api_as(user), "post", f"/api/visits/{visit.pk}/reassign",
                {"partner_id": partner_id})  # fmt: skip


def _reassign_by_web(client, user, visit, partner_id):
    client.force_login(user)
    return client.post(reverse("field_reassign", args=[visit.pk]),
                       {"doer": f"partner:{partner_id}"})  # fmt: skip


@pytest.mark.parametrize(
    "partner",
    [lambda desk: make_partner([desk.boilers]).pk, lambda desk: NO_SUCH_ID],
    ids=["existing", "missing"],
)
def test_a_technician_on_the_visit_may_not_name_a_partner_by_web_or_api(
    partner, desk, visit, technician, client, api_as
):
    named = partner(desk)

    web = _reassign_by_web(client, technician, visit, named)
    api = _reassign_by_api(api_as, technician, visit, named)

    assert (web.status_code, api.status_code) == (403, 403)
    visit.refresh_from_db()
    assert (visit.technician, visit.partner) == (desk.tom, None)


def test_a_subcontractor_does_not_learn_that_the_visit_exists(
    desk, visit, subcontractor, client, api_as
):
    web = _reassign_by_web(client, subcontractor, visit, desk.partner.pk)
    api = _reassign_by_api(api_as, subcontractor, visit, desk.partner.pk)

    assert (web.status_code, api.status_code) == (403, 404)  # the web refuses before looking
    visit.refresh_from_db()
    assert visit.partner is None


def test_an_agent_naming_a_partner_that_does_not_exist_is_told_so(desk, visit, agent, api_as):
    response = _reassign_by_api(api_as, agent, visit, NO_SUCH_ID)

    assert response.status_code == 400
    assert response.json()["detail"] == f"There is no partner company with id {NO_SUCH_ID}."


def test_an_agent_gives_the_visit_to_a_partner_by_api(desk, visit, agent, api_as):
    response = _reassign_by_api(api_as, agent, visit, desk.partner.pk)

    assert response.status_code == 200
    visit.refresh_from_db()
    assert (visit.technician, visit.partner) == (None, desk.partner)

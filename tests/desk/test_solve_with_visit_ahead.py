"""A case with a booked visit whose day has not come yet is not solved or closed
(`desk.casework.change_status`): the customer's status page would say "nothing more to
do" beside the visit. The refusal names the visit's date; "solve and cancel the visit"
cancels it through `desk.visits.cancel_visit` (the customer is told, its promise
released) and then solves. The same from the case page, the API and the bulk bar; a
visit today or in the past does not stand in the way."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from rightthere.cases.models import Direction, Status
from rightthere.core.errors import NotAllowed, VisitStillBooked
from rightthere.desk import casework
from rightthere.desk import visits as desk_visits
from rightthere.desk.bulk import BulkChange, bulk_update
from rightthere.field.models import Skill, VisitStatus
from rightthere.portal import status as portal_status
from rightthere.promises.models import PromiseState
from tests.desk.parity import api
from tests.factories import ContactFactory, CustomerFactory, make_case
from tests.field.conftest import make_technician, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def fitter(db):
    return make_technician("tom", [Skill.objects.create(name="Boilers")], days=range(7))


@pytest.fixture
def booked(agent, fitter):
    """A case with a visit booked by the office for the day after tomorrow at 10:00."""

    def book(subject="Boiler leaks"):
        contact = ContactFactory(customer=CustomerFactory(name="Ada Byron"),
                                 name="Ada Byron", email="ada@example.com")  # fmt: skip
        case = make_case(subject=subject, contact=contact, assignee=fitter)
        day = timezone.localtime(timezone.now() + timedelta(days=2))
        starts = day.replace(hour=10, minute=0, second=0, microsecond=0)
        visit = desk_visits.book_visit(case, actor=agent, technician=fitter, starts_at=starts,
                                       duration_minutes=60)  # fmt: skip
        case.refresh_from_db()  # the customer was sent the date: the case is open
        return case, visit

    return book


def _refusal(visit) -> str:
    when = date_format(timezone.localtime(visit.starts_at), "D d M H:i")
    return (
        f"A visit is booked for {when}. Cancel or record the visit first, "
        "or solve and cancel the visit."
    )


def _technician_refusal(visit) -> str:
    when = date_format(timezone.localtime(visit.starts_at), "D d M H:i")
    return f"A visit is booked for {when}. Record the visit first, or ask the office to cancel it."


def _cancel_notices(case) -> list[str]:
    return [
        body
        for body in case.messages.filter(direction=Direction.OUTBOUND).values_list(
            "body_text", flat=True
        )
        if "is cancelled" in body
    ]


# --- the use case ---------------------------------------------------------------------------


def test_solving_with_a_visit_ahead_is_refused_naming_its_date_and_nothing_changes(booked, agent):
    case, visit = booked()
    version = case.version

    with pytest.raises(VisitStillBooked) as refused:
        casework.change_status(case, actor=agent, status=Status.SOLVED)

    assert refused.value.message == _refusal(visit)
    assert (refused.value.http_status, refused.value.code) == (409, "visit_booked")
    case.refresh_from_db()
    visit.refresh_from_db()
    assert (case.status, case.version) == (Status.OPEN, version)
    assert visit.status == VisitStatus.TENTATIVE
    assert _cancel_notices(case) == []


def test_closing_with_a_visit_ahead_is_refused_too(booked, agent):
    case, visit = booked()

    with pytest.raises(VisitStillBooked) as refused:
        casework.change_status(case, actor=agent, status=Status.CLOSED)

    assert refused.value.message.endswith("or close and cancel the visit.")
    assert date_format(timezone.localtime(visit.starts_at), "D d M H:i") in refused.value.message


def test_solve_and_cancel_the_visit_tells_the_customer_and_the_status_page_shows_no_visit(
    booked, agent
):
    case, visit = booked()
    assert portal_status.booked_visit(case) is not None

    case = casework.change_status(case, actor=agent, status=Status.SOLVED, cancel_visits=True)

    visit.refresh_from_db()
    assert case.status == Status.SOLVED
    assert visit.status == VisitStatus.CANCELLED
    assert visit.promise is not None and visit.promise.state == PromiseState.RELEASED
    [notice] = _cancel_notices(case)
    assert "Your request is solved, so this visit is no longer needed." in notice
    # Nothing is left to book: the mail does not invite the customer to ask for a new date.
    assert notice.rstrip().endswith("The attached calendar update takes it off your calendar.")
    assert "new date" not in notice
    assert portal_status.booked_visit(case) is None
    assert portal_status.customer_status(case).next_step.startswith("Nothing more to do.")
    # The timeline: the visit cancelled, then the case solved.
    kinds = list(case.events.order_by("created_at", "id").values_list("kind", "field", "after"))
    cancelled = kinds.index(("visit", "cancelled", "Your request is solved, so this visit is "
                                                   "no longer needed."))  # fmt: skip
    assert kinds[-1] == ("status", "status", "Solved")
    assert ("promise", "Visit to do the repair", "released: the visit was cancelled") in kinds[
        cancelled:
    ]


def test_an_expected_version_is_checked_before_any_visit_is_cancelled(booked, agent):
    case, visit = booked()

    with pytest.raises(Exception, match="Someone else changed this case"):
        casework.change_status(case, actor=agent, status=Status.SOLVED, cancel_visits=True,
                               expected_version=case.version - 1)  # fmt: skip

    visit.refresh_from_db()
    assert visit.status == VisitStatus.TENTATIVE


@pytest.mark.parametrize("when", ["today", "yesterday"])
def test_a_visit_today_or_past_does_not_stop_solving(agent, fitter, when):
    case = make_case(subject="Boiler leaks", assignee=fitter)
    now = timezone.localtime(timezone.now())
    starts = now.replace(minute=0, second=0, microsecond=0) - timedelta(
        days=1 if when == "yesterday" else 0
    )
    visit = make_visit(case, technician=fitter, starts_at=starts)

    case = casework.change_status(case, actor=agent, status=Status.SOLVED)

    visit.refresh_from_db()
    assert case.status == Status.SOLVED
    assert visit.status == VisitStatus.CONFIRMED  # left for its outcome to be recorded
    # The status page: today's visit, not over yet, still shows; nothing asks a past one.
    shown = portal_status.booked_visit(case)
    assert (shown is None) == (when == "yesterday" or visit.ends_at <= timezone.now())


def test_a_cancelled_or_done_visit_ahead_does_not_stop_solving(booked, agent):
    case, visit = booked()
    desk_visits.cancel_visit(visit, actor=agent, reason="The customer fixed it themselves.")
    # Cancelled on its own, the visit's mail still offers a new date.
    [notice] = _cancel_notices(case)
    assert "If you would like a new date, reply to this message" in notice

    assert casework.change_status(case, actor=agent, status=Status.SOLVED).status == "solved"


def test_reopening_or_waiting_is_not_refused_for_a_visit_ahead(booked, agent):
    case, _ = booked()

    case = casework.change_status(case, actor=agent, status=Status.WAITING_CUSTOMER,
                                  waiting_reason="information")  # fmt: skip
    assert case.status == Status.WAITING_CUSTOMER


# --- roles ----------------------------------------------------------------------------------


def test_the_technician_is_refused_too_and_may_not_cancel_the_visit(booked, fitter):
    case, visit = booked()

    with pytest.raises(VisitStillBooked) as refused:
        casework.change_status(case, actor=fitter, status=Status.SOLVED)
    # No button the technician lacks: record the visit, or ask the office to cancel it.
    assert refused.value.message == _technician_refusal(visit)
    with pytest.raises(VisitStillBooked) as refused:
        casework.change_status(case, actor=fitter, status=Status.CLOSED)
    assert refused.value.message == _technician_refusal(visit)
    with pytest.raises(NotAllowed):
        casework.change_status(case, actor=fitter, status=Status.SOLVED, cancel_visits=True)

    visit.refresh_from_db()
    case.refresh_from_db()
    assert (visit.status, case.status) == (VisitStatus.TENTATIVE, Status.OPEN)


def test_the_owner_may_solve_and_cancel(booked, owner):
    case, visit = booked()

    casework.change_status(case, actor=owner, status=Status.SOLVED, cancel_visits=True)

    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED


# --- the case page --------------------------------------------------------------------------


def _post_status(client, case, htmx=True, **extra):
    url = reverse("case_update_field", args=[case.pk, "status"])
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, {"value": "solved", "version": case.version, **extra},
                       headers=headers)  # fmt: skip


def test_the_case_page_shows_the_refusal_and_offers_solve_and_cancel(client, booked, agent):
    case, visit = booked()
    client.force_login(agent)

    refused = _post_status(client, case)

    page = refused.content.decode()
    assert refused.status_code == 200  # htmx swaps the header with the message in it
    assert _refusal(visit) in page
    assert 'name="cancel_visits" value="1"' in page
    assert "Solve and cancel the visit" in page
    case.refresh_from_db()
    assert case.status == Status.OPEN

    done = _post_status(client, case, cancel_visits="1")

    assert done.status_code == 200
    assert "Status saved." in done.content.decode()
    case.refresh_from_db()
    visit.refresh_from_db()
    assert (case.status, visit.status) == (Status.SOLVED, VisitStatus.CANCELLED)


def test_without_script_the_page_comes_back_with_the_choice(client, booked, owner):
    case, visit = booked()
    client.force_login(owner)

    refused = _post_status(client, case, htmx=False)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert _refusal(visit) in page and "Solve and cancel the visit" in page
    assert 'id="reply-form"' in page or "timeline" in page  # the whole case page


def test_the_technician_sees_the_refusal_without_the_cancel_choice(client, booked, fitter):
    case, visit = booked()
    client.force_login(fitter)

    page = _post_status(client, case).content.decode()

    assert _technician_refusal(visit) in page
    assert "solve and cancel" not in page.lower()
    assert "cancel_visits" not in page
    assert _post_status(client, case, cancel_visits="1").status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.TENTATIVE


def test_an_anonymous_visitor_is_sent_to_sign_in(client, booked):
    case, visit = booked()

    response = _post_status(client, case, cancel_visits="1")

    assert response.status_code == 302 and "login" in response["Location"]
    visit.refresh_from_db()
    assert visit.status == VisitStatus.TENTATIVE


# --- the API --------------------------------------------------------------------------------


def _patch(user, case, body):
    return api(user).patch(f"/api/cases/{case.pk}", json.dumps(body),
                           content_type="application/json")  # fmt: skip


def test_the_api_refuses_with_409_and_the_message_then_cancels_on_request(booked, agent):
    case, visit = booked()

    refused = _patch(agent, case, {"status": "solved"})

    assert refused.status_code == 409
    assert refused.json() == {"detail": _refusal(visit), "code": "visit_booked"}

    done = _patch(agent, case, {"status": "solved", "cancel_visits": True})

    assert done.status_code == 200, done.content
    assert done.json()["status"] == "solved"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED


def test_the_api_lets_no_technician_cancel_the_visit(booked, fitter):
    case, visit = booked()

    refused = _patch(fitter, case, {"status": "solved"})
    assert refused.status_code == 409
    assert refused.json() == {"detail": _technician_refusal(visit), "code": "visit_booked"}
    assert _patch(fitter, case, {"status": "solved", "cancel_visits": True}).status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.TENTATIVE


# --- the bulk bar ---------------------------------------------------------------------------


def test_the_bulk_bar_skips_a_case_with_a_visit_ahead_and_says_why(booked, agent):
    case, visit = booked()
    other = make_case(subject="Tap drips")

    result = bulk_update(agent, [case.pk, other.pk], BulkChange("status", "solved"))

    assert [c.pk for c in result.done] == [other.pk]
    [skipped] = result.skipped
    assert skipped.reason == f"{case.reference}: {_refusal(visit)}"
    case.refresh_from_db()
    assert case.status == Status.OPEN


def test_the_inbox_bulk_bar_reports_the_refusal_per_case(client, booked, agent):
    case, visit = booked()
    other = make_case(subject="Tap drips")
    client.force_login(agent)

    client.post(reverse("inbox_bulk"),
                {"action": "status", "status": "solved", "case": [case.pk, other.pk]})  # fmt: skip
    page = client.get(reverse("inbox")).content.decode()

    assert "Set 1 case to Solved; 1 skipped:" in page
    assert f"{case.reference}: {_refusal(visit)}" in page


def test_the_technician_reads_the_refusal_in_german(booked, fitter):
    case, visit = booked()

    with translation.override("de"), pytest.raises(VisitStillBooked) as refused:
        casework.change_status(case, actor=fitter, status=Status.SOLVED)

    assert "Erfassen Sie zuerst sein Ergebnis oder bitten Sie das Büro" in refused.value.message


def test_solve_and_cancel_tells_a_german_customer_without_offering_a_new_date(booked, agent):
    case, visit = booked()
    case.contact.language = "de"
    case.contact.save()

    casework.change_status(case, actor=agent, status=Status.SOLVED, cancel_visits=True)

    [notice] = [body for body in case.messages.values_list("body_text", flat=True)
                if "abgesagt" in body]  # fmt: skip
    assert "Ihre Anfrage ist erledigt" in notice
    assert notice.rstrip().endswith(
        "Mit der angehängten Kalenderaktualisierung verschwindet er aus Ihrem Kalender."
    )
    assert "neuen Termin" not in notice

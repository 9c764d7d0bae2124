"""Every text a customer can receive, rendered through the code that sends it and read
by the desk's own reply check (issue #17 item 2).

Each entry in TEXTS does the real job (open a case through the contact form, book a
visit, chase a customer, offer options on a complaint ...) and reads what went out:
the stored outgoing mail (subject and the whole body, frame and sign-off included)
or the page the customer is shown. Every text must pass `coach.actions.check_draft`
(the check agents' replies get) with no findings; a subject never carries an
internal title; a text that asks something of the customer says what and by when.

`RIGHTTHERE_CUSTOMER_TEXTS_DOC=docs/customer-texts.md pytest tests/outbox/test_customer_texts.py`
writes docs/customer-texts.md from these renders, so the list stays true.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.business_hours import business_days_after
from rightthere.cases.models import Case, Kind, Message, Status
from rightthere.coach.actions import check_draft
from rightthere.coach.check import DATED
from rightthere.desk import casework, part_orders, status_links, visit_choice, visit_day, visits
from rightthere.desk import messages as desk_messages
from rightthere.desk import recovery as desk_recovery
from rightthere.desk.promises import renegotiate_promise
from rightthere.desk.reviews import receive_review
from rightthere.field.booking import ChosenSlot
from rightthere.insights.models import RoutingRule
from rightthere.outbox.acknowledgement import acknowledge_new_case
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from rightthere.portal.models import SignInLink
from rightthere.portal.sign_in import token_for
from rightthere.portal.tasks import sign_in_mail
from rightthere.promises.actions import keep_promise, make_promise
from rightthere.promises.chasing import chase_waiting_customers, reminder_days
from rightthere.recovery import actions as recovery_actions
from rightthere.reviews.parsing import ReviewRow
from rightthere.satisfaction.links import rating_path, status_token
from rightthere.satisfaction.models import Rating
from rightthere.satisfaction.sending import ask_customer
from tests.factories import make_case
from tests.field.conftest import desk, make_visit  # noqa: F401 - the field desk fixture

pytestmark = pytest.mark.django_db

DOC_ENV = "RIGHTTHERE_CUSTOMER_TEXTS_DOC"
# Words of the desk's own screens and notifications that must not reach a customer's subject.
INTERNAL_SUBJECT = re.compile(
    r"★ review on \w+ by|^(?:Due|About to break) |^Rightthere:|\bthe customer\b|"
    r"\bfirst answer\b|\bfollow-up\b|\bunassigned\b",
    re.IGNORECASE,
)


# The desk's own labels, which read oddly (or give away internals) in a customer's text.
INTERNAL_LABEL = re.compile(r"\(partner\)|\bnobody yet\b|\bfrom the customer\b", re.IGNORECASE)


@dataclass(frozen=True)
class CustomerText:
    name: str
    sent_by: str  # the code path that sends or shows it
    body: str
    subject: str = ""  # empty for a page
    complaint: bool = False  # the reply check then also wants an apology
    asks: str = ""  # what it asks the customer for, in its own words ("" when nothing)
    html: str = ""  # a mail's HTML part, as words on screen


@dataclass
class World:
    desk: object
    agent: object
    client: Client
    run_tasks: Callable[[], object]  # what the worker does (it acknowledges a form's case)

    @property
    def case(self) -> Case:
        return self.desk.case


@pytest.fixture
def world(desk, agent, client, run_tasks):  # noqa: F811 - the fixture imported above
    agent.first_name, agent.last_name = "Priya", "Shah"
    agent.save(update_fields=["first_name", "last_name"])
    desk.tom.first_name, desk.tom.last_name = "Tom", "Baker"
    desk.tom.save(update_fields=["first_name", "last_name"])
    desk.partner.name = "Fixit Partners"
    desk.partner.save(update_fields=["name"])
    desk.case.assignee = agent
    desk.case.save(update_fields=["assignee"])
    # New requests go to whoever of the office is back first (Priya, the one agent).
    RoutingRule.objects.create(created_at=timezone.now())
    return World(desk, agent, client, run_tasks)


def _day(days: int, hour: int) -> datetime:
    """A weekday `days` or more ahead at `hour`:00, local time."""
    when = timezone.localtime() + timedelta(days=days)
    while when.weekday() >= 5:
        when += timedelta(days=1)
    return when.replace(hour=hour, minute=0, second=0, microsecond=0)


def _mail(case: Case, message: Message | None = None) -> OutboundMail:
    mails = OutboundMail.objects.filter(case=case)
    if message is not None:
        mails = mails.filter(message=message)
    return mails.latest("created_at", "pk")


def _mail_text(name: str, sent_by: str, mail: OutboundMail, **kwargs) -> CustomerText:
    html = _visible_text(mail.body_html)
    return CustomerText(name, sent_by, mail.body_text, subject=mail.subject, html=html, **kwargs)


class _Visible(HTMLParser):
    """The words a person sees on a page: text outside <script>, <style> and <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "template"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.lines.append(" ".join(data.split()))


def _visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.lines)


def _page_text(response) -> str:
    assert response.status_code == 200, response.content[:500]
    return _visible_text(response.content.decode())


def _book(world: World):
    return visits.book_visit(world.case, actor=world.agent, technician=world.desk.tom,
                             skill=world.desk.boilers, starts_at=_day(2, 10),
                             duration_minutes=90, address="1 Mill Lane")  # fmt: skip


def _return_booked(world: World):
    failed = make_visit(world.case, technician=world.desk.tom, skill=world.desk.boilers)
    visits.record_visit_outcome(failed, actor=world.desk.tom, outcome="return_needed",
                                return_reason="wrong_part", root_cause="office")  # fmt: skip
    return visits.book_return(failed, actor=world.desk.tom, part=world.desk.valve)


# --- mails ---------------------------------------------------------------------------


def acknowledgement(world: World) -> CustomerText:
    world.client.post(reverse("contact"), {
        "name": "Ada Byron", "email": "ada@example.com", "subject": "Boiler leaks",
        "message": "Water drips from under the boiler since this morning.",
    })  # fmt: skip
    case = Case.objects.latest("pk")
    world.run_tasks()  # the worker acknowledges a case opened through the form
    return _mail_text("Acknowledgement of a new request", "outbox.acknowledgement "
                      "(desk.opening.acknowledge_new_case; mail intake and the contact form)",
                      _mail(case))  # fmt: skip


def acknowledgement_out_of_hours(world: World) -> CustomerText:
    case = make_case(subject="No hot water", contact=world.case.contact, assignee=world.agent)
    # What desk.opening.acknowledge_new_case passes when Priya is back when we open.
    acknowledge_new_case(case, picks_up_at=_day(1, 8), when_we_open=True)
    return _mail_text("Acknowledgement out of hours", "outbox.acknowledgement (picks_up_at, "
                      "when_we_open from desk.opening.acknowledge_new_case)",
                      _mail(case))  # fmt: skip


def reply_frame(world: World) -> CustomerText:
    message = desk_messages.send_reply(world.case, actor=world.agent, body_text=(
        "Hello Ada,\n\nThank you for the photo. The drip comes from the pressure relief "
        "valve; Tom will replace it on his visit."
    ))  # fmt: skip
    return _mail_text("A reply, in its frame and sign-off", "outbox.compose.render_bodies "
                      "(outbox/mail.txt) around desk.messages.send_reply",
                      _mail(world.case, message))  # fmt: skip


def _waiting(world: World, step_days: int) -> CustomerText:
    desk_messages.send_reply(world.case, actor=world.agent, body_text=(
        "Hello Ada,\n\nCould you send us a photo of the label on the side of the boiler? "
        "It has the model number we need to order the right part."
    ))  # fmt: skip
    casework.change_status(world.case, actor=world.agent, status=Status.WAITING_CUSTOMER,
                           waiting_reason="information")  # fmt: skip
    since = timezone.now()
    Case.objects.filter(pk=world.case.pk).update(waiting_since=since)
    for days in [d for d in reminder_days() if d <= step_days]:
        chase_waiting_customers(business_days_after(since, days) + timedelta(minutes=1))
    return _mail(world.case)


def first_reminder(world: World) -> CustomerText:
    mail = _waiting(world, 2)
    return _mail_text("Reminder while we wait for the customer", "promises.chasing "
                      "(promises/waiting_reminder.txt)", mail,
                      asks="a photo of the label")  # fmt: skip


def last_reminder(world: World) -> CustomerText:
    mail = _waiting(world, 5)
    return _mail_text("Last reminder before we call", "promises.chasing "
                      "(promises/waiting_reminder.txt, last step)", mail,
                      asks="a photo of the label")  # fmt: skip


def visit_booked(world: World) -> CustomerText:
    _book(world)
    return _mail_text("Visit booked", "desk.visits.book_visit (field.visits.add_visit)",
                      _mail(world.case))  # fmt: skip


def visit_moved_by_us(world: World) -> CustomerText:
    visit = _book(world)
    slot = ChosenSlot("technician", world.desk.tom.pk, _day(3, 14))
    visits.reschedule_visit(visit, actor=world.agent, slot=slot,
                            reason="Tom is needed at an emergency that morning.")  # fmt: skip
    return _mail_text("Visit moved by the office", "desk.visits.reschedule_visit "
                      "(field.booking._office_moved_text)", _mail(world.case))  # fmt: skip


def visit_reassigned(world: World) -> CustomerText:
    visit = _book(world)
    visits.reassign_visit(visit, actor=world.agent, partner=world.desk.partner)
    return _mail_text("Visit given to someone else", "desk.visits.reassign_visit "
                      "(field.visits.reassign_visit)", _mail(world.case))  # fmt: skip


def visit_cancelled(world: World) -> CustomerText:
    visit = _book(world)
    visits.cancel_visit(visit, actor=world.agent,
                        reason="As you asked on the phone, we will not come this week.")  # fmt: skip
    return _mail_text("Visit cancelled", "desk.visits.cancel_visit (field.visits.cancel_visit)",
                      _mail(world.case))  # fmt: skip


def return_booked(world: World) -> CustomerText:
    booked = _return_booked(world)
    return _mail_text("Return visit booked on the spot (wrong part)", "desk.visits.book_return "
                      "(field.booking._booked_text)", _mail(world.case, booked.message))  # fmt: skip


def part_arrived(world: World) -> CustomerText:
    booked = _return_booked(world)
    part_orders.receive_part(booked.order, actor=world.agent)
    return _mail_text("The part is in: return visit confirmed", "desk.part_orders.receive_part "
                      "(field.booking.confirm_for_part)", _mail(world.case))  # fmt: skip


def part_late(world: World) -> CustomerText:
    booked = _return_booked(world)
    part_orders.change_part_order(
        booked.order, actor=world.agent, expected_arrival=booked.visit.starts_at + timedelta(days=2)
    )
    return _mail_text("The part is late: return visit moved", "desk.part_orders.handle_late_part "
                      "(field.booking._moved_text)", _mail(world.case))  # fmt: skip


def promise_moved(world: World) -> CustomerText:
    promise = make_promise(world.case, actor=world.agent, what="Send you the quote",
                           due_at=_day(1, 17))  # fmt: skip
    renegotiate_promise(promise, actor=world.agent, new_due=_day(3, 12))
    return _mail_text("A promise moved to a new date", "desk.promises.renegotiate_promise "
                      "(promises.actions.draft_renegotiation)", _mail(world.case))  # fmt: skip


def _complaint(world: World) -> Case:
    case = world.case
    Case.objects.filter(pk=case.pk).update(kind=Kind.COMPLAINT)
    case.refresh_from_db()
    recovery_actions.start_recovery(case, actor=world.agent)
    return case


def recovery_options(world: World) -> CustomerText:
    case = _complaint(world)
    desk_recovery.offer_options(case.recovery, actor=world.agent, labels=[
        "A new visit this week at no charge", "A refund of the call-out fee (£65)",
    ])  # fmt: skip
    return _mail_text("Complaint: ways to put it right", "desk.recovery.offer_options "
                      "(recovery/options_message.txt)", _mail(case), complaint=True)  # fmt: skip


def recovery_check(world: World) -> CustomerText:
    case = _complaint(world)
    rec = case.recovery
    desk_recovery.offer_options(rec, actor=world.agent, labels=["A new visit at no charge"])
    recovery_actions.choose_option(rec, option_id=rec.options.get().pk, actor=world.agent,
                                   by_customer=True)  # fmt: skip
    rec.refresh_from_db()
    recovery_actions.follow_through(rec, actor=world.agent, due_at=_day(1, 12))
    kept_at = timezone.now()
    keep_promise(rec.follow_through, actor=world.agent, now=kept_at)
    recovery_actions.send_satisfaction_checks(kept_at + timedelta(days=3))
    return _mail_text("Complaint: are you satisfied?", "recovery.actions.send_satisfaction_checks "
                      "(recovery/satisfaction_message.txt)", _mail(case), complaint=True)  # fmt: skip


def csat_request(world: World) -> CustomerText:
    case = casework.change_status(world.case, actor=world.agent, status=Status.SOLVED)
    ask_customer(case, now=timezone.now() + timedelta(hours=25))
    return _mail_text("Rating request (CSAT)", "satisfaction.sending.ask_customer "
                      "(satisfaction/request.txt; request.html alike)", _mail(case))  # fmt: skip


def csat_request_html(world: World) -> CustomerText:
    csat_request(world)
    mail = _mail(world.case)
    return CustomerText("Rating request (CSAT), as HTML", "satisfaction.sending.ask_customer "
                        "(satisfaction/request.html in outbox/mail.html)",
                        _visible_text(mail.body_html), subject=mail.subject)  # fmt: skip


def status_link(world: World) -> CustomerText:
    status_links.send_status_link(world.case, actor=world.agent)
    return _mail_text("The status-page link, sent again", "desk.status_links.send_status_link",
                      _mail(world.case))  # fmt: skip


def review_reply(world: World) -> CustomerText:
    review, _ = receive_review(ReviewRow(
        platform="google", external_id="g-1", author="Ada Byron", rating=1,
        text="Waited three days for an engineer who never came.", posted_at=None,
        email="ada@example.com",
    ))  # fmt: skip
    case = review.case
    message = desk_messages.send_reply(case, actor=world.agent, body_text=(
        "Hello Ada,\n\nI am sorry we let you down. Tom will come on Thursday at 10:00 to "
        "finish the repair."
    ))  # fmt: skip
    return _mail_text("A reply on a complaint opened from a review", "desk.reviews."
                      "open_complaint, then desk.messages.send_reply",
                      _mail(case, message), complaint=True)  # fmt: skip


# --- pages ---------------------------------------------------------------------------


def contact_page(world: World) -> CustomerText:
    text = _page_text(world.client.get(reverse("contact")))
    return CustomerText("Contact form", "portal.views.contact (portal/contact.html)", text)


def thanks_page(world: World) -> CustomerText:
    response = world.client.post(reverse("contact"), {
        "name": "Ada Byron", "email": "ada@example.com", "subject": "Boiler leaks",
        "message": "Water drips from under the boiler since this morning.",
    })  # fmt: skip
    return CustomerText("Contact form: thank you", "portal.views.contact (portal/thanks.html)",
                        _page_text(response))  # fmt: skip


def thanks_page_held(world: World) -> CustomerText:
    response = world.client.post(reverse("contact"), {
        "name": "Ada Byron", "email": "ada@example.com", "subject": "Boiler leaks",
        "message": "Water drips from under the boiler.", "website": "http://ada.example.com",
    })  # fmt: skip
    return CustomerText("Contact form: thank you, when the hidden anti-spam field was filled",
                        "portal.views.contact (portal/thanks.html, nothing stored)",
                        _page_text(response))  # fmt: skip


def status_page_visit(world: World) -> CustomerText:
    _book(world)
    text = _page_text(world.client.get(status_path(world.case)))
    return CustomerText("Status page, a visit booked", "portal.views.status_page "
                        "(portal/status.html, portal.status)", text)  # fmt: skip


def status_page_waiting(world: World) -> CustomerText:
    _waiting(world, 0)
    text = _page_text(world.client.get(status_path(world.case)))
    return CustomerText("Status page, waiting for the customer", "portal.views.status_page "
                        "(portal.status.customer_status)", text,
                        asks="a photo of the label")  # fmt: skip


def status_page_options(world: World) -> CustomerText:
    case = _complaint(world)
    desk_recovery.offer_options(case.recovery, actor=world.agent,
                                labels=["A new visit this week at no charge"])  # fmt: skip
    text = _page_text(world.client.get(status_path(case)))
    return CustomerText("Status page, a complaint's options to choose from",
                        "portal.views.status_page (recovery/_status_block.html)", text)  # fmt: skip


def status_link_gone(world: World) -> CustomerText:
    path = status_path(world.case)
    status_links.revoke_status_link(world.case, actor=world.agent)
    response = world.client.get(path)
    assert response.status_code == 404
    return CustomerText("Status page, a link no longer valid", "portal.views.not_found "
                        "(portal/link_gone.html)", _visible_text(response.content.decode()))  # fmt: skip


def option_chosen_page(world: World) -> CustomerText:
    case = _complaint(world)
    desk_recovery.offer_options(case.recovery, actor=world.agent,
                                labels=["A new visit this week at no charge"])  # fmt: skip
    path = status_path(case)
    token = path.strip("/").split("/")[-1]
    response = world.client.post(reverse("recovery_customer", args=[token, "choose"]),
                                 {"option": case.recovery.options.get().pk}, follow=True)  # fmt: skip
    return CustomerText("Status page, after choosing an option", "recovery.views.customer.answer "
                        "(its thank-you note on portal/status.html)", _page_text(response))  # fmt: skip


def visit_times_offered(world: World) -> CustomerText:
    visit_choice.offer_visit_slots(world.case, actor=world.agent, skill=world.desk.boilers)
    return _mail_text("A visit is needed: choose the time", "desk.visit_choice.offer_visit_slots "
                      "(field.choosing)", _mail(world.case))  # fmt: skip


def status_page_choose_visit(world: World) -> CustomerText:
    visit_choice.offer_visit_slots(world.case, actor=world.agent, skill=world.desk.boilers)
    text = _page_text(world.client.get(status_path(world.case)))
    return CustomerText("Status page, choosing the visit's time", "portal.views.status_page "
                        "(portal/_visit_choice.html, portal.status.visit_choice)", text)  # fmt: skip


def visit_moved_by_customer(world: World) -> CustomerText:
    visit = _book(world)
    slot = ChosenSlot("technician", world.desk.tom.pk, visit.starts_at + timedelta(days=1))
    visits.reschedule_visit(visit, actor=None, slot=slot, by_customer=True)
    return _mail_text("Visit moved by the customer on their page", "desk.visit_choice.choose_visit_slot "
                      "(desk.visits.reschedule_visit, by_customer)", _mail(world.case))  # fmt: skip


def visit_reminder(world: World) -> CustomerText:
    visit = _book(world)
    day_before = timezone.localtime(visit.starts_at - timedelta(days=1)).replace(hour=10)
    visit_day.send_visit_reminders(now=day_before)
    return _mail_text("Reminder the day before the visit", "desk.visit_day.send_visit_reminders "
                      "(field.visit_day.reminder_text)", _mail(world.case))  # fmt: skip


def _today(world: World):
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=5)
    if timezone.localdate(start) != timezone.localdate():  # still today, near midnight
        start -= timedelta(minutes=5)
    return make_visit(world.case, technician=world.desk.tom, starts_at=start)


def on_my_way(world: World) -> CustomerText:
    visit_day.set_off_to_visit(_today(world), actor=world.desk.tom, eta_minutes=20)
    return _mail_text("The technician is on the way", "desk.visit_day.set_off_to_visit "
                      "(field.visit_day.set_off)", _mail(world.case))  # fmt: skip


def running_late(world: World) -> CustomerText:
    visit_day.report_running_late(_today(world), actor=world.desk.tom, minutes=30)
    return _mail_text("The technician is running late", "desk.visit_day.report_running_late "
                      "(field.visit_day.run_late)", _mail(world.case))  # fmt: skip


def rating_answered_page(world: World) -> CustomerText:
    case = casework.change_status(world.case, actor=world.agent, status=Status.SOLVED)
    response = world.client.get(rating_path(case, Rating.GOOD), follow=True)
    return CustomerText("Rating given: thank you", "satisfaction.views "
                        "(satisfaction/answered.html)", _page_text(response))  # fmt: skip


def rating_not_good_page(world: World) -> CustomerText:
    case = casework.change_status(world.case, actor=world.agent, status=Status.SOLVED)
    response = world.client.get(rating_path(case, Rating.BAD), follow=True)
    return CustomerText("Rated “Not good” from the mail: sorry, and the case is open again",
                        "satisfaction.views (satisfaction/answered.html, "
                        "desk.satisfaction.answer_case)", _page_text(response))  # fmt: skip


def rating_not_good_status_page(world: World) -> CustomerText:
    case = casework.change_status(world.case, actor=world.agent, status=Status.SOLVED)
    response = world.client.post(
        reverse("satisfaction_answer", args=[status_token(case)]),
        {"rating": Rating.BAD, "comment": "It drips again."},
        follow=True,
    )
    return CustomerText("Rated “Not good” on the status page", "satisfaction.views.answer "
                        "(desk.satisfaction.answer_case, portal.views.status_page)",
                        _page_text(response))  # fmt: skip


# --- All my requests (signed in by a mailed link) -----------------------------------


def sign_in_page(world: World) -> CustomerText:
    text = _page_text(world.client.get(reverse("my_sign_in")))
    return CustomerText("All my requests: asking for a sign-in link",
                        "portal.views.mine.sign_in (portal/sign_in.html)", text)  # fmt: skip


def sign_in_sent_page(world: World) -> CustomerText:
    response = world.client.post(reverse("my_sign_in"), {"email": "ada@example.com"})
    return CustomerText("All my requests: the link is on its way (known address or not)",
                        "portal.views.mine.sign_in (portal/sign_in_sent.html)",
                        _page_text(response))  # fmt: skip


def sign_in_link_mail(world: World) -> CustomerText:
    link = SignInLink.objects.create(email="ada@example.com", ip_address="203.0.113.7",
                                     sent=True)  # fmt: skip
    subject, body = sign_in_mail(link)
    return CustomerText("All my requests: the sign-in link", "portal.tasks.send_sign_in_link",
                        body, subject=subject)  # fmt: skip


def sign_in_link_used(world: World) -> CustomerText:
    link = SignInLink.objects.create(email="ada@example.com", ip_address="203.0.113.7",
                                     sent=True, used_at=timezone.now())  # fmt: skip
    response = world.client.get(reverse("my_sign_in_link", args=[token_for(link)]))
    assert response.status_code == 410
    return CustomerText("All my requests: a sign-in link used or run out",
                        "portal.views.mine.sign_in_link (portal/sign_in.html)",
                        _visible_text(response.content.decode()))  # fmt: skip


def all_my_requests_page(world: World) -> CustomerText:
    _book(world)
    make_promise(world.case, actor=world.agent, what="Send you the quote for the new valve",
                 due_at=_day(4, 12))  # fmt: skip
    link = SignInLink.objects.create(email="ada@example.com", ip_address="203.0.113.7",
                                     sent=True)  # fmt: skip
    world.client.post(reverse("my_sign_in_link", args=[token_for(link)]))
    text = _page_text(world.client.get(reverse("my_requests")))
    return CustomerText("All my requests", "portal.views.mine.my_requests "
                        "(portal/my_requests.html, portal.my_requests)", text)  # fmt: skip


TEXTS: list[Callable[[World], CustomerText]] = [
    acknowledgement, acknowledgement_out_of_hours, reply_frame, first_reminder,
    last_reminder, visit_booked, visit_moved_by_us, visit_reassigned, visit_cancelled,
    return_booked, part_arrived, part_late, promise_moved, recovery_options,
    recovery_check, csat_request, csat_request_html, status_link, review_reply,
    contact_page, thanks_page, thanks_page_held, status_page_visit, status_page_waiting,
    status_page_options, option_chosen_page, status_link_gone, rating_answered_page,
    rating_not_good_page, rating_not_good_status_page,
    visit_times_offered, status_page_choose_visit, visit_moved_by_customer, visit_reminder,
    on_my_way, running_late, sign_in_page, sign_in_sent_page, sign_in_link_mail,
    sign_in_link_used, all_my_requests_page,
]  # fmt: skip


@pytest.fixture(scope="module")
def rendered():
    """Every text rendered in this module; written to the doc when asked (DOC_ENV)."""
    texts: dict[str, CustomerText] = {}
    yield texts
    target = os.environ.get(DOC_ENV)
    if target and len(texts) == len(TEXTS):
        Path(target).write_text(
            customer_texts_doc([(f.__name__, texts[f.__name__]) for f in TEXTS])
        )


def _findings(text: CustomerText) -> list[str]:
    return [f"{f.category}: {f.text!r}" for f in check_draft(text.body, complaint=text.complaint)]


@pytest.mark.parametrize("build", TEXTS, ids=[f.__name__ for f in TEXTS])
def test_every_customer_text_passes_the_reply_check(build, world, rendered):
    text = build(world)
    rendered[build.__name__] = text

    assert text.body.strip()
    assert _findings(text) == []
    assert "our customer service team" not in text.body.lower()  # a person, when one is known
    assert "inbox" not in text.body.lower()  # the staff's pages are not the customer's
    assert not INTERNAL_LABEL.search(text.body), INTERNAL_LABEL.search(text.body)
    if text.html:  # the HTML part says the same, in words that pass the same check
        assert text.html.split("\n")[0] == text.body.split("\n")[0]
        assert check_draft(text.html, complaint=text.complaint) == []
    if text.subject:
        assert not INTERNAL_SUBJECT.search(text.subject), text.subject
        # The words before the [RT-...] reference are the customer's own subject: quoted,
        # as the check reads a customer's words quoted in a reply (they are not ours).
        ours = re.sub(r"^(.+?)( \[RT-\d+\])", r'"\1"\2', text.subject)
        assert check_draft(ours) == [], ours
    if text.asks:
        # What we need, and by when: a day or a time in the same text.
        assert text.asks in text.body
        assert DATED.search(text.body), text.body


def test_subjects_are_the_customers_own_words_or_written_to_them(world):
    """The mail on a case carries the case's subject: the customer's, or, for a case the
    desk opened by itself (a review), one written to the customer."""
    review_reply(world)
    acknowledgement(world)
    subjects = set(OutboundMail.objects.values_list("subject", flat=True))

    assert {re.sub(r" \[.*\]$", "", s) for s in subjects} == {
        "Your 1★ review on Google", "Boiler leaks",
    }  # fmt: skip


@pytest.mark.skipif(bool(os.environ.get(DOC_ENV)), reason="this run writes the doc")
def test_the_customer_texts_doc_lists_every_text():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "customer-texts.md").read_text()

    listed = re.findall(r"^Rendered by `test_[a-z_]+\[(\w+)\]`", doc, re.MULTILINE)

    assert listed == [f.__name__ for f in TEXTS], f"out of date: regenerate it with {DOC_ENV}"


def customer_texts_doc(keyed: list[tuple[str, CustomerText]]) -> str:
    lines = [
        "# What a customer reads",
        "",
        "Every mail and page a customer can receive from Rightthere, each with one example",
        "rendered through the code that sends it, with realistic data (Ada Byron's leaking",
        "boiler; Priya in the office, Tom the technician). Each one passes the reply check",
        "agents' replies get (no vague dates, no “no problem”, no blame, no work handed to",
        "the customer) with no findings; subjects carry the customer's own words; a text",
        "that asks something says what and by when.",
        "",
        "Generated by `tests/outbox/test_customer_texts.py`; to refresh it:",
        "",
        "    RIGHTTHERE_CUSTOMER_TEXTS_DOC=docs/customer-texts.md \\",
        "        .venv/bin/pytest -q tests/outbox/test_customer_texts.py -p no:cacheprovider",
        "",
        "Dates in the examples are relative to when it was generated. Addresses and links",
        "are the test's.",
        "",
        "## Contents",
        "",
        *[f"{i}. {t.name}" for i, (_, t) in enumerate(keyed, 1)],
    ]
    for key, text in keyed:
        lines += ["", f"## {text.name}", "", f"Sent or shown by `{text.sent_by}`."]
        lines.append(f"Rendered by `test_every_customer_text_passes_the_reply_check[{key}]`.")
        if text.asks:
            lines.append("Asks something of the customer: says what, and by when.")
        if text.subject:
            lines += ["", f"Subject: **{text.subject}**"]
        lines += ["", "```text", text.body.strip(), "```"]
    return "\n".join(lines) + "\n"

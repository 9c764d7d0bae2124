"""What the desk writes down for its staff is in the business's language (issue #21 item 5):
the timeline's texts are written when the event is recorded, in the language active then,
and every request (`BusinessLocale`) and every task the worker runs (`rightthere worker`)
runs in the business's language. So for a business that works in German, booking a visit
and "On my way" read German on the case page, a text the provider refused and a mail that
bounced are noted in German, and a notification mail the worker sends is German; for a
business that works in English the same events read as before."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

# The `rightthere worker` command's receivers: each task runs in the business's language.
import rightthere.jobs.management.commands.worker  # noqa: F401
from rightthere.accounts.business_locale import in_business_locale
from rightthere.accounts.profile import update_business_profile
from rightthere.cases.models import CaseEvent, Direction, EventKind
from rightthere.desk import messages as desk_messages
from rightthere.field.models import Visit
from rightthere.notifications.models import Notification
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from rightthere.sms.models import SmsMessage, SmsStatus
from tests.factories import OwnerFactory, make_case
from tests.field.conftest import desk, make_visit  # noqa: F401 - shared fixture
from tests.field.test_book_from_case_page import _first_slot, _slots
from tests.outbox.test_providers import (  # noqa: F401 - shared fixtures
    mailgun,
    mailgun_failed_event,
    post_tracking,
    provider_api,
    reply_on_a_case,
)
from tests.sms.conftest import provider  # noqa: F401 - shared fixture

pytestmark = pytest.mark.django_db

ADA = "+447700900123"

GERMAN = {
    "with": "mit",
    "on the way": "Unterwegs, vor Ort gegen",
    "sms refused": f"SMS an {ADA} nicht gesendet: ",
    "bounced event": "unzustellbar zurückgekommen: ",
    "bounce note": "kam unzustellbar zurück",
    "mail footer": "Sie erhalten dies wegen Ihrer Benachrichtigungseinstellungen",
    "replied": "geantwortet",
}
ENGLISH = {
    "with": "with",
    "on the way": "On the way, there at about",
    "sms refused": f"SMS to {ADA} not sent: ",
    "bounced event": "bounced: ",
    "bounce note": "bounced: ",
    "mail footer": "You get this because of your notification settings",
    "replied": "replied on",
}


@pytest.fixture(params=["de", "en-gb"])
def words(request, db):
    """The business works in German (then in English): the words expected of each."""
    update_business_profile(OwnerFactory(username="olga"), language=request.param)
    return GERMAN if request.param == "de" else ENGLISH


@pytest.fixture
def language(words):
    return "de" if words is GERMAN else "en-gb"


def _when(value, language):
    with translation.override(language):
        return date_format(timezone.localtime(value), "D d M H:i")


def test_booking_a_visit_and_on_my_way_read_in_the_business_language_on_the_case_page(
    words,
    language,
    desk,  # noqa: F811
    client,
    owner,
    eleven_today,
):
    desk.tom.first_name = "Tom"
    desk.tom.save(update_fields=["first_name"])
    client.force_login(owner)
    doer, starts_at = _first_slot(_slots(client, desk.case).content.decode())
    booked = client.post(reverse("field_book_visit", args=[desk.case.pk]),
                         {"doer": doer, "starts_at": starts_at, "duration": "60",
                          "suggested": "1"})  # fmt: skip
    assert booked.status_code == 302
    visit = Visit.objects.get(case=desk.case)
    soon = make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                      starts_at=timezone.now() + timezone.timedelta(minutes=40))  # fmt: skip
    client.force_login(desk.tom)
    set_off = client.post(reverse("field_visit_on_my_way", args=[soon.pk]),
                          {"eta_minutes": "20", "back": "day"})  # fmt: skip
    assert set_off.status_code == 302

    client.force_login(owner)
    page = client.get(reverse("case_detail", args=[desk.case.pk])).content.decode()

    booked_text = f"{_when(visit.starts_at, language)} {words['with']} {visit.doer_name}"
    assert CaseEvent.objects.get(case=desk.case, field="booked").after == booked_text
    assert booked_text in page
    assert words["on the way"] in page
    assert (GERMAN if words is ENGLISH else ENGLISH)["on the way"] not in page


def test_a_text_the_provider_refused_is_noted_in_the_business_language(
    words,
    desk,  # noqa: F811
    client,
    provider,  # noqa: F811
    run_tasks,
    eleven_today,
):
    contact = desk.case.contact
    contact.phone = ADA
    contact.save(update_fields=["phone"])
    soon = make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                      starts_at=timezone.now() + timezone.timedelta(minutes=40))  # fmt: skip
    provider.fail_next = [(400, {"code": 21610, "message": "Attempt to send to unsubscribed "
                                 "recipient", "status": 400})]  # fmt: skip
    client.force_login(desk.tom)
    client.post(reverse("field_visit_on_my_way", args=[soon.pk]), {"eta_minutes": "20"})

    run_tasks()  # as the worker runs it, in the business's language

    assert SmsMessage.objects.get().status == SmsStatus.FAILED
    event = CaseEvent.objects.get(case=desk.case, kind=EventKind.DELIVERY, field="sms")
    assert event.after.startswith(words["sms refused"]), event.after


def test_a_bounce_is_noted_in_the_business_language(words, mailgun, agent, run_tasks):  # noqa: F811
    case = reply_on_a_case(agent)
    run_tasks()
    mail = OutboundMail.objects.get(case=case)
    event = mailgun_failed_event("20261206094500.1.ABCDEF@rightthere.test", mail.to_address)

    assert post_tracking(event).status_code == 200  # the provider's webhook, a request

    event = CaseEvent.objects.get(case=case, kind=EventKind.DELIVERY)
    assert event.after.startswith(words["bounced event"]), event.after
    note = case.messages.get(direction=Direction.NOTE)
    assert words["bounce note"] in note.body_text


def test_the_worker_mails_a_notification_in_the_business_language(
    words, agent, run_tasks, mailoutbox
):
    case = make_case(assignee=agent)
    with in_business_locale():  # as mail intake takes the reply in, in the worker
        desk_messages.add_customer_message(case, actor=None, body_text="Friday works.")

    run_tasks()  # the worker mails it

    [mail] = mailoutbox
    assert words["replied"] in mail.subject
    assert words["mail footer"] in mail.body


def test_a_customer_who_writes_on_their_status_page_in_another_language_changes_nothing_for_staff(
    words, agent, client
):
    """The status page speaks the customer's language; what it writes down for the staff
    (the assignee's notification) is still in the business's."""
    case = make_case(assignee=agent)
    customer = case.customer
    customer.language = "en-gb" if words is GERMAN else "de"
    customer.save(update_fields=["language"])
    token = status_path(case).strip("/").split("/")[1]

    assert (
        client.post(reverse("status_reply", args=[token]), {"text": "Friday?"}).status_code == 302
    )

    assert words["replied"] in Notification.objects.get(recipient=agent).text

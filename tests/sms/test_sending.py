"""Texts to customers (issue #21 item 3): the visit-day notices go out by SMS too, through
the worker, to the provider's Messages API; the provider's delivery report is kept and
shown with the message on the case; STOP is respected; a 5xx is tried again.

The provider itself is out of reach here: every test runs the real client code
(`rightthere.sms.backends.twilio`) against a local HTTP server that implements the
provider's documented request and answer (tests/sms/provider.py)."""

import base64
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import CaseEvent, EventKind
from rightthere.desk import visit_day
from rightthere.sms import sending
from rightthere.sms.models import OptOut, SmsKind, SmsMessage, SmsStatus
from rightthere.sms.signatures import HEADER, sign
from tests.field.conftest import desk, make_visit  # noqa: F401 - shared fixture
from tests.sms.conftest import FROM

pytestmark = pytest.mark.django_db

ADA = "+447700900123"


@pytest.fixture
def ada_today(desk, monkeypatch):  # noqa: F811
    """Ada's visit 40 minutes from now, on a clock that reads 11:00 today and ticks on:
    "today", "on my way" and "running late" then never cross midnight, whenever the
    suite runs (at 23:50 running late moved the window into tomorrow: "am Montag")."""
    desk.tom.first_name = "Tom"
    desk.tom.save(update_fields=["first_name"])
    contact = desk.case.contact
    contact.phone = ADA
    contact.save(update_fields=["phone"])
    real_now = timezone.now
    started = real_now()
    eleven = timezone.make_aware(datetime.combine(timezone.localdate(), time(11, 0)))
    monkeypatch.setattr(timezone, "now", lambda: eleven + (real_now() - started))
    start = eleven + timedelta(minutes=40)
    return make_visit(desk.case, technician=desk.tom, starts_at=start, skill=desk.boilers)


def _signed_post(client, path, fields, token, url=None):
    url = url or f"http://testserver{path}"
    return client.post(path, fields, **{f"HTTP_{HEADER.upper().replace('-', '_')}":
                                        sign(url, fields.items(), token)})  # fmt: skip


def test_on_my_way_is_texted_through_the_worker_as_the_provider_documents(
    provider, ada_today, run_tasks
):
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=30)

    sms = SmsMessage.objects.get(case=ada_today.case)
    assert (sms.kind, sms.status, sms.to_number) == (SmsKind.ON_MY_WAY, SmsStatus.QUEUED, ADA)
    assert provider.requests == []  # nothing sent inside the technician's request

    run_tasks()

    [request] = provider.requests
    assert request["path"] == f"/2010-04-01/Accounts/{provider.account_sid}/Messages.json"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    user, token = base64.b64decode(request["auth"].removeprefix("Basic ")).decode().split(":")
    assert (user, token) == (provider.account_sid, provider.token)
    fields = request["fields"]
    assert (fields["To"], fields["From"]) == (ADA, FROM)
    assert fields["Body"].startswith("Customer service: Tom is on the way to you now")
    assert "Reply STOP" in fields["Body"]
    assert fields["StatusCallback"] == "http://127.0.0.1:8000/sms/status/"
    sms.refresh_from_db()
    assert sms.status == SmsStatus.ACCEPTED
    assert sms.provider_id == provider.messages[0]["sid"] and sms.attempts == 1
    assert sms.message.body_text.startswith("Hello Ada")  # the mail's message carries it


def test_running_late_and_the_reminder_are_texted_too(provider, ada_today, run_tasks, desk):  # noqa: F811
    visit_day.report_running_late(ada_today, actor=ada_today.technician, minutes=15)
    tomorrow = make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                          starts_at=(timezone.localtime() + timedelta(days=1)).replace(
                              hour=10, minute=0, second=0, microsecond=0))  # fmt: skip
    morning = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    visit_day.send_visit_reminders(now=morning)
    run_tasks()

    bodies = [m["body"] for m in provider.messages]
    assert any("running about 15 minutes late" in b for b in bodies)
    assert any("a reminder of your visit tomorrow" in b and "10:00 and 11:00" in b
               for b in bodies)  # fmt: skip
    assert set(SmsMessage.objects.values_list("kind", flat=True)) == {
        SmsKind.RUNNING_LATE,
        SmsKind.VISIT_REMINDER,
    }
    assert tomorrow.pk


def test_a_text_is_sent_once_whatever_the_worker_does(provider, ada_today, run_tasks):
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    sms = SmsMessage.objects.get()
    run_tasks()
    assert sending.deliver(sms.pk) == "skipped"
    sending.deliver_sms.enqueue(sms.pk)
    run_tasks()
    assert len(provider.messages) == 1


def test_a_5xx_is_tried_again_and_then_sent(provider, ada_today, run_tasks, monkeypatch):
    provider.fail_next = [(503, {"code": 20503, "message": "Service unavailable", "status": 503})]
    monkeypatch.setattr(sending, "RETRY_DELAYS", [timedelta(0)] * 3)
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)

    run_tasks()

    sms = SmsMessage.objects.get()
    assert (sms.status, sms.attempts) == (SmsStatus.ACCEPTED, 2)
    assert len(provider.messages) == 1 and len(provider.requests) == 2


def test_too_many_5xx_fail_on_the_timeline(provider, ada_today, run_tasks, monkeypatch):
    provider.fail_next = [(500, {"code": 20500, "message": "Internal error"})] * 4
    monkeypatch.setattr(sending, "RETRY_DELAYS", [timedelta(0)] * 3)
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)

    run_tasks()

    sms = SmsMessage.objects.get()
    assert (sms.status, sms.attempts) == (SmsStatus.FAILED, 4)
    event = CaseEvent.objects.get(case=ada_today.case, kind=EventKind.DELIVERY, field="sms")
    assert "not sent after 4 attempts" in event.after and "500 Internal error" in event.after


def test_a_refusal_fails_at_once_with_the_providers_reason(provider, ada_today, run_tasks):
    provider.fail_next = [(400, {"code": 21610, "message": "Attempt to send to unsubscribed "
                                 "recipient", "status": 400})]  # fmt: skip
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    run_tasks()

    sms = SmsMessage.objects.get()
    assert (sms.status, sms.attempts) == (SmsStatus.FAILED, 1)
    assert "unsubscribed recipient (code 21610)" in sms.last_error


def test_wrong_credentials_are_said_plainly(provider, ada_today, run_tasks, settings):
    settings.SMS_AUTH_TOKEN = "wrong"
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    run_tasks()
    assert (
        SmsMessage.objects.get().last_error
        == "The provider refused it: 401 Authenticate (code 20003)"
    )


def test_no_provider_answering_is_tried_again(provider, ada_today, run_tasks, settings):
    settings.SMS_API_URL = "http://127.0.0.1:9"  # nothing listens there
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    run_tasks()
    sms = SmsMessage.objects.get()
    assert (
        sms.status == SmsStatus.RETRYING and "No answer from http://127.0.0.1:9" in sms.last_error
    )


def test_the_delivery_report_is_kept_and_shown_with_the_message(
    provider, ada_today, run_tasks, client, agent
):
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=30)
    run_tasks()
    sid = provider.messages[0]["sid"]
    path = reverse("sms_status_callback")

    for status in ("sent", "delivered", "sent"):  # a late "sent" does not undo "delivered"
        answer = _signed_post(client, path, {"MessageSid": sid, "MessageStatus": status,
                                             "AccountSid": provider.account_sid}, provider.token)  # fmt: skip
        assert answer.status_code == 204

    sms = SmsMessage.objects.get()
    assert sms.status == SmsStatus.DELIVERED
    client.force_login(agent)
    page = client.get(reverse("case_detail", args=[ada_today.case.pk])).content.decode()
    assert f"SMS to {ADA}: <b>Delivered</b>" in page
    assert "is on the way to you now" in page


def test_an_undelivered_report_is_on_the_timeline(provider, ada_today, run_tasks, client):
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=30)
    run_tasks()
    sid = provider.messages[0]["sid"]
    _signed_post(client, reverse("sms_status_callback"),
                 {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30003"},
                 provider.token)  # fmt: skip
    event = CaseEvent.objects.get(case=ada_today.case, field="sms")
    assert event.after == f"SMS to {ADA} not delivered (error 30003)"


@pytest.mark.parametrize("signature", ["", "bm90IGl0"])
def test_an_unsigned_or_forged_callback_is_refused(provider, ada_today, client, signature):
    fields = {"From": ADA, "Body": "STOP"}
    answer = client.post(reverse("sms_inbound"), fields,
                         **({f"HTTP_{HEADER.upper().replace('-', '_')}": signature}
                            if signature else {}))  # fmt: skip
    assert answer.status_code == 403
    assert not OptOut.objects.exists()


def test_a_callback_signed_with_another_token_is_refused(provider, client):
    answer = _signed_post(client, reverse("sms_inbound"), {"From": ADA, "Body": "STOP"}, "other")
    assert answer.status_code == 403


def test_callbacks_are_not_found_while_sms_is_off(client):
    assert client.post(reverse("sms_inbound"), {"From": ADA, "Body": "STOP"}).status_code == 404


def test_stop_opts_the_number_out_and_start_back_in(provider, ada_today, run_tasks, client):
    inbound = reverse("sms_inbound")
    # The customer writes the number as her phone shows it; it is the same number.
    answer = _signed_post(client, inbound, {"From": "+44 7700 900123", "Body": " stop ",
                                            "To": FROM, "MessageSid": "SMin1"}, provider.token)  # fmt: skip
    assert answer.status_code == 200 and answer["Content-Type"] == "text/xml"
    assert list(OptOut.objects.values_list("number", flat=True)) == [ADA]

    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    run_tasks()
    assert provider.messages == []
    assert SmsMessage.objects.get().status == SmsStatus.OPTED_OUT  # the case shows why

    _signed_post(client, inbound, {"From": ADA, "Body": "START"}, provider.token)
    assert not OptOut.objects.exists()
    visit_day.report_running_late(ada_today, actor=ada_today.technician, minutes=15)
    run_tasks()
    assert len(provider.messages) == 1


def test_stop_after_queueing_stops_the_text(provider, ada_today, run_tasks, client):
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    sending.receive_text(from_raw=ADA, body="UNSUBSCRIBE")
    run_tasks()
    assert provider.messages == [] and SmsMessage.objects.get().status == SmsStatus.OPTED_OUT


def test_other_texts_change_nothing(provider, client):
    _signed_post(client, reverse("sms_inbound"), {"From": ADA, "Body": "Stop by at 3?"},
                 provider.token)  # fmt: skip
    _signed_post(client, reverse("sms_inbound"), {"From": ADA, "Body": "thanks"}, provider.token)
    assert sending.keyword("Stop by at 3?") == "STOP"  # the first word counts, as providers do
    assert OptOut.objects.count() == 1
    assert sending.keyword("thanks") == ""


def test_nothing_is_texted_while_sms_is_off(ada_today, run_tasks):
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    run_tasks()
    assert not SmsMessage.objects.exists()


def test_a_contact_without_a_mobile_number_gets_mail_only(provider, ada_today, run_tasks):
    ada_today.case.contact.phone = "+441174960000"  # a landline
    ada_today.case.contact.save(update_fields=["phone"])
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    assert not SmsMessage.objects.exists()


def test_the_console_and_file_backends_for_development(ada_today, run_tasks, settings, tmp_path,
                                                      capsys):  # fmt: skip
    settings.SMS_BACKEND = "rightthere.sms.backends.console.ConsoleBackend"
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    run_tasks()
    out = capsys.readouterr().out
    assert f"To: {ADA}" in out and "is on the way to you now" in out
    assert SmsMessage.objects.get().status == SmsStatus.SENT

    settings.SMS_BACKEND = "rightthere.sms.backends.file.FileBackend"
    settings.SMS_FILE_PATH = tmp_path
    visit_day.report_running_late(ada_today, actor=ada_today.technician, minutes=30)
    run_tasks()
    [written] = tmp_path.iterdir()
    assert "running about 30 minutes late" in written.read_text()


def test_a_german_speaking_customer_gets_german_texts(provider, ada_today, run_tasks):
    customer = ada_today.case.customer
    customer.language = "de"
    customer.save(update_fields=["language"])
    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=30)
    visit_day.report_running_late(ada_today, actor=ada_today.technician, minutes=15)
    run_tasks()
    on_way, late = (m["body"] for m in provider.messages)
    assert "Tom ist jetzt auf dem Weg zu Ihnen und sollte gegen" in on_way
    assert "verspätet sich um etwa 15 Minuten" in late and "heute zwischen" in late
    assert "Reply STOP" not in on_way + late and "Antworten Sie STOP" in on_way


def test_the_sweep_requeues_a_lost_text_and_never_sends_a_stalled_one_twice(
    provider, ada_today, run_tasks
):
    from django_tasks_db.models import DBTaskResult

    visit_day.set_off_to_visit(ada_today, actor=ada_today.technician, eta_minutes=10)
    visit_day.report_running_late(ada_today, actor=ada_today.technician, minutes=15)
    lost, stalled = SmsMessage.objects.order_by("pk")
    DBTaskResult.objects.all().delete()  # both tasks lost
    later = timezone.now() + sending.STALLED_AFTER + timedelta(minutes=1)
    SmsMessage.objects.filter(pk=stalled.pk).update(status=SmsStatus.SENDING,
                                                    status_at=timezone.now())  # fmt: skip

    assert sending.sweep(now=later) == {"sms_requeued": 1, "sms_stalled": 1}
    run_tasks()

    assert [m["body"] for m in provider.messages] == [lost.body]
    stalled.refresh_from_db()
    assert stalled.status == SmsStatus.FAILED and "not sent again" in stalled.last_error
    assert CaseEvent.objects.filter(case=ada_today.case, field="sms",
                                    after__contains="perhaps not sent").count() == 1  # fmt: skip
    assert sending.sweep(now=later) == {"sms_requeued": 0, "sms_stalled": 0}

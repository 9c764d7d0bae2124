"""The case page's timeline (written by the `timeline_list` tag, #23) shows what the
template did: every kind of event and message part, escaped, in the desk's language."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse

from rightthere.accounts.profile import update_business_profile
from rightthere.cases import actions
from rightthere.cases.events import record_event
from rightthere.cases.models import Message
from rightthere.desk import messages as desk_messages
from rightthere.mail.models import InboundMail
from rightthere.outbox.models import OutboundMail
from rightthere.sms.models import SmsMessage
from tests.factories import ContactFactory, OwnerFactory, make_case

pytestmark = pytest.mark.django_db

AT = datetime(2026, 12, 4, 15, 17, 9, tzinfo=UTC)

EVENTS = [
    ("checklist", "added", "", "Descale <valve>", "added the step <b>Descale &lt;valve&gt;</b>\n\n"),
    ("checklist", "renamed", "Old", "New", "reworded the step <b>Old</b> to <b>New</b>\n\n"),
    ("automation", "refused", "Night<1>", "no & person", "· rule <b>Night&lt;1&gt;</b> no &amp; person\n"),
    ("automation", "fired", "Rule2", "set x", "· rule <b>Rule2</b> fired: set x\n"),
    ("promise", "", "", "send <quote>", "· promise: <b>send &lt;quote&gt;</b>\n"),
    ("status_link", "", "", "sent", "· customer&#x27;s status link: <b>sent</b>\n"),
    ("visit", "cancelled", "Mon 1 Jan", "ill <x>", "cancelled the visit on <b>Mon 1 Jan</b>: ill &lt;x&gt;\n"),
    ("visit", "booked", "", "Tue", "set visit to <b>Tue</b>\n"),
    ("due", "first_response_due", "a", "b", "changed due time (firstresponse) from <b>a</b> to <b>b</b>\n"),
    ("status", "status", "Open", "Solved", "changed status from <b>Open</b> to <b>Solved</b>\n"),
    ("team", "team", "Heat<ing> 5%", "", "cleared team (was <b>Heat&lt;ing&gt; 5%</b>)</span>"),
]  # fmt: skip


@pytest.fixture
def case_with_everything(agent):
    owner = OwnerFactory(first_name="Olga <b>", last_name="&Co")
    case = make_case(subject="Boiler")
    contact = ContactFactory(customer=case.customer, name="Jana <x>")
    desk_messages.add_message(case, actor=None, author_contact=contact, direction="inbound",
                              body_text="Hello <there>", at=AT,
                              attachments=[actions.NewAttachment("g<a>.jpg", b"jpeg" * 500)])  # fmt: skip
    desk_messages.add_message(case, actor=owner, direction="outbound", body_text="Reply",
                              at=AT + timedelta(hours=1))  # fmt: skip
    inbound = Message.objects.get(case=case, direction="inbound", body_text="Hello <there>")
    reply = Message.objects.get(case=case, direction="outbound", body_text="Reply")
    OutboundMail.objects.filter(message=reply).update(
        status="failed", last_error="550 <bad>", sent_at=AT
    )
    SmsMessage.objects.create(case=case, message=inbound, kind="on_my_way", to_number="+4912345",
                              body="On <my> way", status="delivered", status_at=AT,
                              last_error="x&y")  # fmt: skip
    InboundMail.objects.create(raw=b"x", raw_sha256="a" * 64, source="imap", sender="a@evil.example",
                               sender_check="failed", sender_check_detail="SPF failed",
                               case=case, case_message=inbound)  # fmt: skip
    for i, (kind, field, before, after, _) in enumerate(EVENTS):
        record_event(case, owner, kind, field=field, before=before, after=after,
                     at=AT + timedelta(hours=2, minutes=i))  # fmt: skip
    return case, inbound, reply


def test_each_message_part_reads_as_the_template_wrote_it(case_with_everything, agent, as_user):
    case, inbound, reply = case_with_everything

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    attachment = inbound.attachments.get()
    assert (
        f'<li class="msg msg-inbound" id="message-{inbound.pk}">\n'
        '          <div class="msg-head">\n'
        "            <strong>Jana &lt;x&gt;</strong>\n"
        '            <span class="msg-kind">From the customer</span>\n'
        '            <time datetime="2026-12-04T15:17:09+00:00">Fri 4 Dec 2026, 15:17</time>\n'
        "          </div>\n"
        '          <p class="msg-sender-warning" role="note"><strong>Sender not confirmed.</strong> '
        "The receiving mail server could not confirm this mail came from evil.example "
        "(SPF failed): be careful before acting on it, e.g. changing bank details.</p>\n"
        '          <div class="msg-body"><p>Hello &lt;there&gt;</p></div>\n'
        "          \n"
        '          <p class="delivery delivery-delivered" data-sms="'
    ) in page
    assert (
        ': <b>Delivered</b> at 15:17 — x&amp;y<br><small class="muted">“On &lt;my&gt; way”</small></p>\n'
        f'          <ul class="attachments"><li><a href="/attachments/{attachment.pk}/">📎 g&lt;a&gt;.jpg</a> '
        '<small class="muted">2.0\xa0KB</small></li></ul>\n'
        "        </li>"
    ) in page  # fmt: skip
    assert (
        f'<li class="msg msg-outbound" id="message-{reply.pk}">\n'
        '          <div class="msg-head">\n'
        "            <strong>Olga &lt;b&gt; &amp;Co</strong>\n"
    ) in page
    assert " at 15:17 — 550 &lt;bad&gt;</p>\n" in page
    assert '<p class="delivery delivery-failed">✉ Failed to ' in page


def test_each_kind_of_event_reads_as_the_template_wrote_it(case_with_everything, agent, as_user):
    case, _, _ = case_with_everything

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    for i, (*_, sentence) in enumerate(EVENTS):
        end = "          </span>" if sentence.endswith("\n") else ""
        assert f"<span>Olga &lt;b&gt; &amp;Co\n          {sentence}{end}" in page, sentence
        assert (
            f'<time datetime="2026-12-04T17:{17 + i}:09+00:00">Fri 4 Dec, 17:{17 + i}</time>'
            in page
        )


def test_a_german_desk_reads_the_timeline_in_german(case_with_everything, owner, agent, as_user):
    case, _, _ = case_with_everything
    update_business_profile(owner, language="de")

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "<strong>Absender nicht bestätigt.</strong>" in page
    assert "✉ Fehlgeschlagen an " in page
    assert "um 15:17 — 550 &lt;bad&gt;" in page
    assert "hat „Status“ von <b>Offen</b> auf <b>Gelöst</b> geändert" in page
    assert '<time datetime="2026-12-04T15:17:09+00:00">Fr 4 Dez 2026, 15:17</time>' in page


def test_an_empty_timeline_says_so():
    html = Template("{% load timeline_rows %}{% timeline_list timeline %}").render(
        Context({"timeline": []})
    )

    assert html == (
        '<ol>\n      \n        <li class="empty">Nothing has happened on this case yet.</li>'
        "\n      \n      </ol>"
    )

"""The parser on tricky mail: it reads what it can and never crashes."""

import base64
from datetime import UTC, datetime

import pytest

from rightthere.mail.headers import message_id_of
from rightthere.mail.parser import ParseError, parse_mail
from tests.mail.mails import fixture, make_mail


def test_plain_request_is_read_with_all_its_headers():
    mail = parse_mail(fixture("plain_request.eml"))

    assert mail.message_id == "plain-request-1@example.com"
    assert (mail.from_name, mail.from_address) == ("Jo Bloggs", "jo.bloggs@example.com")
    assert mail.to == ("support@rightthere.test",)
    assert mail.subject == "Boiler makes a banging noise"
    assert mail.date == datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
    assert "the boiler bangs every few minutes" in mail.text
    assert mail.displayed_text == mail.text
    assert not mail.is_automated


def test_reply_shows_only_new_text_and_keeps_the_full_text():
    mail = parse_mail(fixture("quoted_reply_signature.eml"))

    assert mail.displayed_text == "Thursday morning works for me, the side door will be open."
    assert "Could our technician come on Thursday morning?" in mail.text
    assert "12 Mill Lane" in mail.text
    assert mail.in_reply_to == "plain-request-1@example.com"
    assert mail.thread_ids == ["plain-request-1@example.com"]


def test_outlook_reply_drops_the_quoted_header_block_and_mobile_footer():
    mail = parse_mail(fixture("outlook_reply.eml"))

    assert mail.displayed_text == "Thanks, the refund of €50 arrived."
    assert "We have refunded the second charge." in mail.text


def test_forwarded_mail_keeps_what_was_forwarded():
    mail = parse_mail(fixture("forwarded.eml"))

    assert "The gate motor hums but does not open." in mail.displayed_text


def test_broken_encodings_are_read_as_well_as_possible():
    mail = parse_mail(fixture("broken_encodings.eml"))

    assert mail.from_name == "Björn"
    assert "café" in mail.subject
    assert mail.date is None
    assert "Hello, the heater is broken!" in mail.text
    assert "soft break" in mail.text
    assert [a.filename for a in mail.attachments] == ["quote.pdf"]


def test_missing_headers_leave_empty_values():
    mail = parse_mail(fixture("missing_headers.eml"))

    assert (mail.message_id, mail.subject, mail.date) == ("", "", None)
    assert mail.from_address == "lonely@example.net"
    assert mail.text.startswith("There is no subject")


def test_nested_multipart_finds_body_html_inline_image_and_attachments():
    mail = parse_mail(fixture("nested_multipart.eml"))

    assert mail.text == "The leak is under the sink, see the photo."
    assert "<b>under the sink</b>" in mail.html
    assert "script" not in mail.html
    assert "onclick" not in mail.html
    assert "color:red" not in mail.html
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("attachment.png", "image/png"),
        ("invoice.pdf", "application/pdf"),
        ("The earlier quote.eml", "message/rfc822"),
    ]
    assert "embedded message body" not in mail.text


def test_eight_bit_headers_are_decoded_as_utf8():
    mail = parse_mail(fixture("eight_bit_headers.eml"))

    assert mail.from_name == "Jürgen Müller"
    assert mail.subject == "Heizung fällt aus – dringend"
    assert mail.text == "Die Heizung fällt seit gestern aus."


def test_unknown_charset_falls_back_to_a_readable_text():
    mail = parse_mail(fixture("undecodable_charset.eml"))

    assert "résumé" in mail.text


def test_html_only_mail_gets_a_text_version_and_safe_html():
    mail = parse_mail(fixture("html_only.eml"))

    assert mail.text.startswith("Our fridge is warm since Sunday.")
    assert "<strong>warm</strong>" in mail.html
    assert "evil.example" not in mail.html
    assert "javascript:" not in mail.html


def test_calendar_invite_becomes_attachments():
    mail = parse_mail(fixture("calendar_invite.eml"))

    assert mail.text == "You are invited to a site visit on Thursday at 10:00."
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("invite.ics", "text/calendar"),
        ("invite.ics", "application/ics"),
    ]
    assert b"BEGIN:VEVENT" in mail.attachments[0].content


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("auto_reply.eml", "Auto-Submitted: auto-replied"),
        ("bounce.eml", "empty Return-Path (a bounce)"),
        ("list_mail.eml", "Precedence: list"),
    ],
)
def test_machine_mail_is_flagged_with_a_reason(name, reason):
    mail = parse_mail(fixture(name))

    assert mail.is_automated
    assert mail.automated_reason == reason


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"Auto-Submitted": "auto-generated"}, "Auto-Submitted: auto-generated"),
        ({"Precedence": "bulk"}, "Precedence: bulk"),
        ({"Precedence": "junk"}, "Precedence: junk"),
        ({"X-Autoreply": "yes"}, "X-Autoreply header"),
        ({"X-Autorespond": "yes"}, "X-Autorespond header"),
        ({"List-Id": "<tips.example.com>"}, "mailing list (List-Id header)"),
        ({"List-Unsubscribe": "<mailto:x@example.com>"}, "mailing list (List-Unsubscribe header)"),
        ({"Return-Path": "<>"}, "empty Return-Path (a bounce)"),
    ],
)
def test_loop_headers_mark_mail_as_automated(headers, reason):
    mail = parse_mail(make_mail(headers=headers))

    assert (mail.is_automated, mail.automated_reason) == (True, reason)


def test_auto_submitted_no_is_a_person():
    mail = parse_mail(make_mail(headers={"Auto-Submitted": "no"}))

    assert not mail.is_automated


@pytest.mark.parametrize(
    "sender", ["MAILER-DAEMON@mx.example.net", "postmaster@example.net", "noreply@shop.example"]
)
def test_daemon_and_no_reply_senders_are_automated(sender):
    mail = parse_mail(make_mail(sender=sender))

    assert mail.is_automated


def test_bounce_report_parts_become_attachments():
    mail = parse_mail(fixture("bounce.eml"))

    assert "could not be delivered" in mail.text
    assert [a.content_type for a in mail.attachments] == [
        "message/delivery-status",
        "message/rfc822",
    ]


def test_huge_attachment_is_read_whole():
    content = b"\x00\x01" * (13 * 1024 * 1024)  # 26 MB, above the default limit
    mail = parse_mail(make_mail(attachments=[("scan.tiff", "image/tiff", content)]))

    assert mail.attachments[0].size == len(content)
    assert mail.attachments[0].filename == "scan.tiff"


def test_references_and_in_reply_to_give_thread_ids_most_direct_first():
    mail = parse_mail(
        make_mail(in_reply_to="c@example.com", references="<a@example.com> <b@example.com>")
    )

    assert mail.references == ("a@example.com", "b@example.com")
    assert mail.thread_ids == ["c@example.com", "b@example.com", "a@example.com"]


@pytest.mark.parametrize("name", ["no_sender.eml", "garbage.eml"])
def test_mail_without_a_sender_is_a_parse_error(name):
    with pytest.raises(ParseError, match="no sender"):
        parse_mail(fixture(name))


def test_empty_input_is_a_parse_error():
    with pytest.raises(ParseError, match="empty"):
        parse_mail(b"  \r\n")


def test_nul_bytes_and_control_characters_are_removed():
    raw = b"From: a@example.com\nSubject: nul\x00 here\x07\n\nbody\x00 text\n"

    mail = parse_mail(raw)

    assert mail.subject == "nul here"
    assert mail.text == "body text"


def test_encoded_subject_and_base64_body_are_decoded():
    body = base64.b64encode("Ça marche très bien.".encode()).decode()
    raw = (
        "From: =?utf-8?q?Ren=C3=A9?= <rene@example.fr>\n"
        "Subject: =?iso-8859-1?q?R=E9paration?=\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n\n" + body + "\n"
    ).encode()

    mail = parse_mail(raw)

    assert (mail.from_name, mail.subject, mail.text) == (
        "René",
        "Réparation",
        "Ça marche très bien.",
    )


def test_message_id_is_read_from_headers_only():
    assert message_id_of(fixture("plain_request.eml")) == "plain-request-1@example.com"
    assert message_id_of(fixture("missing_headers.eml")) == ""
    assert message_id_of(b"Message-ID: bare-id@example.com\n\nbody") == "bare-id@example.com"

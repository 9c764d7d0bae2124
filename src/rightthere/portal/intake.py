"""What customers do without an account: write through the web form, reply on the status page."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, DateTimeField, GenericIPAddressField, Q, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Case, Channel, Direction, Kind, Message
from rightthere.core.compiled import Compiled, Param, compile_once, compiled
from rightthere.core.errors import InvalidInput
from rightthere.core.rows import insert_row
from rightthere.customers import phones
from rightthere.customers.actions import clean_address, contact_for_sender, fill_in_details
from rightthere.customers.language import (
    adopt_language,
    learnt_language,
    speaking_business_language,
)
from rightthere.desk.messages import add_customer_message, add_note
from rightthere.desk.opening import acknowledge_new_case_later, open_case
from rightthere.portal.links import status_path
from rightthere.portal.models import FormSubmission, StatusReply


class TooManySubmissions(InvalidInput):
    code = "rate_limited"
    http_status = 429


def _limits() -> tuple[int, timedelta]:
    conf = settings.RIGHTTHERE
    return conf.get("WEB_FORM_MAX_PER_IP", 5), timedelta(
        minutes=conf.get("WEB_FORM_WINDOW_MINUTES", 15)
    )


def check_rate_limit(ip_address: str) -> None:
    """Refuse a flood from one address; each attempt is recorded either way."""
    limit, window = _limits()
    recent = accepted_since(ip_address, timezone.now() - window)
    if recent >= limit:
        FormSubmission.objects.create(ip_address=ip_address, accepted=False)
        raise TooManySubmissions(
            gettext(
                "We have received several messages from your network in the last few minutes. "
                "Please wait a little and try again — nothing you sent before is lost."
            )
        )


def accepted_since(ip_address: str, since: datetime) -> int:
    """How many of the address's submissions since then were accepted."""
    counting = compile_once("web form submissions from an address", _accepted_since)
    with connection.cursor() as cursor:
        cursor.execute(*counting.bind({"address": ip_address, "since": since}))
        return int(cursor.fetchone()[0])


def _accepted_since() -> Compiled:
    """`FormSubmission.objects.filter(ip_address=..., created_at__gte=..., accepted=True)
    .count()`, compiled once (core.compiled, docs/speed-code.md row 22): building the
    count was ~1,000 of the contact form's ~13,000 Python calls per case opened (#23).
    Guard: tests/portal/test_web_form_reads.py."""
    accepted = FormSubmission.objects.filter(
        ip_address=Param("address", GenericIPAddressField()),
        created_at__gte=Param("since", DateTimeField()),
        accepted=True,
    ).values("pk")
    counted = compiled(accepted)
    # Django's own SQL, its values as parameters only.
    return Compiled(f"SELECT COUNT(*) FROM ({counted.sql}) submitted", counted.params)  # noqa: S608


@dataclass(frozen=True)
class SubmittedForm:
    case: Case
    status_path: str


def submit_web_form(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    ip_address: str,
    attachments: Sequence[NewAttachment] = (),
    address: str = "",
    phone: str = "",
    language: str = "",
) -> SubmittedForm:
    """Open a case from the public form, for a known or new customer; with its status
    link, made here for the page that thanks them and the acknowledgement, which the
    worker writes and mails once this commits (`acknowledge_new_case_later`).

    An address and a phone number (both optional) fill in what the customer's record
    lacks, so that a visit booked on the case goes there; one that differs from the
    record is left for the staff in a note on the case (`fill_in_details`). A too-long
    address or a phone number that is not one is refused before anything is stored.

    `language` is the one the form was shown in (the customer's browser's, when offered):
    a new customer, or a known one with none yet (`adopt_language`), gets it unless it
    is the business's, so the acknowledgement and the status page are in it; an explicit
    choice is kept."""
    clean_address(address)
    phones.normalise(phone)
    check_rate_limit(ip_address)  # outside the transaction: a refusal is recorded too
    with transaction.atomic():
        learnt = learnt_language(language)
        contact = contact_for_sender(name=name, email=email, language=learnt)
        adopt_language(contact, learnt)  # a known customer with none yet
        different = fill_in_details(contact, address=address, phone=phone) if (
            address.strip() or phone.strip()) else {}  # fmt: skip
        case = open_case(
            actor=None,
            subject=subject,
            customer=contact.customer,
            contact=contact,
            channel=Channel.WEB,
            kind=Kind.REQUEST,
            body_text=message,
            direction=Direction.INBOUND,
            attachments=attachments,
        )
        if different:
            add_note(case, actor=None, body_text=_other_details_note(different))
        insert_row(FormSubmission(ip_address=ip_address))  # core.rows: one plain INSERT
        path = status_path(case, new_case=True)
        acknowledge_new_case_later(case)
    return SubmittedForm(case, path)


def _other_details_note(different: dict[str, str]) -> str:
    """The staff's note (in the business's language) on details the form did not store."""
    with speaking_business_language():
        lines = [gettext("On the contact form the customer gave details that differ from "
                         "their record, which was left as it was:")]  # fmt: skip
        if "address" in different:
            lines.append(gettext("Address: %(address)s") % {"address": different["address"]})
        if "phone" in different:
            lines.append(
                gettext("Phone: %(phone)s") % {"phone": phones.readable(different["phone"])}
            )
        lines.append(gettext("If they have moved or changed number, update the customer's "
                             "page before booking a visit."))  # fmt: skip
        return "\n".join(lines)


class TooManyReplies(InvalidInput):
    code = "rate_limited"
    http_status = 429


def customer_reply(
    case: Case, *, text: str, attachments: Sequence[NewAttachment] = (), ip_address: str = ""
) -> Message:
    """The customer answers on their status page: a message from their contact.

    Anyone with the link can post without logging in, so replies are limited per
    case and per address: STATUS_REPLIES_PER_HOUR, and STATUS_UPLOAD_BYTES_PER_DAY of
    files. A refusal says so to the customer, keeps nothing, and tells staff once a
    day with a note on the case."""
    size = sum(len(a.content) for a in attachments)
    if ip_address:
        check_reply_limits(case, ip_address, size)
    with transaction.atomic():
        message = add_customer_message(
            case,
            actor=None,
            body_text=text,
            author_contact=case.contact,
            attachments=attachments,
        )
        if ip_address:
            StatusReply.objects.create(case=case, ip_address=ip_address, bytes=size)
    return message


def check_reply_limits(case: Case, ip_address: str, size: int) -> None:
    conf = settings.RIGHTTHERE
    per_hour, per_day = conf["STATUS_REPLIES_PER_HOUR"], conf["STATUS_UPLOAD_BYTES_PER_DAY"]
    now = timezone.now()
    hour, day = now - timedelta(hours=1), now - timedelta(days=1)
    accepted = StatusReply.objects.filter(accepted=True, created_at__gte=day)
    ours = Q(case=case) | Q(ip_address=ip_address)
    by = [accepted.filter(who).aggregate(
              replies=Count("pk", filter=Q(created_at__gte=hour)), stored=Sum("bytes"))
          for who in (Q(case=case), Q(ip_address=ip_address))]  # fmt: skip
    if any(counts["replies"] >= per_hour for counts in by):
        refusal = "replies"
    elif size and any((counts["stored"] or 0) + size > per_day for counts in by):
        refusal = "files"
    else:
        return
    reason = _refusal(refusal, per_hour, per_day)  # the customer's language (the page's)
    with speaking_business_language():  # the note is the staff's, in the business's language
        note = gettext(
            "The customer's status page refused a reply from %(address)s: %(said)s If the "
            "customer needs more, ask them to e-mail it. (Told once a day.)"
        ) % {"address": ip_address, "said": _refusal(refusal, per_hour, per_day)}
    refused_today = StatusReply.objects.filter(ours, accepted=False, created_at__gte=day).exists()
    StatusReply.objects.create(case=case, ip_address=ip_address, bytes=size, accepted=False)
    if not refused_today:
        add_note(case, actor=None, body_text=note)
    raise TooManyReplies(reason)


def _refusal(refusal: str, per_hour: int, per_day: int) -> str:
    if refusal == "replies":
        return gettext(
            "We have received %(count)s replies in the last hour here. Please wait an hour "
            "before writing again, or e-mail us — nothing you sent before is lost."
        ) % {"count": per_hour}
    return gettext(
        "Files here are limited to %(size)s a day, and this reply would go over it. Send the "
        "files by e-mail, or try again tomorrow."
    ) % {"size": filesizeformat(per_day)}

"""The instant acknowledgement of a new case: a person and a date, never "we'll get back to you"."""

from datetime import datetime

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rightthere.accounts.profile import business_name
from rightthere.cases.models import Case, Message
from rightthere.core import spoken
from rightthere.core.public_links import base_url
from rightthere.customers.language import speaking_to_case
from rightthere.outbox.compose import KnownMail, mail_known
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import status_url
from rightthere.portal.status import handler_name


@transaction.atomic(savepoint=False)
def acknowledge_new_case(
    case: Case,
    *,
    thread: tuple[str, list[str]] | None = None,
    picks_up_at: datetime | None = None,
    when_we_open: bool = False,
    status_path: str | None = None,
) -> Message | None:
    """Tell the customer we have their request, who handles it and by when.

    Called in the transaction that opened the case (mail intake, the web form).

    Skipped when there is no e-mail address to write to; the web form shows the
    same information on screen. The status link, the message and its e-mail are
    stored in one transaction (the caller's, when there is one). `thread` is the
    mail's In-Reply-To and References when the caller knows them (mail intake
    does: the mail that opened the case), else they are looked up. `picks_up_at`
    is when the person who has it is back at work, when that is later than now
    (`when_we_open`: because the desk is closed now), said in the message.
    `status_path`: the case's status link, when the caller made it (the web form shows
    it on its page); else it is made here.
    """
    if case.contact is None or not case.contact.email or case.first_response_due is None:
        return None
    base = base_url()
    link = base + status_path if status_path else status_url(case, base, new_case=True)
    with speaking_to_case(case):
        who = handler_name(case)
        text = render_to_string(
            "outbox/acknowledgement.txt",
            {
                "case": case,
                "first_name": case.contact.name.split(" ")[0] if case.contact.name else "",
                "promise": _who_answers_when(
                    who[:1].upper() + who[1:], case.first_response_due, picks_up_at, when_we_open
                ),
                "status_url": link,
            },
        ).strip()
        with mail_known(KnownMail(case.pk, link, thread)):
            return send_automatic_message(case, body_text=text, locked=True)  # opened just now


def text_acknowledgement(
    case: Case, *, picks_up_at: datetime | None = None, when_we_open: bool = False
) -> str:
    """The acknowledgement as a text (SMS) for a customer we reach only by phone: the
    same promise as the mail (who answers by when) and the status link, in their language."""
    assert case.first_response_due is not None  # the caller checks: a case waiting an answer
    link = status_url(case, base_url(), new_case=True)
    with speaking_to_case(case):
        who = handler_name(case)
        promise = _who_answers_when(who[:1].upper() + who[1:], case.first_response_due,
                                    picks_up_at, when_we_open)  # fmt: skip
        return _(
            "%(business)s: we have your request %(reference)s. %(promise)s Follow it here: "
            "%(link)s Reply STOP to stop texts."
        ) % {"business": business_name(), "reference": case.reference, "promise": promise,
             "link": link}  # fmt: skip


def _who_answers_when(
    who: str, due: datetime, picks_up_at: datetime | None, when_we_open: bool
) -> str:
    """The acknowledgement's promise: who answers by when, and when they pick it up
    if that is later than now ("Priya will answer you by Sunday 6 December at 21:32.")."""
    due = timezone.localtime(due)
    if picks_up_at is None:
        return _("%(who)s will answer you by %(day)s at %(time)s.") % {
            "who": who, "day": spoken.day(due), "time": spoken.clock_padded(due)
        }  # fmt: skip
    start = timezone.localtime(picks_up_at)
    at = {"day": spoken.day(start), "time": spoken.clock(start)}
    # Context: the words after "Priya will pick this up"; German puts them mid-sentence.
    if start.hour or start.minute:
        pick_up = (
            pgettext("acknowledgement: when they pick it up", "when we open on %(day)s at %(time)s")
            if when_we_open
            else pgettext("acknowledgement: when they pick it up", "on %(day)s at %(time)s")
        ) % at
    else:
        pick_up = (
            pgettext("acknowledgement: when they pick it up", "when we open on %(day)s")
            if when_we_open
            else pgettext("acknowledgement: when they pick it up", "on %(day)s")
        ) % at
    if due <= start:
        answer = _("that day")
    elif due.date() == start.date():
        answer = _("by %(time)s that day") % {"time": spoken.clock(due)}
    else:
        answer = _("by %(day)s at %(time)s") % {"day": spoken.day(due), "time": spoken.clock(due)}
    # Translators: "Priya will pick this up when we open on Monday 7 December at 8:00 and
    # answer you that day."
    return _("%(who)s will pick this up %(pick_up)s and answer you %(answer)s.") % {
        "who": who, "pick_up": pick_up, "answer": answer
    }  # fmt: skip

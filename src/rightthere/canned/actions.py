"""Saving, deleting and checking canned replies, and the send-time placeholder check.

The web form and the API both save through `save_canned_reply`, so the same
rules hold everywhere: known placeholders only, the reply check on the wording
(findings block the save unless the author chooses to keep them), and the
right to save to the chosen scope.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import Team, User
from rightthere.canned.access import check_can_change, check_scope
from rightthere.canned.models import MAX_BODY_CHARS, MAX_TITLE_CHARS, CannedReply, Scope
from rightthere.canned.placeholders import TOKEN, suggestion_for, unfilled, unknown_names
from rightthere.coach.actions import check_draft
from rightthere.coach.check import Finding, date_phrase
from rightthere.core.errors import CaseError, InvalidField, InvalidInput

# Placeholders that become dates: the reply check must see a date there, or
# "we'll call you by {promise.due}" would count as a vague commitment.
DATE_PLACEHOLDERS = ("case.first_response_due", "case.resolution_due", "promise.due")


class UnknownPlaceholder(InvalidInput):
    code = "unknown_placeholder"
    http_status = 422

    def __init__(self, names: list[str]) -> None:
        hints = []
        for name in names:
            close = suggestion_for(name)
            hints.append(
                f"{{{name}}}"
                + (
                    gettext(" (did you mean %(close)s?)") % {"close": f"{{{close}}}"}
                    if close
                    else ""
                )
            )
        super().__init__(
            ngettext(
                "Unknown placeholder: %(hints)s. "
                "Use one from the list of placeholders, or remove the braces.",
                "Unknown placeholders: %(hints)s. "
                "Use one from the list of placeholders, or remove the braces.",
                len(names),
            )
            % {"hints": ", ".join(hints)}
        )
        self.names = names


class UnfilledPlaceholder(InvalidInput):
    """A reply still holds a `{placeholder}` the case had no value for."""

    code = "unfilled_placeholder"
    http_status = 422

    def __init__(self, names: list[str]) -> None:
        listed = ", ".join(f"{{{name}}}" for name in names)
        super().__init__(
            gettext("Fill in %(names)s before sending: the customer would see it as it is.")
            % {"names": listed}
        )
        self.names = names


class ReplyCheckFindings(CaseError):
    """The wording has reply-check findings and the author did not choose to keep them."""

    code = "reply_check"
    http_status = 422

    def __init__(self, findings: list[Finding]) -> None:
        listed = "; ".join((f"“{f.text}”: " if f.text else "") + f"{f.label}" for f in findings)
        count = len(findings)
        super().__init__(
            ngettext(
                "The reply check found %(count)s thing to look at (%(listed)s). "
                "Change the wording, or save anyway to keep it.",
                "The reply check found %(count)s things to look at (%(listed)s). "
                "Change the wording, or save anyway to keep it.",
                count,
            )
            % {"count": count, "listed": listed}
        )
        self.findings = findings


def refuse_unfilled(text: str) -> None:
    """Raise UnfilledPlaceholder when a message to a customer still has a known `{name}`."""
    names = unfilled(text)
    if names:
        raise UnfilledPlaceholder(names)


def wording_findings(body: str) -> list[Finding]:
    """The reply check's flags on a canned body, with date placeholders read as a date and
    the others left out: names and references are not wording, and "{agent.first_name}"
    read as the words "agent first name" made a sign-off look like a sentence to the
    learned scorer. (Its softer suggestions do not stop a reply being saved.)"""
    today = date_phrase(timezone.localdate())
    sample = TOKEN.sub(lambda m: today if m.group(1) in DATE_PLACEHOLDERS else "", body)
    return check_draft(sample, complaint=False, flags_only=True)


def _clean_text(value: str, *, field: str, limit: int) -> str:
    value = value.replace("\r\n", "\n").strip()
    nul, empty, too_long = _text_problems(field)
    if "\x00" in value:
        raise InvalidField(field, nul)
    if not value:
        raise InvalidField(field, empty)
    if len(value) > limit:
        raise InvalidField(field, too_long % {"count": limit})
    return value


def _text_problems(field: str) -> tuple[str, str, str]:
    """The title's and the text's refusals, each a whole sentence to translate."""
    if field == "title":
        return (
            gettext("The title must not contain NUL characters."),
            gettext("Give the reply a title."),
            gettext("Keep the title to at most %(count)s characters."),
        )
    return (
        gettext("The text must not contain NUL characters."),
        gettext("Give the reply a text."),
        gettext("Keep the text to at most %(count)s characters."),
    )


def _shared_as(reply: CannedReply) -> str:
    """ "desk-wide" or "Front desk team's" for the settings change log; "" for a personal one."""
    if reply.owner_id is not None:
        return ""
    return f"{reply.team.name} team's" if reply.team is not None else "desk-wide"


@transaction.atomic
def save_canned_reply(
    actor: User,
    *,
    reply: CannedReply | None = None,
    title: str,
    body: str,
    scope: str = Scope.PERSONAL,
    team: Team | None = None,
    save_anyway: bool = False,
    now: datetime | None = None,
) -> CannedReply:
    """Create (reply=None) or change a canned reply.

    Refuses unknown placeholders, scopes the actor may not save to, and wording
    with reply-check findings unless `save_anyway` (then the count is kept so
    the list shows it).
    """
    if reply is not None:
        check_can_change(actor, reply)
    check_scope(actor, scope, team)
    title = _clean_text(title, field="title", limit=MAX_TITLE_CHARS)
    body = _clean_text(body, field="body", limit=MAX_BODY_CHARS)
    unknown = unknown_names(body)  # the title is a label for the picker, never filled
    if unknown:
        raise UnknownPlaceholder(unknown)
    findings = wording_findings(body)
    if findings and not save_anyway:
        raise ReplyCheckFindings(findings)
    now = now or timezone.now()
    shared_before = _shared_as(reply) if reply is not None else ""
    if reply is None:
        reply = CannedReply(created_by=actor, created_at=now)
    if scope == Scope.PERSONAL:
        reply.owner = reply.owner if reply.owner_id is not None else actor
        reply.team = None
    else:
        reply.owner = None
        reply.team = team if scope == Scope.TEAM else None
    reply.title, reply.body = title, body
    reply.updated_by, reply.updated_at = actor, now
    reply.reply_check_findings = len(findings)
    adding = reply.pk is None
    reply.save()
    # Team and desk-wide replies are the desk's set-up: each change is in the change log.
    shared = _shared_as(reply) or shared_before
    if shared:
        kept = f" (kept despite {len(findings)} reply-check finding(s))" if findings else ""
        record_change(actor, "canned", f"{'Added' if adding else 'Changed'} the {shared} "
                      f"canned reply “{reply.title}”{kept}.")  # fmt: skip
    return reply


@transaction.atomic
def delete_canned_reply(actor: User, reply: CannedReply) -> None:
    """Delete a reply the actor may change (messages already sent keep their text)."""
    check_can_change(actor, reply)
    shared = _shared_as(reply)
    if shared:
        record_change(actor, "canned", f"Removed the {shared} canned reply “{reply.title}”.")
    reply.delete()

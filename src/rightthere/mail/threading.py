"""Which case a reply belongs to, from the Message-IDs it answers.

`case_for_message_ids` is the one place that maps Message-IDs to cases: the
mail we received (InboundMail) and the mail we sent (outbox.OutboundMail),
whose Message-IDs customers' mail programs quote back in In-Reply-To and
References.
"""

from collections.abc import Sequence

from rightthere.cases.models import Case
from rightthere.mail.models import InboundMail
from rightthere.merging.aliases import surviving_case


def _from_inbound(ids: Sequence[str]) -> dict[str, int | None]:
    return dict(
        InboundMail.objects.filter(message_id__in=ids, case__isnull=False).values_list(
            "message_id", "case_id"
        )
    )


def _from_outbound(ids: Sequence[str]) -> dict[str, int | None]:
    from rightthere.outbox.models import OutboundMail  # outbox builds on cases, as mail does

    # The outbox stores its ids with the angle brackets; ours are without.
    found = OutboundMail.objects.filter(mail_message_id__in=[f"<{i}>" for i in ids])
    return {
        mid.strip("<>"): case_id for mid, case_id in found.values_list("mail_message_id", "case_id")
    }


def _cases_by_message_id(ids: Sequence[str]) -> dict[str, int | None]:
    """Message-ID -> case id, for every id we know (our own mail first)."""
    return {**_from_inbound(ids), **_from_outbound(ids)}


def case_for_message_ids(ids: Sequence[str]) -> Case | None:
    """The case of the first id (the most direct parent first) that belongs to one.

    Ids are Message-IDs without angle brackets, as `ParsedMail.thread_ids` gives them.
    """
    wanted = [i for i in dict.fromkeys(ids) if i]
    if not wanted:
        return None
    known = _cases_by_message_id(wanted)
    for message_id in wanted:
        case_id = known.get(message_id)
        if case_id is not None:
            # A merged case's mail moves to its survivor; follow the alias in case a
            # reply names a case merged since (or one whose mail was kept there).
            return surviving_case(Case.objects.filter(pk=case_id).first())
    return None

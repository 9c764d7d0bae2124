"""Which case a reply belongs to, from the Message-IDs it answers.

`case_id_for_message_ids` is the one place that maps Message-IDs to cases: the
mail we received (InboundMail) and the mail we sent (outbox.OutboundMail),
whose Message-IDs customers' mail programs quote back in In-Reply-To and
References; then, for a mail that answers none of those, the ids other apps
know from before (`earlier_ids`: the mail of cases imported from another desk,
rightthere.moving_in, which registers its lookup when the app is ready).
"""

from collections.abc import Callable, Sequence

from rightthere.mail.statements import cases_by_message_id

# The most direct parents are enough; a mail quoting thousands of ids is not
# looked up by all of them.
MAX_IDS = 50

# Lookups of Message-IDs from before Rightthere: ids -> {id: case id}.
earlier_ids: list[Callable[[Sequence[str]], dict[str, int]]] = []


def case_id_for_message_ids(ids: Sequence[str]) -> int | None:
    """The case of the first id (the most direct parent first) that belongs to one.

    Ids are Message-IDs without angle brackets, as `ParsedMail.thread_ids` gives
    them. The case may since have been merged into another: `live_case` follows.
    """
    wanted = [i for i in dict.fromkeys(ids) if i][:MAX_IDS]
    if not wanted:
        return None
    known = cases_by_message_id(wanted)
    found = next((known[i] for i in wanted if known.get(i) is not None), None)
    for lookup in earlier_ids if found is None else ():
        known = lookup(wanted)
        found = next((known[i] for i in wanted if known.get(i) is not None), None)
        if found is not None:
            break
    return found

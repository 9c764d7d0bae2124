"""Which imported case a Message-ID from the other desk belongs to (for mail intake)."""

from collections.abc import Sequence

from rightthere.moving_in.models import EarlierMessageId


def cases_by_earlier_id(ids: Sequence[str]) -> dict[str, int]:
    return dict(
        EarlierMessageId.objects.filter(message_id__in=list(ids)).values_list(
            "message_id", "case_id"
        )
    )

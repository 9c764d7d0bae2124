"""How a person wants each kind of notification delivered."""

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.core.errors import InvalidInput
from rightthere.notifications.models import (
    Delivery,
    NotificationKind,
    NotificationPreference,
    default_delivery,
)


def preferences_of(user: User) -> dict[str, str]:
    """Every kind, in the order of `NotificationKind`, with its delivery."""
    saved = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery")
    )
    return {kind: saved.get(kind, default_delivery(kind)) for kind in NotificationKind.values}


def check_preferences(choices: Mapping[str, str]) -> dict[str, str]:
    """Refuse an unknown kind or delivery, naming each; returns the choices as given."""
    problems = [gettext("There is no kind of notification “%(kind)s”.") % {"kind": kind}
                for kind in choices if kind not in NotificationKind.values]  # fmt: skip
    problems += [gettext("“%(how)s” is not a way to deliver %(kind)s; choose one of %(ways)s.")
                 % {"how": how, "kind": kind, "ways": ", ".join(Delivery.values)}
                 for kind, how in choices.items()
                 if kind in NotificationKind.values and how not in Delivery.values]  # fmt: skip
    if problems:
        raise InvalidInput(" ".join(problems))
    return dict(choices)


@transaction.atomic
def save_preferences(user: User, choices: Mapping[str, str]) -> dict[str, str]:
    """Save the person's choice for the kinds given (others stay as they were); returns
    every kind's delivery. Nothing is saved if any choice is wrong."""
    checked = check_preferences(choices)
    for kind, delivery in checked.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
    return preferences_of(user)

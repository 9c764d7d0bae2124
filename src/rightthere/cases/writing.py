"""What every action on a case shares: permission checks, the row lock and the
new version (events are written by `cases.events`). Used by `actions` (opening a case,
messages, status) and `header` (assignee, priority, team, kind, subject, tags).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import cast

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from rightthere.accounts import roles
from rightthere.accounts.models import Role, User
from rightthere.cases.models import OPEN_STATUSES, Case, Tag
from rightthere.core.errors import InvalidInput, NotAllowed, StaleVersion
from rightthere.core.rows import update_row


def check_manager(actor: User | None) -> None:
    roles.check_manager(actor)


def check_worker(actor: User | None, case: Case, refusal: str | None = None) -> None:
    """Refuse a person who may not work on this case (`cases.access.can_work_on`)."""
    if actor is None:
        return
    from rightthere.cases.access import can_work_on

    if not can_work_on(actor, case):
        raise NotAllowed(refusal or gettext("You cannot work on this case."))


def check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != case.version:
        raise StaleVersion(case.version)


# The names check_choice's callers give, as a person reads them in the refusal.
_CHOICE_LABELS = {
    "channel": gettext_lazy("channel"),
    "kind": gettext_lazy("kind"),
    "priority": gettext_lazy("priority"),
    "status": gettext_lazy("status"),
    "message direction": gettext_lazy("message direction"),
}


def check_choice(value: str, choices: type[models.TextChoices], label: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            gettext("Unknown %(label)s '%(value)s'. Use one of: %(allowed)s.")
            % {"label": _CHOICE_LABELS.get(label, label), "value": value,
               "allowed": ", ".join(choices.values)}
        )  # fmt: skip
    return value


def touch(case: Case, fields: Sequence[str], at: datetime | None = None) -> None:
    """Write the changed fields with a new version, as one plain UPDATE (every
    message takes this path; Case has no save() of its own nor signals)."""
    case.version += 1
    case.updated_at = at or timezone.now()
    update_row(case, [*fields, "version", "updated_at"])


def next_due(case: Case) -> datetime | None:
    if case.status not in OPEN_STATUSES:
        return None
    if case.first_responded_at is None:
        return case.first_response_due
    return case.resolution_due


_HELD_RELATIONS = ("customer", "contact", "assignee", "team", "partner")


def lock_case(case: Case) -> Case:
    """Re-read the case under a row lock so concurrent writers queue up.

    The related objects the caller already holds (its customer, contact...) are
    kept when the re-read row still points to them, so that what runs next (the
    reply's e-mail, say) does not read them again."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    for name in _HELD_RELATIONS:
        relation = cast(models.ForeignKey, Case._meta.get_field(name))
        held = relation.get_cached_value(case, default=None)
        if held is not None and getattr(locked, relation.attname) == held.pk:
            relation.set_cached_value(locked, held)
    return locked


def check_assignable(assignee: User) -> None:
    if not assignee.is_active:
        raise InvalidInput(
            gettext("%(name)s is not an active user.") % {"name": assignee.display_name}
        )
    if assignee.role == Role.SUBCONTRACTOR and assignee.partner_id is None:
        raise InvalidInput(
            gettext("%(name)s has no partner company set.") % {"name": assignee.display_name}
        )


def clean_tags(names: Iterable[str]) -> list[str]:
    cleaned = []
    for name in names:
        tag = name.strip().lower().replace(" ", "-").replace("\x00", "")
        if not tag:
            continue
        if len(tag) > 50:
            raise InvalidInput(
                gettext("The tag %(tag)s… is too long (at most 50 characters).")
                % {"tag": repr(tag[:20])}
            )
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def tag_objects(names: list[str]) -> list[Tag]:
    """The tags of these names, created when new (one query when they all exist)."""
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [existing.get(name) or Tag.objects.get_or_create(name=name)[0] for name in names]

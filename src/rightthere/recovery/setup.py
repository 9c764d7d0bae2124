"""Setting up root causes: the owner's list of why things go wrong, chosen at the
improvement step of a complaint's recovery.

The Root causes screen and the API call these functions; each change is in the
set-up history.
"""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.recovery.models import RootCause


def _name(cause: RootCause, name: str) -> str:
    name = name.replace("\x00", "").strip()
    if not name:
        raise InvalidField("name", gettext("Give the root cause a name, e.g. Vendor."))
    if len(name) > 100:
        raise InvalidField("name", gettext("A root cause is at most 100 characters."))
    if RootCause.objects.filter(name__iexact=name).exclude(pk=cause.pk).exists():
        raise InvalidField(
            "name", gettext("There is already a root cause called %(name)s.") % {"name": repr(name)}
        )
    return name


def add_root_cause(actor: User | None, *, name: str) -> RootCause:
    """A new reason, at the end of the list."""
    check_owner(actor, gettext("set up root causes"))
    cause = RootCause()
    cause.name = _name(cause, name)
    last = RootCause.objects.order_by("-position").values_list("position", flat=True).first()
    cause.position = (last or 0) + 1
    with transaction.atomic():
        cause.save()
        record_change(actor, "root_causes", f"Added the root cause {cause.name}.")
    return cause


def change_root_cause(
    actor: User | None, cause: RootCause, *, name: str, active: bool = True
) -> RootCause:
    """Rename a root cause, or hide it from the list (past complaints keep it)."""
    check_owner(actor, gettext("change root causes"))
    before = cause.name
    cause.name = _name(cause, name)
    cause.active = active
    with transaction.atomic():
        cause.save(update_fields=["name", "active"])
        said = f"renamed from {before!r}, " if before != cause.name else ""
        offered = "offered" if active else "hidden from the list"
        record_change(
            actor, "root_causes", f"Changed the root cause {cause.name}: {said}{offered}."
        )
    return cause


def delete_root_cause(actor: User | None, cause: RootCause) -> None:
    """Remove a root cause no complaint or improvement uses; one in use can only be hidden."""
    check_owner(actor, gettext("remove root causes"))
    used = cause.recoveries.count() + cause.improvements.count()
    if used:
        raise InvalidInput(
            gettext(
                "%(name)s is the root cause of %(used)s complaint(s) or improvement(s): "
                "hide it instead (untick 'Offered'), so their history keeps it."
            )
            % {"name": repr(cause.name), "used": used}
        )
    try:
        with transaction.atomic():
            record_change(actor, "root_causes", f"Removed the root cause {cause.name}.")
            cause.delete()
    except ProtectedError as error:  # e.g. recorded as the root cause of a field visit's return
        raise InvalidInput(
            gettext(
                "%(name)s is the root cause of %(used)s recorded visit(s) or other records: "
                "hide it instead (untick 'Offered'), so their history keeps it."
            )
            % {"name": repr(cause.name), "used": len(error.protected_objects)}
        ) from error

"""The first run of a fresh install: create the owner and name the business, then a
short guided path through the set-up (hours, how customers reach you, outgoing mail,
the team). The web path (first_run_views) and `rightthere init` call these functions.
Steps skipped come back as to-dos on the Set-up page (gaps.py reads what is missing)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rightthere.accounts.models import Role, User
from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.setup import add_person
from rightthere.core.errors import InvalidField, InvalidInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def needs_first_run() -> bool:
    """A fresh install: nobody can log in yet."""
    return not User.objects.exists()


@dataclass(frozen=True)
class Step:
    key: str
    title: "StrOrPromise"
    why: "StrOrPromise"
    url_name: str
    set_up: "StrOrPromise"  # the button to the step's screen


STEPS = [
    Step("hours", _("Business hours"),
         _("Due times count only when you are open, so a Friday-evening mail is not overdue "
           "on Saturday."), "settings_hours", _("Set up business hours")),
    Step("reach", _("How customers reach you"),
         _("A mailbox the desk reads turns every customer mail into a case; or customers use "
           "your contact form only."), "settings_mail", _("Set up how customers reach you")),
    Step("outgoing", _("Outgoing mail"),
         _("Without a mail server, acknowledgements and replies wait in the outbox."),
         "settings_mail", _("Set up outgoing mail")),
    Step("team", _("Invite your team"),
         _("Agents and technicians get their own log-in; work can be shared and covered."),
         "settings_team", _("Set up invite your team")),
]  # fmt: skip


def create_first_owner(
    *,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    business_name: str,
    time_zone: str = "",
    language: str = "",
) -> User:
    """The install's first person, an owner, and the business's name, time zone and
    language. Refused once anyone exists (then owners add people on Team and users)."""
    if not password:
        raise InvalidField("password", gettext("Choose a password: you log in with it."))
    if not business_name.strip():
        raise InvalidField("business_name", gettext("Give your business a name: customers see it."))
    with transaction.atomic():
        if User.objects.select_for_update().exists():
            raise InvalidInput(gettext("This desk already has people; log in as its owner."))
        try:
            owner = add_person(None, username=username, role=Role.OWNER, email=email,
                               first_name=first_name, last_name=last_name,
                               password=password)  # fmt: skip
        except InvalidField:
            raise  # the password's own problems name their field
        except InvalidInput as error:
            raise InvalidField("username", error.message) from error
        profile: dict[str, Any] = {"name": business_name}
        if time_zone:
            profile["time_zone"] = time_zone
        if language:
            profile["language"] = language
        try:
            update_business_profile(owner, **profile)
        except InvalidField as error:
            raise InvalidField("business_name" if error.field == "name" else error.field,
                               error.message) from error  # fmt: skip
    return owner

"""rightthere two-factor --require nobody|owners|managers | --turn-off USER --as OWNER."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts import two_factor
from rightthere.accounts.models import TwoFactorRule, User
from rightthere.core.errors import CaseError


def _user(name: str) -> User:
    user = User.objects.filter(username=name).first()
    if user is None:
        raise CommandError(f"There is no user called {name!r}.")
    return user


class Command(BaseCommand):
    help = (
        "Show who must use two-factor log-in; --require sets it (an owner's choice), "
        "--turn-off USER removes a person's authenticator and recovery codes (lost phone)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--require", choices=TwoFactorRule.values)
        parser.add_argument("--turn-off", metavar="USER")
        parser.add_argument("--as", dest="actor", metavar="OWNER", help="the owner doing it")

    def handle(self, *args: Any, **options: Any) -> None:
        needs_owner = options["require"] or options["turn_off"]
        actor = _user(options["actor"]) if options["actor"] else None
        if needs_owner and actor is None:
            raise CommandError("Say which owner does this: --as USERNAME.")
        try:
            if options["require"]:
                two_factor.set_policy(actor, options["require"])
            if options["turn_off"]:
                assert actor is not None
                two_factor.turn_off(actor, _user(options["turn_off"]))
                self.stdout.write(f"Two-factor log-in turned off for {options['turn_off']}.")
        except CaseError as error:
            raise CommandError(error.message) from error
        policy = two_factor.policy()
        self.stdout.write(
            f"Two-factor log-in required for: {policy.get_require_two_factor_display()}"
        )

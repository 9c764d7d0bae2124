"""rightthere visit_day offer|on-my-way|running-late|reminders ...: the customer's side of
a visit, as the case page, My day, the API and the periodic job do it.

    offer CASE_REF_OR_ID --as USER [--skill NAME] [--minutes 60]   let the customer choose
    on-my-way VISIT_ID --as USER --eta MINUTES                     tell them you set off
    running-late VISIT_ID --as USER --minutes MINUTES              move the window, tell them
    reminders                                                      send the day-before reminders
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.core.errors import CaseError
from rightthere.desk import visit_choice as desk_visit_choice
from rightthere.desk import visit_day as desk_visit_day
from rightthere.field.access import access_visit
from rightthere.field.models import Skill


def _user(username: str | None) -> User:
    if not username:
        raise CommandError("Say who does it with --as USERNAME.")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"There is no active user '{username}'.")
    return user


def _number(text: str) -> int:
    if not text.isdecimal() or len(text) > 18:
        raise CommandError(f"'{text}' is not an id.")
    return int(text)


class Command(BaseCommand):
    help = "Offer the customer visit times, say you are on your way or late, send reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["offer", "on-my-way", "running-late", "reminders"])
        parser.add_argument("target", nargs="?", default="",
                            help="offer: the case's id; on-my-way, running-late: the visit's id.")  # fmt: skip
        parser.add_argument("--as", dest="username", help="Who does it.")
        parser.add_argument("--skill", default="", help="offer: the skill's name.")
        parser.add_argument("--minutes", type=int, default=None,
                            help="offer: the visit's length (60); running-late: the delay.")  # fmt: skip
        parser.add_argument("--eta", type=int, default=None,
                            help="on-my-way: minutes until you are there.")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "reminders":
                sent = desk_visit_day.send_visit_reminders()["visit_reminders"]
                self.stdout.write(f"{sent} reminder(s) sent.")
            elif action == "offer":
                self._offer(options)
            else:
                self._on_the_day(action, options)
        except CaseError as error:
            raise CommandError(error.message) from error

    def _offer(self, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        try:
            case = access_case(user, _number(options["target"]))
        except Http404 as error:
            raise CommandError(f"There is no case {options['target']} that you can see.") from error
        skill = None
        if options["skill"]:
            skill = Skill.objects.filter(name=options["skill"]).first()
            if skill is None:
                raise CommandError(f"There is no skill '{options['skill']}'.")
        desk_visit_choice.offer_visit_slots(case, actor=user, skill=skill,
                                            duration_minutes=options["minutes"] or 60)  # fmt: skip
        self.stdout.write(
            f"{case.reference}: the customer has the free times and chooses on their status page."
        )

    def _on_the_day(self, action: str, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        try:
            visit = access_visit(user, _number(options["target"]))
        except Http404 as error:
            raise CommandError(
                f"There is no visit {options['target']} that you can see."
            ) from error
        if action == "on-my-way":
            if options["eta"] is None:
                raise CommandError(
                    "Give the minutes until you are there with --eta, e.g. --eta 20."
                )
            set_off = desk_visit_day.set_off_to_visit(visit, actor=user, eta_minutes=options["eta"])
            visit = set_off.visit
            at = timezone.localtime(visit.expected_at) if visit.expected_at else None
            told = ("the customer has been told." if set_off.told
                    else "the customer already knew; nothing was sent again.")  # fmt: skip
            self.stdout.write(f"Visit {visit.pk}: on the way, there at about {at:%H:%M}; {told}")
        else:
            if options["minutes"] is None:
                raise CommandError("Give the delay with --minutes, e.g. --minutes 30.")
            visit = desk_visit_day.report_running_late(
                visit, actor=user, minutes=options["minutes"]
            )
            start = timezone.localtime(visit.starts_at)
            self.stdout.write(f"Visit {visit.pk}: now starts at {start:%H:%M}; "
                              "the customer has been told.")  # fmt: skip

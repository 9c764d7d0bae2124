"""`rightthere automation`: automation rules from the command line, through the same
functions as the Automation rules screen and the API (automation.setup). Acts as the desk,
or as an owner with --as (named in the settings change log).

    rightthere automation list
    rightthere automation vocabulary
    rightthere automation add --name "Reviews to the owner" --when case_opened \\
        --if channel:is:review --then tag:review --then assign:1
    rightthere automation add --name "No answer" --when no_reply --wait 120 --then priority:high
    rightthere automation preview --when case_opened --if channel:is:review
    rightthere automation on 3 | off 3 | up 3 | down 3 | remove 3
    rightthere automation run-timers    # the worker does this every minute
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.automation import setup
from rightthere.automation.models import Rule, Trigger
from rightthere.automation.vocabulary import ACTION_TYPES, CONDITION_FIELDS, OPERATORS
from rightthere.core.errors import CaseError, InvalidField


def _condition(text: str) -> dict[str, str]:
    parts = text.split(":", 2)
    if len(parts) < 2:
        raise CommandError(f"--if {text!r}: write field:op:value, e.g. channel:is:review.")
    return {"field": parts[0], "op": parts[1], "value": parts[2] if len(parts) > 2 else ""}


def _action(text: str) -> dict[str, str]:
    kind, _, value = text.partition(":")
    return {"type": kind, "value": value}


class Command(BaseCommand):
    help = "Set up automation rules, try them on recent cases, run the time-based ones."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every rule, in the order they run")
        sub.add_parser("vocabulary", help="what a rule can test and do")
        for name, helptext in (("add", "a new rule, run after the others"),
                               ("preview", "which of the last 100 cases would match")):  # fmt: skip
            each = sub.add_parser(name, help=helptext)
            if name == "add":
                each.add_argument("--name", required=True)
                each.add_argument("--wait", help="business minutes, for --when no_reply")
                each.add_argument("--then", action="append", default=[], required=True,
                                  help="type:value, e.g. tag:review (in order)")  # fmt: skip
                each.add_argument("--off", action="store_true", help="saved switched off")
            each.add_argument("--when", required=True, choices=Trigger.values)
            each.add_argument("--if", dest="conditions", action="append", default=[],
                              help="field:op:value, e.g. channel:is:review (all must hold)")  # fmt: skip
            each.add_argument("--as", dest="owner", help="the owner's username")
        for name in ("on", "off", "up", "down", "remove"):
            each = sub.add_parser(name)
            each.add_argument("rule_id", type=int)
            each.add_argument("--as", dest="owner", help="the owner's username")
        sub.add_parser("run-timers", help="fire the time-based rules that are due now")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except InvalidField as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        except CaseError as exc:
            raise CommandError(exc.message) from exc

    def _owner(self, options: dict[str, Any]) -> User | None:
        if not options.get("owner"):
            return None
        found = User.objects.filter(username=options["owner"]).first()
        if found is None:
            raise CommandError(f"No user {options['owner']!r}.")
        return found

    def _rule(self, options: dict[str, Any]) -> Rule:
        found = Rule.objects.filter(pk=options["rule_id"]).first()
        if found is None:
            raise CommandError(f"No rule with id {options['rule_id']}.")
        return found

    def _list(self, options: dict[str, Any]) -> None:
        for n, rule in enumerate(Rule.objects.order_by("position", "id"), start=1):
            state = "on" if rule.active else "off"
            self.stdout.write(f"{n}. {rule.name} ({state}): {setup.describe_rule(rule)}"
                              f"  [id {rule.pk}]")  # fmt: skip

    def _vocabulary(self, options: dict[str, Any]) -> None:
        self.stdout.write("When (--when): " + ", ".join(Trigger.values))
        for spec in CONDITION_FIELDS.values():
            values = ", ".join(v for v, _ in spec.choices()) if spec.choices else "text"
            ops = "/".join(spec.operators)
            self.stdout.write(f"--if {spec.name}:{ops}:<{values}>   {spec.label}")
        for action in ACTION_TYPES.values():
            values = ", ".join(v for v, _ in action.choices()) if action.choices else "text"
            self.stdout.write(f"--then {action.name}" + (f":<{values}>" if action.needs_value
                                                          else "") + f"   {action.label}")  # fmt: skip
        self.stdout.write("Tests: " + ", ".join(f"{k} ({v})" for k, v in OPERATORS.items()))

    def _add(self, options: dict[str, Any]) -> None:
        made = setup.create_rule(
            self._owner(options), name=options["name"], trigger=options["when"],
            conditions=[_condition(c) for c in options["conditions"]],
            actions=[_action(a) for a in options["then"]], wait_minutes=options["wait"],
            active=not options["off"],
        )  # fmt: skip
        self.stdout.write(f"Added rule {made.pk} in place {made.position}: "
                          f"{setup.describe_rule(made)}")  # fmt: skip

    def _preview(self, options: dict[str, Any]) -> None:
        found = setup.preview_rule(self._owner(options), trigger=options["when"],
                                   conditions=[_condition(c) for c in options["conditions"]])  # fmt: skip
        self.stdout.write(f"{len(found.matched)} of the last {len(found.rows)} cases match "
                          "(nothing was changed):")  # fmt: skip
        for case in found.matched:
            self.stdout.write(f"  {case.reference}\t{case.get_channel_display()}\t{case.subject}")

    def _on(self, options: dict[str, Any]) -> None:
        setup.set_rule_active(self._owner(options), self._rule(options), True)

    def _off(self, options: dict[str, Any]) -> None:
        setup.set_rule_active(self._owner(options), self._rule(options), False)

    def _up(self, options: dict[str, Any]) -> None:
        setup.move_rule(self._owner(options), self._rule(options), up=True)

    def _down(self, options: dict[str, Any]) -> None:
        setup.move_rule(self._owner(options), self._rule(options), up=False)

    def _remove(self, options: dict[str, Any]) -> None:
        setup.delete_rule(self._owner(options), self._rule(options))

    def _run_timers(self, options: dict[str, Any]) -> None:
        from rightthere.desk.automation import run_time_rules

        self.stdout.write(str(run_time_rules()))

"""rightthere routing_rules list | add | change ID | remove ID  [--channel C] [--kind K]
[--customer ID] [--team NAME] [--pick-by round_robin|least_loaded]  (--as OWNER)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import Team, User
from rightthere.cases.models import Channel, Kind
from rightthere.core.errors import CaseError
from rightthere.insights import actions
from rightthere.insights.models import PickBy, RoutingRule
from rightthere.insights.routing import routing_rules


class Command(BaseCommand):
    help = (
        "Who gets new cases: list the routing rules (most specific first), add one, "
        "change one or remove one. Conditions left out match every case; without "
        "--team the case goes to all agents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "add", "change", "remove"])
        parser.add_argument("rule_id", nargs="?", type=int, help="the rule (change, remove)")
        parser.add_argument("--channel", choices=Channel.values, default="")
        parser.add_argument("--kind", choices=Kind.values, default="")
        parser.add_argument("--customer", type=int, metavar="ID", help="the customer's id")
        parser.add_argument("--team", metavar="NAME", help="the team's name")
        parser.add_argument("--pick-by", choices=PickBy.values, default=PickBy.ROUND_ROBIN)
        parser.add_argument("--as", dest="actor", metavar="OWNER", help="the owner doing it")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for rule in routing_rules():
                to = rule.team.name if rule.team else "all agents"
                self.stdout.write(f"{rule.pk}\t{rule.conditions}\t{to}\t{rule.pick_by}")
            return
        actor = User.objects.filter(username=options["actor"] or "").first()
        if actor is None:
            raise CommandError("Say which owner does this: --as USERNAME.")
        try:
            if action == "add":
                rule = actions.add_routing_rule(actor=actor, fields=self._fields(options))
                self.stdout.write(f"Added rule {rule.pk}: {rule.conditions}.")
                return
            rule = self._rule(options["rule_id"])
            if action == "change":
                actions.change_routing_rule(actor=actor, rule=rule, fields=self._fields(options))
                self.stdout.write(f"Changed rule {rule.pk}: {rule.conditions}.")
            else:
                said = f"Removed rule {rule.pk}: {rule.conditions}."
                actions.delete_routing_rule(actor=actor, rule=rule)
                self.stdout.write(said)
        except CaseError as error:
            raise CommandError(error.message) from error

    def _rule(self, rule_id: int | None) -> RoutingRule:
        rule = RoutingRule.objects.filter(pk=rule_id or 0).first()
        if rule is None:
            raise CommandError(
                f"There is no routing rule with id {rule_id}: see `routing_rules list`."
            )
        return rule

    def _fields(self, options: dict[str, Any]) -> actions.RuleFields:
        team_id = None
        if options["team"]:
            team = Team.objects.filter(name=options["team"]).first()
            if team is None:
                raise CommandError(f"There is no team named {options['team']!r}.")
            team_id = team.pk
        return actions.rule_fields(
            channel=options["channel"], kind=options["kind"], customer_id=options["customer"],
            team_id=team_id, pick_by=options["pick_by"],
        )  # fmt: skip

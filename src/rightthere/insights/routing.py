"""Routing a new case: the team and the person it goes to (called from desk.opening).

The rules are the owner's (`RoutingRule`); the most specific matching rule wins.
The person is the customer's own account owner when they are at work now; else
one of the rule's team (or of all agents) who is at work now, by round-robin or
least load; when nobody is, whoever of them is back first. "At work" is the
desk's opening hours (`cases.business_hours`), less a person's absences and the
days before they joined or after they left (`StaffRecord`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Max
from django.utils import timezone

from rightthere.accounts.models import Role, Team, User
from rightthere.cases.business_hours import next_opening
from rightthere.cases.models import OPEN_STATUSES, Case
from rightthere.core.config_cache import ConfigCache
from rightthere.customers.models import Customer
from rightthere.insights.models import Absence, PickBy, RoutingRule, StaffRecord

CASE_HANDLERS = (Role.OWNER, Role.AGENT)
LOOK_AHEAD_DAYS = 366


@dataclass(frozen=True)
class Route:
    team: Team | None
    person: User | None


def routing_rules() -> list[RoutingRule]:
    """Every rule, in the order they are tried: the most specific first."""
    rules = list(RoutingRule.objects.select_related("team", "customer"))
    return sorted(rules, key=lambda r: r.specificity, reverse=True)


_rules = ConfigCache(routing_rules, RoutingRule, Team)


def matching_rule(
    rules: Iterable[RoutingRule], *, channel: str, kind: str, customer_id: int | None
) -> RoutingRule | None:
    """The first rule (most specific first) whose conditions all hold; empty ones hold always."""
    for rule in rules:
        if (
            (not rule.channel or rule.channel == channel)
            and (not rule.kind or rule.kind == kind)
            and (rule.customer_id is None or rule.customer_id == customer_id)
        ):
            return rule
    return None


def _pool(rule: RoutingRule) -> list[User]:
    people = User.objects.filter(is_active=True).order_by("pk")
    if rule.team_id is not None:
        return list(people.filter(teams=rule.team_id, role__in=CASE_HANDLERS))
    return list(people.filter(role=Role.AGENT))


def start_times(people: Sequence[User], at: datetime) -> dict[int, datetime]:
    """When each person is next at work: `at` itself when they are at work now.
    People who have left, or are away for more than a year, are not in the answer."""
    if not people:
        return {}
    ids = [p.pk for p in people]
    today = timezone.localtime(at).date()
    away: dict[int, list[tuple[date, date]]] = {}
    for user_id, starts_on, ends_on in Absence.objects.filter(
        user_id__in=ids, ends_on__gte=today
    ).values_list("user_id", "starts_on", "ends_on"):
        away.setdefault(user_id, []).append((starts_on, ends_on))
    employed = {
        r.user_id: (r.started_on, r.ended_on)
        for r in StaffRecord.objects.filter(user_id__in=ids).only(
            "user_id", "started_on", "ended_on"
        )
    }
    starts = {}
    for person in people:
        moment = _first_day_at_work(at, away.get(person.pk, []), employed.get(person.pk))
        if moment is not None:
            starts[person.pk] = moment
    return starts


def _first_day_at_work(
    at: datetime, away: list[tuple[date, date]], employed: tuple[date, date | None] | None
) -> datetime | None:
    moment = next_opening(at)
    for _ in range(LOOK_AHEAD_DAYS):
        day = moment.date()
        if employed is not None and employed[1] is not None and day > employed[1]:
            return None
        joined = employed is None or employed[0] <= day
        if joined and not any(start <= day <= end for start, end in away):
            return moment
        tomorrow = datetime.combine(day + timedelta(days=1), time.min, tzinfo=moment.tzinfo)
        moment = next_opening(tomorrow)
    return None


def starts_work_at(person: User, at: datetime) -> datetime | None:
    """When `person` is next at work (`at` when they are now), or None if not within a year."""
    return start_times([person], at).get(person.pk)


def _pick(people: list[User], pick_by: str) -> User:
    """Round-robin: who was given a new case longest ago (never first); least loaded:
    who has the fewest open cases. Ties go to the person added first."""
    cases = Case.objects.filter(assignee__in=people).order_by().values("assignee")
    if pick_by == PickBy.LEAST_LOADED:
        load = dict(
            cases.filter(status__in=OPEN_STATUSES)
            .annotate(n=Count("pk"))
            .values_list("assignee", "n")
        )
        return min(people, key=lambda p: (load.get(p.pk, 0), p.pk))
    latest = dict(cases.annotate(last=Max("created_at")).values_list("assignee", "last"))
    never = datetime.min.replace(tzinfo=UTC)
    return min(people, key=lambda p: (latest.get(p.pk) or never, p.pk))


def _account_owner_at_work(customer: Customer, at: datetime) -> User | None:
    if customer.account_owner_id is None:
        return None
    owner = User.objects.filter(
        pk=customer.account_owner_id, is_active=True, role__in=CASE_HANDLERS
    ).first()
    if owner is None or starts_work_at(owner, at) != at:
        return None
    return owner


def route_new_case(
    *, channel: str, kind: str, customer: Customer, at: datetime, pick_person: bool = True
) -> Route:
    """The team and the person a new case goes to (either may be None)."""
    rule = matching_rule(_rules.get(), channel=channel, kind=kind, customer_id=customer.pk)
    team = rule.team if rule is not None else None
    if not pick_person:
        return Route(team, None)
    owner = _account_owner_at_work(customer, at)
    if owner is not None or rule is None:
        return Route(team, owner)
    pool = _pool(rule)
    starts = start_times(pool, at)
    if not starts:
        return Route(team, None)
    first_back = min(starts.values())
    return Route(team, _pick([p for p in pool if starts.get(p.pk) == first_back], rule.pick_by))
